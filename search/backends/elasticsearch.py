"""Search through Elasticsearch: every kind's alias queried together, mapped to `SearchResponse`."""

import time

from django.utils.html import escape

from search import queries
from search.client import get_client
from search.indexing import KINDS, alias
from search.types import SearchHit, SearchResponse

FEW_RESULTS = 3


def indices():
    return ",".join(alias(kind) for kind in KINDS)


def hit_title(hit):
    return getattr(hit, "title_it", None) or getattr(hit, "title_en", None) or ""


def snippet(hit):
    highlight = getattr(hit.meta, "highlight", None)
    if highlight:
        for field in ("text_it", "text_en", "question_it", "question_en", "title_it", "title_en"):
            fragments = getattr(highlight, field, None)
            if fragments:
                return fragments[0]
    return escape(getattr(hit, "summary", "") or "")


def to_hit(hit):
    return SearchHit(
        type=hit.type,
        id=int(hit.object_id),
        title=hit_title(hit),
        url=hit.url,
        snippet=snippet(hit),
        score=round(hit.meta.score or 0.0, 4),
        certified=bool(getattr(hit, "certified", False)),
        updated_at=getattr(hit, "updated_at", None),
    )


def facets(aggregations):
    return {
        name: [{"value": bucket.key, "count": bucket.doc_count} for bucket in aggregations[name]["values"].buckets]
        for name in queries.FACETS
    }


def suggestion(response, query, total):
    if total >= FEW_RESULTS or not hasattr(response, "suggest"):
        return None
    for option in response.suggest.did_you_mean[0].options if response.suggest.did_you_mean else []:
        if option.text.strip().lower() != query.strip().lower():
            return option.text
    return None


class ElasticsearchBackend:
    engine = "elasticsearch"

    def search(self, user, query, filters, page, page_size, readable_acl):
        started = time.monotonic()
        request = queries.build_search(indices(), query, filters, readable_acl, page, page_size)
        response = request.using(get_client()).execute()
        total = response.hits.total.value
        return SearchResponse(
            query=query,
            total=total,
            took_ms=int((time.monotonic() - started) * 1000),
            results=[to_hit(hit) for hit in response],
            facets=facets(response.aggregations),
            suggestion=suggestion(response, query, total) if query else None,
            page=page,
            page_size=page_size,
            engine=self.engine,
        )

    def suggest(self, user, prefix, readable_acl, size):
        response = queries.build_suggest(indices(), prefix, readable_acl, size).using(get_client()).execute()
        options = response.suggest.titles[0].options if response.suggest.titles else []
        return [
            {
                "type": option._source.type,
                "id": int(option._source.object_id),
                "title": option._source.to_dict().get("title_it") or option._source.to_dict().get("title_en"),
                "url": option._source.url,
                "text": option.text,
            }
            for option in options
        ]
