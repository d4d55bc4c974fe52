"""What one user can cost search: a hostile query's work is bounded, one user's parallel searches and
per-minute rate are capped (429 with Retry-After), and other users keep searching meanwhile.
Timings are bench/search.py's business (hostile query and another CSR during a flood)."""

import json
import re
from contextlib import ExitStack

import pytest

from kb.models import AnswerPage
from search import queries, service
from search.backends.elasticsearch import indices
from search.documents import ALL_READERS
from search.throttle import Throttled, search_slot
from tests.factories import published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]

HUGE_WORD = "àèìòù" * 180  # 900 letters: its typo automaton once cost 1.6 s per query


def body_for(text):
    return queries.build_search(indices(), text, {}, {ALL_READERS}, 1, 10).to_dict()


def fuzzy_texts(node):
    """The texts of every typo-tolerant clause in a request body."""
    if isinstance(node, dict):
        found = [value["query"] for value in node.values() if isinstance(value, dict) and "fuzziness" in value]
        return found + [text for value in node.values() for text in fuzzy_texts(value)]
    if isinstance(node, list):
        return [text for value in node for text in fuzzy_texts(value)]
    return []


@pytest.fixture
def answer(index_pending):
    page = published_article(AnswerPage, title="Disdetta dopo rimodulazione", customer_question="Posso disdire?")
    index_pending()
    return page


def test_long_words_are_cut_and_get_neither_typo_expansion_nor_spelling_correction():
    body = body_for(f"disdetta {HUGE_WORD}")
    text = json.dumps(body, ensure_ascii=False)
    assert HUGE_WORD not in text and HUGE_WORD[: queries.MAX_WORD_LENGTH] in text
    assert "suggest" not in body  # the phrase suggester reads the whole input
    assert set(fuzzy_texts(body)) == {"disdetta"}


def test_short_words_keep_typo_tolerance_and_spelling_correction():
    body = body_for("disdeta fibra")
    assert set(fuzzy_texts(body)) == {"disdeta fibra"} and "did_you_mean" in body["suggest"]


def test_a_flood_of_words_is_cut_to_the_first_max_words():
    words = [f"parola{number}" for number in range(200)]
    text = json.dumps(body_for(" ".join(words)))
    assert re.search(rf"\b{words[queries.MAX_WORDS - 1]}\b", text)
    assert not re.search(rf"\b{words[queries.MAX_WORDS]}\b", text)


def test_a_hostile_query_still_finds_what_its_real_words_match(csr, answer):
    response = service.search(csr, f"disdetta {HUGE_WORD} {HUGE_WORD[::-1]}")
    assert response.message is None  # answered by Elasticsearch in time, not by the fallback
    assert [hit.id for hit in response.results] == [answer.pk]


def test_one_users_parallel_searches_are_bounded_and_others_are_not(settings, csr, csr2, answer):
    settings.SEARCH_MAX_PARALLEL_PER_USER = 2
    with ExitStack() as running:
        for _ in range(2):
            running.enter_context(search_slot(csr))  # two searches of csr still waiting for Elasticsearch
        with pytest.raises(Throttled) as throttled:
            service.search(csr, "disdetta")
        assert throttled.value.retry_after >= 1
        assert service.similar(csr, "posso disdire") == []  # a hint beside a form: nothing, no error
        assert [hit.id for hit in service.search(csr2, "disdetta").results] == [answer.pk]
    assert [hit.id for hit in service.search(csr, "disdetta").results] == [answer.pk]


def test_over_the_rate_the_page_and_the_api_answer_429_with_retry_after(settings, client, csr, answer):
    settings.SEARCH_RATE_PER_MINUTE, settings.SUGGEST_RATE_PER_MINUTE = 3, 100
    client.force_login(csr)
    for _ in range(3):
        assert client.get("/search/", {"q": "disdetta"}).status_code == 200
    page = client.get("/search/", {"q": "disdetta"})
    assert page.status_code == 429 and 1 <= int(page["Retry-After"]) <= 60
    assert "Too many searches at once" in page.content.decode() or "Troppe ricerche" in page.content.decode()
    api = client.get("/api/search", {"q": "disdetta"})
    assert api.status_code == 429 and int(api["Retry-After"]) >= 1 and "detail" in api.json()
    assert client.get("/api/search/suggest", {"q": "disd"}).status_code == 200  # typing has its own budget


def test_the_rate_is_counted_per_user(settings, csr, csr2, answer):
    settings.SEARCH_RATE_PER_MINUTE = 1
    service.search(csr, "disdetta")
    with pytest.raises(Throttled):
        service.search(csr, "disdetta")
    assert service.search(csr2, "disdetta").total == 1
