"""What operators typed stays theirs: a search term reaches a dashboard or an export only once
SEARCH_TERM_MIN_USERS different operators searched it, the team filter offers only the viewer's own teams
(all of them to administrators), and the worker purges the search log after SEARCH_LOG_RETENTION_DAYS."""

import datetime

import pytest
from django.utils import timezone

from accounts import roles
from accounts.models import Team
from insights import emerging
from search import retention
from search.models import SearchClick, SearchLog
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PRIVATE = "mario rossi rssmra85t10a562s"


@pytest.fixture(autouse=True)
def without_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = None  # the trends index has its own test on the real node below


def searched(query, *users, days_ago=0):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    return [SearchLog.objects.create(user=user, query=query, result_count=0, latency_ms=3, engine="database", created_at=at)
            for user in users]


@pytest.fixture
def alone(db):
    """A team of one: filtering by it would show exactly what this operator searched."""
    user = make_user("operatore.solo", roles.CSR)
    Team.objects.create(name="Solo").members.add(user)
    return user


@pytest.fixture
def lead(team_lead, alone):
    Team.objects.get(name="Solo").members.add(team_lead)
    return team_lead


def test_a_term_one_operator_searched_is_shown_nowhere(client, lead, alone, home):
    searched(PRIVATE, alone, alone, alone)
    operators = [make_user(f"op{n}", roles.CSR) for n in range(3)]
    searched("roaming svizzera", *operators)
    client.force_login(lead)
    team = Team.objects.get(name="Solo").pk
    for query in ("", f"?team={team}"):
        html = client.get(f"/insights/content-gaps/{query}").content.decode()
        assert "mario rossi" not in html and "rssmra85t10a562s" not in html
    exports = [client.get(f"/insights/content-gaps/?export={table}").content.decode("utf-8-sig") for table in ("top", "no-result")]
    assert all("mario" not in export and "roaming svizzera;3;3;0" in export for export in exports)
    assert [term for term, _recent, _mean in emerging.rising_searches()] == ["roaming svizzera"]


def test_totals_still_count_every_search(client, lead, alone, home):
    searched(PRIVATE, alone)
    client.force_login(lead)
    response = client.get("/insights/content-gaps/", HTTP_ACCEPT_LANGUAGE="en")
    assert ("Searches", 1) in response.context["summary"]
    assert all(not table.rows for table in response.context["tables"])


def test_the_threshold_is_a_setting(client, lead, alone, home, settings):
    settings.SEARCH_TERM_MIN_USERS = 1
    searched(PRIVATE, alone)
    client.force_login(lead)
    assert PRIVATE in client.get("/insights/content-gaps/").content.decode()


def test_a_shared_term_is_exported_without_its_formula(client, lead, home):
    operators = [make_user(f"op{n}", roles.CSR) for n in range(3)]
    searched('=HYPERLINK("http://evil.example","x")', *operators)
    client.force_login(lead)
    export = client.get("/insights/content-gaps/?export=top").content.decode("utf-8-sig")
    assert export.splitlines()[1].startswith("\"'=hyperlink(")


def test_the_team_filter_offers_only_the_viewers_teams(client, team_lead, alone, home):
    other = Team.objects.get(name="Solo")  # the team lead is not in it
    own = Team.objects.create(name="Consumer Milano")
    own.members.add(team_lead)
    client.force_login(team_lead)
    response = client.get(f"/insights/content-gaps/?team={other.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert list(response.context["form"].fields["team"].queryset) == [own]
    assert "team" in response.context["form"].errors
    assert response.context["filters"].team is None
    assert client.get(f"/insights/content-gaps/?team={own.pk}").context["filters"].team == own


def test_administrators_may_pick_any_team(client, alone, home):
    admin = make_user("admin", roles.ADMINISTRATOR)
    team = Team.objects.get(name="Solo")
    client.force_login(admin)
    assert client.get(f"/insights/content-gaps/?team={team.pk}").context["filters"].team == team


def test_the_worker_purges_searches_past_the_retention(csr, settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 30
    old, = searched(PRIVATE, csr, days_ago=31)
    SearchClick.objects.create(search=old, result_type="answer", result_id=1, position=1)
    kept, = searched("roaming", csr, days_ago=29)
    from search.tasks import purge_search_log

    purge_search_log.enqueue()  # the immediate backend in tests, the worker in production
    assert list(SearchLog.objects.all()) == [kept]
    assert not SearchClick.objects.exists()


def test_purge_default_is_180_days():
    from django.conf import settings

    assert settings.SEARCH_LOG_RETENTION_DAYS == 180 and settings.SEARCH_TERM_MIN_USERS == 3
    assert "search.tasks.purge_search_log" in settings.SPORTELLO_PERIODIC_TASKS
    now = timezone.now()
    assert retention.cutoff(now) == now - datetime.timedelta(days=180)
