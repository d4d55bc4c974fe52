"""Search tests run against the real Elasticsearch node that `make test` starts (ELASTICSEARCH_URL).

Each test gets its own index prefix, created empty and dropped afterwards. Content is indexed through
the outbox, as in production; `index_pending()` applies it and refreshes so it is searchable at once.
"""

import uuid

import pytest
from django.conf import settings

from search import client, indexing, outbox
from search.indexing import KINDS, alias

pytestmark = pytest.mark.search


@pytest.fixture(scope="session")
def elasticsearch_url():
    url = settings.ELASTICSEARCH_URL
    if not url:
        pytest.fail("ELASTICSEARCH_URL is not set: run the search tests through `make test`, which starts a node.")
    return url


@pytest.fixture
def search_index(elasticsearch_url, settings, db):
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    indexing.ensure_indices()
    es = client.get_client()  # the live node, even if a test points settings elsewhere meanwhile
    yield
    es.indices.delete(index=f"{settings.SEARCH_INDEX_PREFIX}-*", ignore_unavailable=True, allow_no_indices=True)


@pytest.fixture
def index_pending(search_index):
    def run():
        applied, failed = outbox.process_all()
        assert failed == 0
        for kind in KINDS:
            client.get_client().indices.refresh(index=alias(kind))
        return applied

    return run
