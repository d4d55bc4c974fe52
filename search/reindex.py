"""Rebuilding and reconciling the index: what `manage.py search_index` does.

A rebuild fills a new timestamped index while searches keep using the old one through the alias, then
switches the alias in one atomic call and catches up with what changed meanwhile (readthedocs'
zero-downtime reindex, with the outbox as the source of truth for changes).
"""

import logging
from dataclasses import dataclass, field

from django.utils.dateparse import parse_datetime
from elasticsearch.helpers import scan

from search import outbox
from search.client import get_write_client
from search.indexing import KINDS, alias, apply, fill_new_index

logger = logging.getLogger(__name__)


@dataclass
class Difference:
    kind: str
    missing: list = field(default_factory=list)  # in the database, not in the index
    extra: list = field(default_factory=list)  # in the index, not (or no longer) visible
    stale: list = field(default_factory=list)  # in both, but the index has an older version

    @property
    def in_sync(self):
        return not (self.missing or self.extra or self.stale)


def rebuild(kind, progress=None):
    """Build a fresh index for `kind`, swap the alias to it, drop the old one. Returns (index, count)."""
    client = get_write_client()
    name, total = fill_new_index(kind, KINDS[kind].iter_documents(), progress=progress)
    old = list(client.indices.get_alias(name=alias(kind))) if client.indices.exists_alias(name=alias(kind)) else []
    actions = [{"remove": {"index": index, "alias": alias(kind)}} for index in old]
    actions.append({"add": {"index": name, "alias": alias(kind)}})
    client.indices.update_aliases(actions=actions)
    for index in old:
        client.indices.delete(index=index, ignore_unavailable=True)
    logger.info("index rebuilt kind=%s index=%s documents=%s replaced=%s", kind, name, total, old)
    update(kind)
    return name, total


def indexed_versions(kind):
    client = get_write_client()
    if not client.indices.exists_alias(name=alias(kind)):
        return {}
    return {
        int(hit["_id"]): parse_datetime(hit["_source"]["updated_at"]) if hit["_source"].get("updated_at") else None
        for hit in scan(client, index=alias(kind), query={"query": {"match_all": {}}}, _source=["updated_at"])
    }


def check(kind):
    expected = KINDS[kind].versions()
    indexed = indexed_versions(kind)
    return Difference(
        kind=kind,
        missing=sorted(set(expected) - set(indexed)),
        extra=sorted(set(indexed) - set(expected)),
        stale=sorted(pk for pk in set(expected) & set(indexed) if expected[pk] and indexed[pk] != expected[pk]),
    )


def update(kind):
    """Index only what differs from the database, then apply the outbox. Returns the Difference fixed."""
    outbox.process_all()
    difference = check(kind)
    actions = {pk: "index" for pk in difference.missing + difference.stale}
    actions.update({pk: "delete" for pk in difference.extra})
    if actions:
        apply(kind, actions, refresh=True)
    return difference
