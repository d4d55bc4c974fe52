"""Database search fallback for the embedded first run (no ELASTICSEARCH_URL).

It answers the same questions as the Elasticsearch backend, less cleverly: every word must appear
(case-insensitive) in the title, summary or the type's key fields; no stemming, synonyms or typo
tolerance. The health page says when this fallback is in use.
"""

import time
from functools import reduce
from operator import and_, or_

from django.db.models import Count, Q

from kb.models import ArticlePage
from search import snippets
from search.types import SearchHit, SearchResponse

SEARCHED_FIELDS = [
    "title",
    "summary",
    "answerpage__customer_question",
    "answerpage__question_variants",
    "answerpage__approved_answer",
    "offerpage__offer_code",
    "knowndefectpage__symptoms",
    "crisispage__holding_statement",
]
TYPE_LOOKUPS = {
    "offer": "offerpage__isnull",
    "defect": "knowndefectpage__isnull",
    "crisis": "crisispage__isnull",
    "answer": "answerpage__isnull",
}


class DatabaseSearchBackend:
    engine = "database"

    def search(self, user, query, filters, page, page_size, readable_acl):
        started = time.monotonic()
        articles = ArticlePage.objects.visible_to_readers()
        words = query.split()
        if words:
            articles = articles.filter(
                reduce(and_, (reduce(or_, (Q(**{f"{name}__icontains": word}) for name in SEARCHED_FIELDS)) for word in words))
            )
        articles = self.apply_filters(articles, filters)
        facets = self.facets(articles)
        total = articles.count()
        window = articles.select_related("content_type").order_by("-last_published_at")[
            (page - 1) * page_size : page * page_size
        ]
        results = [
            SearchHit(
                type=article.specific_class.type_code,
                id=article.id,
                title=article.title,
                url=article.url,
                snippet_parts=snippets.unmarked(article.summary),
                score=0.0,
                certified=True,
                updated_at=article.last_published_at.isoformat() if article.last_published_at else None,
            )
            for article in window
        ]
        return SearchResponse(
            query=query,
            total=total,
            took_ms=int((time.monotonic() - started) * 1000),
            results=results,
            facets=facets,
            page=page,
            page_size=page_size,
            engine=self.engine,
        )

    def suggest(self, user, prefix, readable_acl, size):
        articles = ArticlePage.objects.visible_to_readers().filter(title__icontains=prefix).select_related("content_type")
        return [
            {"type": a.specific_class.type_code, "id": a.id, "title": a.title, "url": a.url, "text": a.title}
            for a in articles.order_by("title")[:size]
        ]

    def apply_filters(self, articles, filters):
        if filters.get("type") in TYPE_LOOKUPS:
            articles = articles.filter(**{TYPE_LOOKUPS[filters["type"]]: False})
        if filters.get("product"):
            articles = articles.filter(products__slug=filters["product"])
        if filters.get("tag"):
            articles = articles.filter(tags__name=filters["tag"])
        return articles.distinct()

    def facets(self, articles):
        type_counts = {
            type_code: articles.filter(**{lookup: False}).count() for type_code, lookup in TYPE_LOOKUPS.items()
        }
        products = (
            articles.values("products__slug", "products__name")
            .exclude(products__slug=None)
            .annotate(count=Count("id", distinct=True))
            .order_by("-count", "products__name")
        )
        tags = (
            articles.values("tags__name")
            .exclude(tags__name=None)
            .annotate(count=Count("id", distinct=True))
            .order_by("-count", "tags__name")
        )
        return {
            "type": [{"value": key, "count": count} for key, count in type_counts.items() if count],
            "product": [
                {"value": row["products__slug"], "label": row["products__name"], "count": row["count"]}
                for row in products
            ],
            "tag": [{"value": row["tags__name"], "count": row["count"]} for row in tags],
        }
