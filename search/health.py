"""The search state for the health page and /readyz: engine, cluster, indices and the outbox backlog."""

from elasticsearch import ApiError, TransportError

from core import health
from search import client, outbox
from search.indexing import KINDS, alias


def search_health():
    state = {"engine": "elasticsearch" if client.enabled() else "database", "ok": True, "indices": [],
             "cluster": None, "error": "", "backlog": outbox.backlog(), "cache": health.cache_status()}
    if not client.enabled():
        return state
    es = client.get_client()
    try:
        state["cluster"] = es.cluster.health(timeout="2s")["status"]
        for kind in KINDS:
            name = alias(kind)
            if es.indices.exists_alias(name=name):
                targets = list(es.indices.get_alias(name=name))
                state["indices"].append({"alias": name, "index": ", ".join(targets),
                                         "documents": es.count(index=name)["count"]})
            else:
                state["indices"].append({"alias": name, "index": "", "documents": 0})
        state["ok"] = state["cluster"] in ("green", "yellow")
    except (ApiError, TransportError) as error:
        state.update(ok=False, error=str(error)[:500])
    return state


def elasticsearch_status():
    """For /readyz: the cluster through the client search uses; without ELASTICSEARCH_URL the database
    fallback answers searches, which is fine."""
    if not client.enabled():
        return {"ok": True, "engine": "database"}
    try:
        status = client.get_client().cluster.health(timeout="2s")["status"]
    except Exception as error:
        return {"ok": False, "engine": "elasticsearch", "error": health.error_text(error)}
    return {"ok": status in ("green", "yellow"), "engine": "elasticsearch", "cluster": status}


def outbox_status():
    """For /readyz: index jobs waiting for Elasticsearch."""
    try:
        return health.backlog_state(outbox.backlog())
    except Exception as error:
        return {"ok": False, "error": health.error_text(error)}
