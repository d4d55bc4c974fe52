"""The dashboards as people use them: who may open them, filters with clear errors, CSV exports, and the
one-click draft for a content gap."""

import pytest

from accounts import roles
from insights.views import DASHBOARDS
from kb.models import AnswerPage
from search.models import SearchLog
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def without_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = None  # the emerging-problems query itself is tested on the real node


@pytest.fixture
def lead_client(client, team_lead, home):
    client.force_login(team_lead)
    return client


@pytest.mark.parametrize("slug", [slug for slug, _label in DASHBOARDS])
def test_csrs_do_not_see_dashboards(csr_client, slug):
    assert csr_client.get(f"/insights/{slug}/").status_code == 403


@pytest.mark.parametrize("slug", [slug for slug, _label in DASHBOARDS])
def test_team_leads_see_every_dashboard(lead_client, slug):
    response = lead_client.get(f"/insights/{slug}/", HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 200
    assert 'id="insights-charts"' in response.content.decode()


def test_bad_filters_are_reported_and_defaults_used(lead_client):
    html = lead_client.get("/insights/questions/?start=2026-11-20&end=2026-11-01", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "La data di inizio è successiva alla data di fine." in html
    html = lead_client.get("/insights/questions/?start=ieri", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "form-error" in html


def test_tables_export_to_csv(lead_client):
    for number in range(3):  # a term is shown once three operators searched it (insights.content_gaps)
        SearchLog.objects.create(query="Roaming Svizzera", result_count=0, latency_ms=5, engine="database",
                                 user=make_user(f"op{number}", roles.CSR))
    response = lead_client.get("/insights/content-gaps/?export=no-result")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "roaming svizzera;3;3;0"
    assert lead_client.get("/insights/content-gaps/?export=nothing").status_code == 404


def test_content_owner_starts_a_draft_for_a_search_without_results(client, home):
    from kb.section_rights import section_owner_group
    from kb.site_tree import section_by_slug

    owner = make_user("redazione.procedure", roles.CONTENT_OWNER)
    owner.groups.add(section_owner_group(section_by_slug("procedure")))
    client.force_login(owner)
    # First the title, which a search typed in a hurry gets wrong: nothing is created yet.
    form = client.post("/insights/content-gaps/draft/", {"term": "roaming svizera"})
    assert form.status_code == 200 and 'value="Roaming svizera"' in form.content.decode()
    assert not AnswerPage.objects.exists()
    assert client.post("/insights/content-gaps/draft/", {"term": "roaming svizera", "title": "  "}).status_code == 400
    response = client.post("/insights/content-gaps/draft/", {"term": "roaming svizera", "title": "Roaming in Svizzera"})
    page = AnswerPage.objects.get(title="Roaming in Svizzera")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live and page.get_parent().slug == "procedure" and page.customer_question == "roaming svizera"


def test_a_team_lead_cannot_start_drafts(lead_client):
    response = lead_client.post("/insights/content-gaps/draft/", {"term": "roaming svizzera", "title": "Roaming"}, follow=True)
    assert not AnswerPage.objects.exists()
    assert response.status_code == 200
