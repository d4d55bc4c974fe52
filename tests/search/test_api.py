"""The search page and JSON API: shape, authentication, hostile input, logging of searches and clicks."""

import pytest
from django.conf import settings

from accounts import roles
from kb.models import AnswerPage, OfferPage
from search.models import SearchClick, SearchLog
from tests.factories import make_user, published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]

HOSTILE_QUERIES = [
    "l'offerta", "dell'utenza", "dell’utenza", '"virgolette non chiuse', "AND OR NOT", "fibra~2 AND (modem",
    "title:puk", "/regex.*/", "\\", "🚀📱 offerta", "x" * 1000, "a" * 5000, "", "   ", "<script>alert(1)</script>",
    "%00", "' OR 1=1 --",
]


@pytest.fixture
def content(index_pending):
    answer = published_article(AnswerPage, title="Disdetta dopo rimodulazione", customer_question="Posso disdire?",
                               question_variants="recesso senza penali")
    published_article(OfferPage, title="Offerta fibra inverno")
    index_pending()
    return answer


def test_api_requires_login(client, search_index):
    for url in ("/api/search?q=fibra", "/api/search/suggest?q=fib", "/api/search/similar?q=disdire"):
        assert client.get(url).status_code == 403


def test_api_search_returns_the_documented_shape(csr_client, content):
    data = csr_client.get("/api/search", {"q": "disdetta"}).json()
    assert set(data) >= {"total", "took_ms", "results", "facets", "suggestion"}
    hit = data["results"][0]
    assert set(hit) == {"type", "id", "title", "url", "snippet", "snippet_parts", "score", "certified", "updated_at", "answer"}
    assert hit["answer"] == content.specific.approved_answer
    assert hit["id"] == content.pk and hit["type"] == "answer" and hit["certified"] is True
    assert set(data["facets"]) == {"type", "product", "tag", "status"}


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_input_is_answered_without_error(csr_client, content, query):
    response = csr_client.get("/api/search", {"q": query, "type": "<b>", "page": "-3"})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)
    page = csr_client.get("/search/", {"q": query, "page": "abc"})
    assert page.status_code == 200


def test_suggest_completes_titles_with_typos(csr_client, content):
    titles = [s["title"] for s in csr_client.get("/api/search/suggest", {"q": "disdeta"}).json()["suggestions"]]
    assert "Disdetta dopo rimodulazione" in titles
    titles = [s["title"] for s in csr_client.get("/api/search/suggest", {"q": "rimodul"}).json()["suggestions"]]
    assert "Disdetta dopo rimodulazione" in titles


def test_suggest_completes_words_in_any_order_and_question_variants(csr_client, content):
    def titles(prefix):
        return [s["title"] for s in csr_client.get("/api/search/suggest", {"q": prefix}).json()["suggestions"]]

    assert "Disdetta dopo rimodulazione" in titles("disdetta rimod")
    assert "Disdetta dopo rimodulazione" in titles("rimodulazione disd")
    assert "Disdetta dopo rimodulazione" in titles("recesso senza pen")
    assert titles("rimodulazione xyzq") == []


def test_similar_finds_answers_not_offers(csr_client, content):
    results = csr_client.get("/api/search/similar", {"q": "posso fare il recesso?"}).json()["results"]
    assert [r["title"] for r in results] == ["Disdetta dopo rimodulazione"]


def test_every_search_and_click_is_logged(csr, csr_client, content):
    html = csr_client.get("/search/", {"q": "disdetta", "type": "answer"}).content.decode()
    log = SearchLog.objects.get()
    assert (log.query, log.filters, log.result_count, log.role, log.user) == ("disdetta", {"type": "answer"}, 1, "CSR", csr)
    assert log.latency_ms >= 0 and log.engine == "elasticsearch"
    assert f"search={log.pk}&amp;type=answer&amp;id={content.pk}&amp;position=1" in html

    response = csr_client.get("/search/open/", {"search": log.pk, "type": "answer", "id": content.pk,
                                                "position": 1, "next": content.url})
    assert response.status_code == 302 and response["Location"] == content.url
    click = SearchClick.objects.get()
    assert (click.search_id, click.result_id, click.position) == (log.pk, content.pk, 1)
    log.refresh_from_db()
    assert (log.term, log.first_click_position) == ("disdetta", 1)  # what the content-gap dashboard counts


def test_search_page_shows_results_facets_and_highlights(csr_client, content):
    html = csr_client.get("/search/", {"q": "disdetta"}).content.decode()
    assert "Disdetta dopo rimodulazione" in html
    assert "<mark>" in html
    assert 'class="facets"' in html


def test_health_page_is_for_administrators_only(csr_client, content, approver, client):
    assert csr_client.get("/search/health/").status_code == 403
    client.force_login(approver)
    response = client.get("/search/health/")
    assert response.status_code == 403
    assert settings.SEARCH_INDEX_PREFIX not in response.content.decode()


def test_health_page_shows_engine_and_backlog(client, content):
    client.force_login(make_user("amministratore", roles.ADMINISTRATOR))
    html = client.get("/search/health/").content.decode()
    assert "Elasticsearch" in html and ("green" in html or "yellow" in html)
    assert "Modifiche in attesa di indicizzazione" in html
    assert settings.SEARCH_INDEX_PREFIX in html
