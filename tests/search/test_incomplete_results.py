"""A search Elasticsearch answers only in part (failed shards, time limit) is never shown as complete."""

import pytest

from kb.models import AnswerPage
from search import client, service
from search.indexing import alias
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


def test_a_huge_document_is_found_and_highlighted(csr, index_pending):
    long_text = ("Il cliente segnala lentezza della linea. " * 40000) + "Parola finale rarissima zibaldone."
    published_article(AnswerPage, title="Segnalazione lunghissima", customer_question="Linea lenta",
                      approved_answer=long_text)
    index_pending()
    response = service.search(csr, "lentezza")
    assert response.message is None
    assert response.results[0].title == "Segnalazione lunghissima"
