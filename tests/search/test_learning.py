"""Learned phrasings: a phrase operators search before opening or copying an article becomes part of it."""

import datetime

import pytest
from django.utils import timezone

from accounts import roles
from kb.models import AnswerPage
from search import learning, service
from search.models import LearnedPhrasing, PhrasingUse, SearchLog
from tests.factories import make_user, published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]

PHRASE = "cartoncino della scheda"


@pytest.fixture
def puk(index_pending, offers_owner):
    # "scheda" in the answer: the phrase finds the article, but not first, until it is learned (an open or a
    # copy counts only for a result the search showed: search.clicks).
    page = published_article(AnswerPage, title="Codice PUK perso", customer_question="Ho perso il PUK",
                             approved_answer="Il PUK si recupera dall'app o dalla scheda del cliente.", content_owner=offers_owner)
    published_article(AnswerPage, title="Scheda SIM danneggiata", customer_question="La scheda non si legge",
                      approved_answer="Sostituiamo la SIM in negozio.")
    index_pending()
    return page


def open_from_search(client, user, query, page):
    client.force_login(user)
    response = service.search(user, query)
    return client.get("/search/open/", {"search": response.log_id, "type": "answer", "id": page.pk, "position": 3,
                                         "next": page.url})


def test_a_phrase_used_by_two_operators_finds_the_article(client, csr, puk, index_pending):
    assert service.search(csr, PHRASE).results[0].title != "Codice PUK perso"
    open_from_search(client, csr, PHRASE, puk)
    open_from_search(client, make_user("operatore2", roles.CSR), PHRASE, puk)
    phrasing = LearnedPhrasing.objects.get(page=puk, phrase=PHRASE)
    assert phrasing.active and phrasing.users == 2
    index_pending()
    assert service.search(csr, PHRASE).results[0].title == "Codice PUK perso"


def test_one_operator_alone_teaches_nothing(client, csr, puk):
    open_from_search(client, csr, PHRASE, puk)
    open_from_search(client, csr, PHRASE, puk)
    assert not LearnedPhrasing.objects.get(page=puk, phrase=PHRASE).active


def test_copying_the_answer_from_the_results_page_counts(client, csr, puk):
    client.force_login(csr)
    log_id = service.search(csr, PHRASE).log_id
    response = client.post("/search/copied/", {"search": log_id, "type": "answer", "id": puk.pk})
    assert response.status_code == 204
    assert PhrasingUse.objects.filter(user=csr, phrasing__page=puk).exists()


@pytest.mark.parametrize("query", ["puk mario rossi", "puk RSSMRA85T10A562S", "puk 333 1234567", "puk a@b.it"])
def test_a_phrase_with_personal_data_is_never_stored(client, csr, puk, query):
    open_from_search(client, csr, query, puk)
    assert not LearnedPhrasing.objects.exists()


def test_someone_elses_search_cannot_be_used(client, csr, puk):
    other = make_user("operatore2", roles.CSR)
    log = SearchLog.objects.create(user=other, query=PHRASE, result_count=1, latency_ms=1, engine="elasticsearch")
    client.force_login(csr)
    client.get("/search/open/", {"search": log.pk, "type": "answer", "id": puk.pk, "position": 1, "next": "/"})
    assert not LearnedPhrasing.objects.exists()


def test_collaboration_content_is_never_learned(csr, puk):
    log = SearchLog.objects.create(user=csr, query=PHRASE, result_count=1, latency_ms=1, engine="elasticsearch")
    assert learning.record_use(csr, log, "question", puk.pk) is None
    assert not LearnedPhrasing.objects.exists()


def test_old_evidence_fades(client, csr, puk):
    open_from_search(client, csr, PHRASE, puk)
    open_from_search(client, make_user("operatore2", roles.CSR), PHRASE, puk)
    PhrasingUse.objects.update(last_used=timezone.now() - datetime.timedelta(days=90))
    assert learning.refresh_all() == 1
    assert not LearnedPhrasing.objects.get(phrase=PHRASE).active


def test_the_owner_sees_and_removes_a_phrasing_for_good(client, csr, puk, offers_owner, index_pending):
    open_from_search(client, csr, PHRASE, puk)
    open_from_search(client, make_user("operatore2", roles.CSR), PHRASE, puk)
    phrasing = LearnedPhrasing.objects.get(phrase=PHRASE)
    client.force_login(offers_owner)
    assert PHRASE in client.get("/search/phrasings/").content.decode()
    assert client.post(f"/search/phrasings/{phrasing.pk}/remove/").status_code == 302
    phrasing.refresh_from_db()
    assert phrasing.removed_at and not phrasing.active
    open_from_search(client, make_user("operatore3", roles.CSR), PHRASE, puk)
    phrasing.refresh_from_db()
    assert not phrasing.active and PhrasingUse.objects.filter(phrasing=phrasing).count() == 2
    index_pending()
    assert service.search(csr, PHRASE).results[0].title != "Codice PUK perso"


def test_an_operator_cannot_remove_a_phrasing(client, csr, puk):
    open_from_search(client, csr, PHRASE, puk)
    phrasing = LearnedPhrasing.objects.get(phrase=PHRASE)
    client.force_login(csr)
    assert client.post(f"/search/phrasings/{phrasing.pk}/remove/").status_code == 403
    assert PHRASE not in client.get("/search/phrasings/").content.decode()
