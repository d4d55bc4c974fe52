"""Every v1 resource answers only a logged-in caller and only with the caller's rights: the same rights as
the pages (view restrictions, drafts, private spaces), whoever the token's integration account is."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient
from wagtail.models import PageViewRestriction

from accounts import roles
from api import tokens
from collaboration.models import Question
from kb.models import AnswerPage
from tests.api.conftest import bearer
from tests.factories import draft_article, make_user, published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]

MESSAGE = "Buongiorno, il cliente dice che la fattura di marzo ha un addebito doppio del canone, cosa posso dirgli?"
ENDPOINTS = [
    ("get", "/api/v1/search?q=fattura", None),
    ("get", "/api/v1/search/suggest?q=fatt", None),
    ("post", "/api/v1/assist", {"text": MESSAGE}),
    ("get", "/api/v1/articles/1", None),
    ("get", "/api/v1/articles/external/ANS-1", None),
    ("get", "/api/v1/crises", None),
    ("post", "/api/v1/usage", {"contact_id": "C-1", "channel": "chat", "article": 1}),
    ("post", "/api/v1/feedback", {"article": 1, "helpful": True, "reason": "answered"}),
    ("post", "/api/v1/contacts", {"contact_id": "C-1", "channel": "chat"}),
    ("post", "/api/v1/check-reply", {"text": "Le rimborsiamo tutto"}),
    ("get", "/api/v1/schema/", None),
    ("get", "/api/v1/docs/", None),
]


@pytest.mark.parametrize("method, url, body", ENDPOINTS)
def test_every_endpoint_refuses_an_anonymous_caller(api, search_index, method, url, body):
    response = getattr(api, method)(url, body, format="json") if body else getattr(api, method)(url)
    assert response.status_code == 401


def test_the_anonymous_check_covers_every_resource_of_the_schema():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    checked = {url.split("?")[0] for _method, url, _body in ENDPOINTS}
    assert {path.replace("{id}", "1").replace("{external_id}", "ANS-1") for path in paths} <= checked


def test_the_pages_session_works_and_writes_need_its_csrf_token(csr, search_index):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(csr)
    assert client.get("/api/v1/crises").status_code == 200
    response = client.post("/api/v1/feedback", {"article": 1, "helpful": True, "reason": "answered"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


@pytest.fixture
def restricted(home, search_index):
    """An answer only the Expert group may read, and a draft."""
    answer = published_article(AnswerPage, title="Procedura riservata", external_id="SEC-1")
    restriction = PageViewRestriction.objects.create(page=answer, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=roles.EXPERT))
    draft = draft_article(AnswerPage, title="Bozza", external_id="DRAFT-1")
    return answer, draft


def test_restricted_and_draft_articles_are_404_for_those_who_may_not_read_them(api, csr_token, expert, restricted):
    answer, draft = restricted
    for url in (f"/api/v1/articles/{answer.pk}", "/api/v1/articles/external/SEC-1",
                f"/api/v1/articles/{draft.pk}", "/api/v1/articles/external/DRAFT-1"):
        assert api.get(url, **bearer(csr_token)).status_code == 404
    for body, url in (({"contact_id": "C-1", "channel": "chat", "article": answer.pk}, "/api/v1/usage"),
                      ({"article": draft.pk, "helpful": True, "reason": "answered"}, "/api/v1/feedback")):
        assert api.post(url, body, format="json", **bearer(csr_token)).status_code == 404
    _token, expert_secret = tokens.create_personal_token(expert, "CRM", 30)
    assert api.get(f"/api/v1/articles/{answer.pk}", **bearer(expert_secret)).status_code == 200
    assert api.get(f"/api/v1/articles/{draft.pk}", **bearer(expert_secret)).status_code == 404


def test_a_service_token_acting_for_a_csr_gets_the_csrs_rights_not_the_integrations(
        api, csr, expert, everyone, experts_space, restricted, index_pending):
    """The integration's own account is an administrator; acting for a CSR, it sees what the CSR sees."""
    admin_account = make_user("crm-admin", is_superuser=True)
    _token, secret = tokens.create_service_token("Genesys", admin_account, may_act_as_users=True)
    private = Question.objects.create(space=experts_space, author=expert, title="Addebito doppio del canone in fattura",
                                      body="Come gestiamo un addebito doppio del canone in fattura?")
    public = Question.objects.create(space=everyone, author=csr, title="Fattura con addebito doppio del canone",
                                     body="Il cliente ha un addebito doppio del canone in fattura.")
    index_pending()
    answer, _draft = restricted

    def question_ids(acting_for):
        response = api.post("/api/v1/assist", {"text": MESSAGE}, format="json", **bearer(secret, acting_for))
        assert response.status_code == 200
        return {hit["id"] for hit in response.json()["questions"]}

    assert question_ids(None) == {private.pk, public.pk}
    assert question_ids("esperto") == {private.pk, public.pk}
    assert question_ids("operatore") == {public.pk}
    search = api.get("/api/v1/search", {"q": "addebito doppio canone", "type": "question"}, **bearer(secret, "operatore"))
    assert [hit["id"] for hit in search.json()["results"]] == [public.pk]
    assert api.get(f"/api/v1/articles/{answer.pk}", **bearer(secret)).status_code == 200
    assert api.get(f"/api/v1/articles/{answer.pk}", **bearer(secret, "operatore")).status_code == 404
