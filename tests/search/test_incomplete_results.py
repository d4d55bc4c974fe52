"""A search Elasticsearch answers only in part (failed shards, time limit) is never shown as complete."""

import pytest

from kb.models import AnswerPage
from search import client, queries, service
from search.backends.elasticsearch import IncompleteSearch, complete, indices, searched
from search.indexing import alias
from search.permissions import readable_acl
from tests.factories import published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def test_failed_shards_fall_back_to_the_database_and_say_so(csr, index_pending, settings, caplog):
    published_article(AnswerPage, title="Codice PUK perso", customer_question="Ho perso il PUK")
    index_pending()
    # A real failing shard: one more index behind the needs' alias whose folded_title cannot take the
    # typo-tolerant (fuzzy) match every keyword search sends.
    broken = f"{settings.SEARCH_INDEX_PREFIX}-need-broken"
    es = client.get_client()
    es.indices.create(index=broken, mappings={"properties": {"folded_title": {"type": "long"}}})
    es.indices.put_alias(index=broken, name=alias("need"))
    es.index(index=broken, document={"folded_title": 1}, refresh=True)
    response = service.search(csr, "puk")
    assert response.message == service.DEGRADED_MESSAGE
    assert response.engine == "database"
    assert "search incomplete failed_shards=1" in caplog.text
    # A query that fails on its own merits is not asked again.
    assert caplog.text.count("search incomplete") == 1
    assert "asked again" not in caplog.text


def shard_failure(reason, timed_out=False):
    """An answer as Elasticsearch gives it when one of two shards failed for `reason`."""
    return {
        "timed_out": timed_out,
        "_shards": {"total": 2, "successful": 1, "failed": 1, "failures": [
            {"shard": 0, "index": "sportello-question", "reason": {"type": reason, "reason": "…"}},
        ]},
        "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
    }


@pytest.mark.parametrize(("reason", "timed_out", "transient"), [
    ("node_disconnected_exception", False, True),
    ("no_shard_available_action_exception", False, True),
    ("query_shard_exception", False, False),
    ("node_disconnected_exception", True, False),
])
def test_only_a_node_leaving_makes_a_failure_worth_asking_again(reason, timed_out, transient):
    with pytest.raises(IncompleteSearch) as raised:
        complete(shard_failure(reason, timed_out))
    assert raised.value.transient is transient


def test_a_search_a_node_left_is_asked_again_and_answered(csr, index_pending, caplog):
    """A node killed during a search (make cluster-check) failed one shard with node_disconnected_exception:
    the same request, sent again to the real node, answers in full."""
    published_article(AnswerPage, title="Codice PUK perso", customer_question="Ho perso il PUK")
    index_pending()
    body = queries.build_search(indices(), "puk", {}, readable_acl(csr), 1, 10).to_dict()
    response = searched(body, shard_failure("node_disconnected_exception"))
    assert [hit["_source"]["title_it"] for hit in response["hits"]["hits"]] == ["Codice PUK perso"]
    assert "search asked again after a node left" in caplog.text
    with pytest.raises(IncompleteSearch):
        searched(body, shard_failure("query_shard_exception"))


def test_a_huge_document_is_found_and_highlighted(csr, index_pending):
    long_text = ("Il cliente segnala lentezza della linea. " * 40000) + "Parola finale rarissima zibaldone."
    published_article(AnswerPage, title="Segnalazione lunghissima", customer_question="Linea lenta",
                      approved_answer=long_text)
    index_pending()
    response = service.search(csr, "lentezza")
    assert response.message is None
    assert response.results[0].title == "Segnalazione lunghissima"
