"""Search through Elasticsearch: every kind's alias queried together, mapped to `SearchResponse`.

The request is built with the DSL once (`to_dict`), sent with the plain client, and the JSON answer is
read as dicts: wrapping it back into DSL objects cost more than the rest of the request (profiled).
"""

import time

from django.utils.html import escape

from search import queries
from search.client import get_client
from search.indexing import KINDS, alias
from search.types import SearchHit, SearchResponse

FEW_RESULTS = 3
SNIPPET_FIELDS = ("text_it", "text_en", "question_it", "question_en", "title_it", "title_en")


def indices():
    return ",".join(alias(kind) for kind in KINDS)


def hit_title(source):
    return source.get("title_it") or source.get("title_en") or ""


def snippet(hit):
    highlight = hit.get("highlight") or {}
    for field in SNIPPET_FIELDS:
        if highlight.get(field):
            return highlight[field][0]
    return escape(hit["_source"].get("summary") or "")


def to_hit(hit):
    source = hit["_source"]
    return SearchHit(
        type=source["type"],
        id=int(source["object_id"]),
        title=hit_title(source),
        url=source.get("url", ""),
        snippet=snippet(hit),
        score=round(hit.get("_score") or 0.0, 4),
        certified=bool(source.get("certified")),
        updated_at=source.get("updated_at"),
    )


def facets(aggregations):
    return {
        name: [{"value": bucket["key"], "count": bucket["doc_count"]} for bucket in aggregations[name]["values"]["buckets"]]
        for name in queries.FACETS
    }


def suggestion(response, query, total):
    if total >= FEW_RESULTS:
        return None
    for entry in (response.get("suggest") or {}).get("did_you_mean", []):
        for option in entry.get("options", []):
            if option["text"].strip().lower() != query.strip().lower():
                return option["text"]
    return None


class ElasticsearchBackend:
    engine = "elasticsearch"

    def search(self, user, query, filters, page, page_size, readable_acl):
        started = time.monotonic()
        response = self.request(query, filters, readable_acl, page, page_size, tolerant=False)
        total = response["hits"]["total"]["value"]
        if query and total < FEW_RESULTS:
            # Few hits for the words as typed: try again tolerating typos, and suggest a spelling.
            response = self.request(query, filters, readable_acl, page, page_size, tolerant=True)
            total = response["hits"]["total"]["value"]
        return SearchResponse(
            query=query,
            total=total,
            took_ms=int((time.monotonic() - started) * 1000),
            results=[to_hit(hit) for hit in response["hits"]["hits"]],
            facets=facets(response["aggregations"]),
            suggestion=suggestion(response, query, total) if query else None,
            page=page,
            page_size=page_size,
            engine=self.engine,
        )

    def request(self, query, filters, readable_acl, page, page_size, tolerant):
        body = queries.build_search(indices(), query, filters, readable_acl, page, page_size, tolerant).to_dict()
        return get_client().search(index=indices(), body=body)

    def suggest(self, user, prefix, readable_acl, size):
        body = queries.build_suggest(indices(), prefix, readable_acl, size).to_dict()
        response = get_client().search(index=indices(), body=body)
        options = response["suggest"]["titles"][0]["options"] if response.get("suggest") else []
        return [
            {
                "type": option["_source"]["type"],
                "id": int(option["_source"]["object_id"]),
                "title": hit_title(option["_source"]),
                "url": option["_source"].get("url", ""),
                "text": option["text"],
            }
            for option in options
        ]
