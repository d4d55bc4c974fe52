"""Opening and copying a result count only for what the operator's own search showed: a forged open
cannot inflate "most opened" or teach search a phrasing, the position comes from the log, and malformed
beacons are a 400."""

import pytest

from accounts import roles
from insights import knowledge_health
from insights.periods import Period
from kb.models import AnswerPage
from search import service
from search.models import LearnedPhrasing, PhrasingUse, SearchClick, SearchLog
from tests.factories import make_user, published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]

HUGE = "9" * 30


@pytest.fixture
def articles(index_pending):
    shown = published_article(AnswerPage, title="Codice PUK perso", customer_question="Ho perso il PUK",
                              approved_answer="Il PUK si recupera dall'app.")
    hidden = published_article(AnswerPage, title="Trasloco della linea fissa", customer_question="Cambio casa",
                               approved_answer="Il trasloco si chiede trenta giorni prima.")
    index_pending()
    return shown, hidden


def searched(client, user, query):
    client.force_login(user)
    return service.search(user, query)


def test_opening_an_article_the_search_did_not_show_counts_for_nothing(client, csr, articles):
    shown, hidden = articles
    response = searched(client, csr, "puk perso")
    assert [hit.id for hit in response.results] == [shown.pk]
    for user in (csr, make_user("operatore2", roles.CSR), make_user("operatore3", roles.CSR)):
        log = searched(client, user, "puk perso").log_id
        opened = client.get("/search/open/", {"search": log, "type": "answer", "id": hidden.pk, "position": 1, "next": hidden.url})
        assert opened.status_code == 302 and opened["Location"] == hidden.url  # the link still works
        copied = client.post("/search/copied/", {"search": log, "type": "answer", "id": hidden.pk})
        assert copied.status_code == 400
    assert not SearchClick.objects.exists()
    assert not PhrasingUse.objects.exists() and not LearnedPhrasing.objects.filter(active=True).exists()
    assert set(SearchLog.objects.values_list("first_click_position", flat=True)) == {None}
    assert knowledge_health.most_opened(Period.ending_today()) == []


def test_an_open_from_the_results_page_counts_at_the_position_shown(client, csr, articles):
    shown, _hidden = articles
    log = searched(client, csr, "puk perso").log_id
    response = client.get("/search/open/", {"search": log, "type": "answer", "id": shown.pk, "position": 7, "next": shown.url})
    assert response.status_code == 302
    click = SearchClick.objects.get()
    assert (click.search_id, click.result_type, click.result_id, click.position) == (log, "answer", shown.pk, 1)
    assert SearchLog.objects.get(pk=log).first_click_position == 1
    assert knowledge_health.most_opened(Period.ending_today()) == [{"article": shown.pk, "title": "Codice PUK perso", "opened": 1}]


def test_opening_the_same_result_again_from_one_search_counts_once(client, csr, articles):
    """A replayed open link (or the back button) must not make an article "most opened" from one search."""
    shown, _hidden = articles
    log = searched(client, csr, "puk perso").log_id
    for _ in range(5):
        response = client.get("/search/open/", {"search": log, "type": "answer", "id": shown.pk, "next": shown.url})
        assert response.status_code == 302 and response["Location"] == shown.url
    assert SearchClick.objects.filter(search_id=log).count() == 1
    assert knowledge_health.most_opened(Period.ending_today()) == [{"article": shown.pk, "title": "Codice PUK perso", "opened": 1}]


def test_someone_elses_search_does_not_count(client, csr, articles):
    shown, _hidden = articles
    log = searched(client, make_user("operatore2", roles.CSR), "puk perso").log_id
    client.force_login(csr)
    client.get("/search/open/", {"search": log, "type": "answer", "id": shown.pk, "next": "/"})
    assert client.post("/search/copied/", {"search": log, "type": "answer", "id": shown.pk}).status_code == 400
    assert not SearchClick.objects.exists() and not PhrasingUse.objects.exists()


@pytest.mark.parametrize("field", ["search", "id"])
@pytest.mark.parametrize("value", ["abc", HUGE, "-1", "0", ""])
def test_malformed_beacons_are_a_400(client, csr, articles, field, value):
    shown, _hidden = articles
    params = {"search": searched(client, csr, "puk perso").log_id, "type": "answer", "id": shown.pk, "next": "/"}
    params[field] = value
    assert client.get("/search/open/", params).status_code == 400
    assert client.post("/search/copied/", params).status_code == 400
    assert not SearchClick.objects.exists()


def test_an_open_towards_another_host_is_refused(client, csr, articles):
    shown, _hidden = articles
    log = searched(client, csr, "puk perso").log_id
    response = client.get("/search/open/", {"search": log, "type": "answer", "id": shown.pk, "next": "https://evil.example/"})
    assert response.status_code == 400  # core.bad_input: `next` must be a local URL
    assert not SearchClick.objects.exists()
