"""Collaboration content in search: filtered by space on the index, certified answers first."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from collaboration.actions import certification, questions
from collaboration.models import Space
from collaboration.spaces import grant
from search import service
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.search]


@pytest.fixture
def spaces(db):
    everyone = Space.objects.create(name="Tutti", slug="tutti")
    grant(everyone, Group.objects.get(name=roles.CSR), "post")
    grant(everyone, Group.objects.get(name=roles.EXPERT), "post")
    private = Space.objects.create(name="Esperti", slug="esperti", kind=Space.Kind.EXPERTS)
    grant(private, Group.objects.get(name=roles.EXPERT), "moderate")
    return everyone, private


def test_private_space_content_never_reaches_a_user_without_access(csr, spaces, index_pending):
    everyone, private = spaces
    expert = make_user("esperto", roles.EXPERT)
    questions.do_create_question(expert, private, "Rimborso riservato ai casi gravi", "Procedura interna")
    questions.do_create_question(expert, everyone, "Rimborso standard in bolletta", "Procedura pubblica")
    index_pending()

    seen_by_csr = service.search(csr, "rimborso")
    assert [hit.title for hit in seen_by_csr.results] == ["Rimborso standard in bolletta"]
    assert seen_by_csr.total == 1
    assert sum(entry["count"] for entry in seen_by_csr.facets["type"]) == 1
    assert [s["title"] for s in service.suggest(csr, "rimbor")] == ["Rimborso standard in bolletta"]
    assert {hit.title for hit in service.search(expert, "rimborso").results} == {
        "Rimborso riservato ai casi gravi", "Rimborso standard in bolletta"}


def test_certified_answer_outranks_everything_else(csr, spaces, index_pending):
    everyone, _private = spaces
    expert = make_user("esperto", roles.EXPERT)
    plain = questions.do_create_question(csr, everyone, "Modem che si riavvia di sera", "Capita spesso")
    certified = questions.do_create_question(csr, everyone, "Modem che si riavvia di notte", "Capita spesso")
    answer = questions.do_post_answer(expert, certified, "Aggiornare il firmware del modem")
    certification.do_certify_answer(expert, answer)
    index_pending()
    results = service.search(csr, "modem riavvia").results
    assert results[0].id == certified.pk and results[0].certified
    assert plain.pk in [hit.id for hit in results]


def test_similar_questions_for_the_ask_form(csr_client, csr, spaces, index_pending):
    everyone, _private = spaces
    questions.do_create_question(csr, everyone, "Come si attiva la eSIM su iPhone?", "x")
    index_pending()
    titles = [r["title"] for r in csr_client.get("/api/search/similar", {"q": "attivare esim iphone"}).json()["results"]]
    assert titles == ["Come si attiva la eSIM su iPhone?"]
