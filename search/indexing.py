"""Writing search documents to Elasticsearch.

The outbox and the `search_index` command both go through `apply()` and `bulk_index()`, so there is one
way to write to the index. What each kind of content becomes is in search.kinds.
"""

import logging
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from elasticsearch import ApiError, TransportError
from elasticsearch.dsl import Index
from elasticsearch.helpers import BulkIndexError
from elasticsearch.helpers import bulk as helpers_bulk

from search.client import get_write_client
from search.documents import index_name
from search.kinds import KINDS

logger = logging.getLogger(__name__)

class IndexingUnavailable(Exception):
    """Elasticsearch could not be reached or refused the write; the change stays in the outbox."""


def alias(kind):
    return index_name(kind)


def new_index(kind):
    """Create an empty, timestamped index for `kind` with the current mapping; return its name."""
    name = f"{alias(kind)}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1000000:06d}"
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=settings.SEARCH_INDEX_REPLICAS)
    index.document(KINDS[kind].document)
    index.create(using=get_write_client())
    return name


def fill_new_index(kind, documents, progress=None):
    """A new index for `kind` filled with `documents`. Returns (name, count)."""
    client = get_write_client()
    name = new_index(kind)
    # Nobody searches the new index before the alias switch: no refreshes, no per-request fsync.
    loading = {"refresh_interval": "-1", "translog.durability": "async"}
    client.indices.put_settings(index=name, settings={"index": loading})
    total = bulk_index(kind, documents, index=name, chunk_size=1000, progress=progress, threads=2)
    client.indices.put_settings(index=name, settings={"index": {key: None for key in loading}})
    client.indices.refresh(index=name)
    return name, total


def ensure_indices():
    """Create each kind's index and alias if missing (first start, fresh test run)."""
    client = get_write_client()
    for kind in KINDS:
        if not client.indices.exists_alias(name=alias(kind)):
            name = new_index(kind)
            client.indices.put_alias(index=name, name=alias(kind))


def bulk_actions(kind, documents, index):
    for document in documents:
        action = document.to_dict(include_meta=True)
        action["_index"] = index
        yield action


def chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def bulk_index(kind, documents, index=None, chunk_size=500, refresh=False, progress=None, threads=1):
    """Write documents to `index` (default: the alias). Returns the number written.

    With threads > 1 (rebuilds), up to that many chunks are sent while the next one is built. The
    documents are always built here, in the calling thread, which owns the database connection.
    """
    client = get_write_client()
    actions = bulk_actions(kind, documents, index or alias(kind))

    def send(chunk):
        helpers_bulk(client, chunk, chunk_size=len(chunk), raise_on_error=True, refresh=refresh)
        return len(chunk)

    written = 0
    try:
        with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            pending = deque()
            for chunk in chunks(actions, chunk_size):
                pending.append(pool.submit(send, chunk))
                if len(pending) >= max(1, threads):
                    written += pending.popleft().result()
                    if progress:
                        progress(written)
            while pending:
                written += pending.popleft().result()
                if progress:
                    progress(written)
    except (BulkIndexError, ApiError, TransportError) as error:
        raise IndexingUnavailable(str(error)[:500]) from error
    return written


def apply(kind, actions, refresh=False):
    """Apply outbox actions {object_id: "index"|"delete"}: index what may be indexed, delete the rest."""
    indexer = KINDS[kind]
    wanted = [pk for pk, action in actions.items() if action == "index"]
    documents = list(indexer.iter_documents(ids=wanted)) if wanted else []
    indexed = {int(document.meta.id) for document in documents}
    to_delete = [pk for pk in actions if pk not in indexed]
    client = get_write_client()
    try:
        ensure_indices()
        if documents:
            bulk_index(kind, documents)
        if to_delete:
            operations = [{"delete": {"_index": alias(kind), "_id": str(pk)}} for pk in to_delete]
            response = client.bulk(operations=operations, refresh=refresh)
            failures = [
                item["delete"] for item in response["items"] if item["delete"].get("status") not in (200, 404)
            ]
            if failures:
                raise IndexingUnavailable(f"delete failed: {failures[0]}")
        if refresh:
            client.indices.refresh(index=alias(kind))
    except (ApiError, TransportError) as error:
        raise IndexingUnavailable(str(error)[:500]) from error
    logger.info("index jobs applied kind=%s indexed=%s deleted=%s", kind, len(documents), len(to_delete))


