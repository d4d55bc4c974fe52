"""How long the search log is kept: SEARCH_LOG_RETENTION_DAYS (default 180), then the worker deletes it.

Searches carry what operators typed while a customer waited, names and tax codes included, so they are
kept only as long as the dashboards need them. The rows go in batches (a first run on a long log must
not lock the table for minutes); their clicks go with them; the trends index (search.search_log_index)
drops the same period. Learned phrasings stay: they never hold personal data (search.learning).
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError, TransportError
from elasticsearch.helpers import bulk, scan

from search import search_log_index
from search.client import get_client
from search.models import SearchLog

logger = logging.getLogger(__name__)

BATCH = 5000


def cutoff(now=None):
    return (now or timezone.now()) - datetime.timedelta(days=settings.SEARCH_LOG_RETENTION_DAYS)


def purge_search_log(now=None):
    """Delete searches older than the retention period. Returns how many searches were deleted."""
    before = cutoff(now)
    deleted = 0
    while ids := list(SearchLog.objects.filter(created_at__lt=before).values_list("pk", flat=True)[:BATCH]):
        SearchLog.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    if settings.ELASTICSEARCH_URL:
        try:
            purge_index(before)
        except (ApiError, TransportError):
            logger.exception("search log index not purged before=%s", before.isoformat())
    if deleted:
        logger.info("search log purged deleted=%d before=%s", deleted, before.isoformat())
    return deleted


def purge_index(before):
    """Delete the trends index's copies of searches made before `before`. By id, with scroll and bulk:
    `_delete_by_query` belongs to the reindex module, which not every node has (the test node does not)."""
    es = get_client()
    if not es.indices.exists(index=search_log_index.index_name()):
        return
    old = scan(es, index=search_log_index.index_name(), query={"query": {"range": {"created_at": {"lt": before.isoformat()}}}},
               _source=False, size=BATCH)
    bulk(es, ({"_op_type": "delete", "_index": hit["_index"], "_id": hit["_id"]} for hit in old), refresh=True,
         raise_on_error=False)
