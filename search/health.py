"""The search state for the health page: engine, cluster, indices and the outbox backlog."""

from elasticsearch import ApiError, TransportError

from search import client, outbox
from search.indexing import KINDS, alias


def search_health():
    state = {"engine": "elasticsearch" if client.enabled() else "database", "ok": True, "indices": [],
             "cluster": None, "error": "", "backlog": outbox.backlog()}
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
