"""The search log in Elasticsearch, for trends (insights.emerging): what operators typed, when, in which
team. The worker copies new `SearchLog` rows here every minute (`index_new_searches`); the database stays
the record, this index can be dropped and refilled at any time.
"""

import logging

from django.conf import settings
from elasticsearch.dsl import Date, Document, Index, Keyword, Long, Text
from elasticsearch.helpers import bulk

from accounts.models import Team
from search import analysis
from search.client import get_client, get_write_client
from search.models import SearchLog

logger = logging.getLogger(__name__)

BATCH = 5000
TYPED_SOURCES = ["page", "api", "panel"]  # the "similar questions" lookups while asking are not searches


class SearchLogDocument(Document):
    log_id = Long()
    query = Text(analyzer=analysis.italian)  # operators search in Italian
    created_at = Date()
    teams = Keyword()
    user = Keyword()  # who searched, only to count distinct operators per word (insights.emerging)


def index_name():
    return f"{settings.SEARCH_INDEX_PREFIX}-searchlog"


def ensure_index():
    client = get_write_client()
    if not client.indices.exists(index=index_name()):
        index = Index(index_name())
        index.settings(number_of_shards=1, number_of_replicas=settings.SEARCH_INDEX_REPLICAS)
        index.document(SearchLogDocument)
        index.create(using=client)


def last_indexed_id():
    response = get_client().search(index=index_name(), size=0, aggs={"last": {"max": {"field": "log_id"}}})
    return int(response["aggregations"]["last"]["value"] or 0)


def teams_of(user_ids):
    memberships = Team.members.through.objects.filter(user_id__in=user_ids).values_list("user_id", "team_id")
    teams = {}
    for user_id, team_id in memberships:
        teams.setdefault(user_id, []).append(str(team_id))
    return teams


def index_new_searches(batch=BATCH):
    """Copy the next `batch` typed searches not yet in the index. Returns how many."""
    ensure_index()
    rows = list(
        SearchLog.objects.filter(pk__gt=last_indexed_id(), source__in=TYPED_SOURCES).exclude(query="")
        .order_by("pk").values("pk", "query", "created_at", "user_id")[:batch]
    )
    teams = teams_of({row["user_id"] for row in rows if row["user_id"]})
    actions = (
        {"_index": index_name(), "_id": row["pk"], "log_id": row["pk"], "query": row["query"][:500],
         "created_at": row["created_at"], "teams": teams.get(row["user_id"], []),
         "user": str(row["user_id"]) if row["user_id"] else None}
        for row in rows
    )
    count, _errors = bulk(get_write_client(), actions, refresh="wait_for")
    if count:
        logger.info("search log indexed count=%d last=%d", count, rows[-1]["pk"])
    return count
