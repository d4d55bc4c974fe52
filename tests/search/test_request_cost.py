"""What one search costs Elasticsearch (issue 11): each part of the request sent once, and no round trip
whose answer would be thrown away. The answers themselves are the other tests' business; here the node's
own counters say how many searches reached the index (every search of the four kinds' aliases is one query
phase on the articles' shard)."""

import pytest

from kb.models import AnswerPage
from search import queries, service
from search.backends.elasticsearch import indices, suggestion
from search.client import get_client
from search.documents import ALL_READERS
from search.indexing import alias
from tests.factories import published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def searches_of_articles():
    """Query phases run so far on the articles' index: one per search or msearch line that reached it."""
    stats = get_client().indices.stats(index=alias("article"), metric="search")
    return stats["_all"]["primaries"]["search"]["query_total"]


def offered_correction(query):
    """What the phrase suggester itself offers for `query`, before Sportello decides whether it holds."""
    body = queries.build_search(indices(), query, {}, {ALL_READERS}, 1, 10).to_dict()
    return suggestion(get_client().search(index=indices(), body=body), query)


def test_the_highlight_options_and_query_are_sent_once_for_every_field():
    highlight = queries.build_search("i", "fattura alta", {}, {ALL_READERS}, 1, 10).to_dict()["highlight"]
    assert "highlight_query" in highlight
    assert set(highlight["fields"]) == set(queries.HIGHLIGHT_FIELDS)
    assert all(options == {} for options in highlight["fields"].values())


def test_a_correction_into_a_word_the_index_knows_sends_no_search_for_the_corrected_text(csr, index_pending):
    published_article(AnswerPage, title="Come riavviare il modem", customer_question="Il modem non si accende")
    index_pending()
    # The suggester reads the unstemmed words: "riavvia" is not one, "riavviare" is.
    assert offered_correction("riavvia modem") == "riavviare modem"
    before = searches_of_articles()
    response = service.search(csr, "riavvia modem")
    assert response.suggestion is None  # hunspell knows "riavvia": nothing to correct
    assert [hit.title for hit in response.results] == ["Come riavviare il modem"]
    # The search and the checks of the replaced and the new word; not the corrected text's search.
    assert searches_of_articles() - before == 3


def test_a_correction_of_accents_only_costs_no_round_trip(csr, index_pending):
    published_article(AnswerPage, title="Velocità della fibra", customer_question="La fibra è lenta")
    index_pending()
    # The suggester's candidates come from the accent-folded words, where "velocità" is "velocita".
    assert offered_correction("velocità fibra") == "velocita fibra"
    before = searches_of_articles()
    response = service.search(csr, "velocità fibra")
    assert response.suggestion is None
    assert searches_of_articles() - before == 1


def test_a_correction_that_holds_searches_the_corrected_text_once(csr, index_pending):
    published_article(AnswerPage, title="Disdetta della fibra", customer_question="Voglio disdire la fibra")
    index_pending()
    before = searches_of_articles()
    response = service.search(csr, "disdeta fibra")
    assert response.suggestion == "disdetta fibra"
    assert [hit.title for hit in response.results] == ["Disdetta della fibra"]
    # The search, the checks of "disdeta" and "disdetta", the corrected search (without a suggester).
    assert searches_of_articles() - before == 4


def test_a_search_whose_caller_shows_no_facets_counts_none_and_finds_the_same(csr, index_pending):
    published_article(AnswerPage, title="Disdetta della fibra", customer_question="Voglio disdire la fibra")
    published_article(AnswerPage, title="Fibra lenta la sera", customer_question="La fibra va piano")
    index_pending()
    shown = service.search(csr, "fibra")
    hidden = service.search(csr, "fibra", facets=False)
    assert shown.facets["type"] == [{"value": "answer", "count": 2}]
    assert hidden.facets == {}
    assert [(hit.id, hit.score, hit.snippet_parts) for hit in hidden.results] == [
        (hit.id, hit.score, hit.snippet_parts) for hit in shown.results
    ]
    assert hidden.total == shown.total == 2
