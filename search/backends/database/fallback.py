"""The fallback search itself: candidates the user may see, ranked, faceted and turned into hits."""

import datetime
import time
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Coalesce
from wagtail.search.backends import get_search_backend

from collaboration.models import Answer, Question
from core.markup import plain_text
from kb.models import ARTICLE_TYPES, AnswerPage, ArticlePage
from search import snippets
from search.analysis import fold
from search.backends.database.index import WORD, folded_words
from search.backends.database.query import (
    ARTICLE_STATUS,
    FACET_NAMES,
    MAX_CANDIDATES,
    TITLE_WEIGHT,
    UNVERIFIED_WEIGHT,
    FallbackQuery,
    clause_scores,
    relevance,
    stem,
)
from search.documents import ALL_READERS
from search.kinds import space_acl
from search.types import SearchHit, SearchResponse

# A question an approved answer answers (its customer's question and its variants) says what the answer is
# about as a title does, with this weight against the title: on the tuning half of bench/relevance
# (2026-11-29, top-1 keywords / customers' messages, SQLite) 77.6 / 72.6 % without them, 78.9 / 77.4 % at
# 0.7, 76.3 / 71.0 % at 1.0, 78.9 / 75.8 % at 0.5; on PostgreSQL 76.3 / 72.6 % without, 77.6 / 77.4 % at
# 0.7. Tags as a title of their own did no better (SQLite keywords 77.6 %).
VARIANT_WEIGHT = 0.7


def readable_space_ids(readable_acl):
    prefix = space_acl("")
    return [int(value[len(prefix):]) for value in readable_acl if value.startswith(prefix)]


def marked_parts(text, stems):
    """`text` as plain-text snippet parts with the query's words marked, like Elasticsearch's highlights."""
    plain = "".join(part for part, _marked in snippets.unmarked(text))
    parts, start = [], 0
    for match in WORD.finditer(plain):
        if stem(fold(match.group())) in stems:
            if match.start() > start:
                parts.append((plain[start : match.start()], False))
            parts.append((match.group(), True))
            start = match.end()
    if start < len(plain):
        parts.append((plain[start:], False))
    return parts


@dataclass
class Candidate:
    """One visible match, with what ranking and facets need."""

    kind: str  # "article" or "question"
    id: int
    type: str
    title: str
    status: str
    updated_at: datetime.datetime | None
    certified: bool
    score: float = 0.0
    questions: list = field(default_factory=list)  # an answer's customer question and its variants
    products: set = field(default_factory=set)
    tags: set = field(default_factory=set)

    def values(self, name):
        return {"type": {self.type}, "product": self.products, "tag": self.tags, "status": {self.status}}[name]

    def passes(self, filters, ignoring=None):
        return all(
            (value.lower() if name == "tag" else value) in self.values(name)
            for name, value in filters.items()
            if name != ignoring
        )


def facets(candidates, filters):
    """Counts per value; each facet ignores its own filter, so another value can be chosen (as in
    Elasticsearch)."""
    result = {}
    for name in FACET_NAMES:
        counts = {}
        for candidate in candidates:
            if candidate.passes(filters, ignoring=name):
                for value in candidate.values(name):
                    counts[value] = counts.get(value, 0) + 1
        result[name] = [
            {"value": value, "count": count} for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
    return result


def visible_articles(readable_acl):
    """Articles readers may see (live, unrestricted, unexpired), as a queryset Wagtail can search: it only
    takes filters on FilterFields, so the rules go in as a subquery on Page's `id`."""
    if ALL_READERS not in readable_acl:
        return ArticlePage.objects.none()
    return ArticlePage.objects.filter(id__in=ArticlePage.objects.visible_to_readers().values("id"))


def readable_questions(readable_acl):
    return Question.objects.filter(space__in=readable_space_ids(readable_acl))


def ranked(queryset, query, newest_first):
    """The best MAX_CANDIDATES of `queryset` with a `score`: the weighted sum of the query's clauses, or,
    without words, newest first."""
    if not query.clauses:
        return [(obj, 0.0) for obj in queryset.order_by(f"-{newest_first}")[:MAX_CANDIDATES]]
    scores = clause_scores(queryset, query)
    best = sorted(scores, key=scores.get, reverse=True)[:MAX_CANDIDATES]
    objects = queryset.in_bulk(best)
    return [(objects[pk], scores[pk]) for pk in best if pk in objects]


def article_candidates(query, readable_acl):
    type_codes = {ContentType.objects.get_for_model(model).pk: code for code, model in ARTICLE_TYPES.items()}
    articles = visible_articles(readable_acl).annotate(
        specific_status=Coalesce("knowndefectpage__status", "crisispage__status", Value(""))
    ).only("id", "title", "content_type", "last_published_at")
    candidates = {}
    for article, score in ranked(articles, query, "last_published_at"):
        type_code = type_codes[article.content_type_id]
        candidates[article.pk] = Candidate(
            "article", article.pk, type_code, article.title,
            article.specific_status or ARTICLE_STATUS.get(type_code, ""), article.last_published_at,
            certified=True, score=score,
        )
    ids = list(candidates)
    answers = AnswerPage.objects.filter(pk__in=ids).values_list("pk", "customer_question", "question_variants")
    for pk, question, variants in answers:
        candidates[pk].questions = [question, *(line for line in variants.splitlines() if line.strip())]
    for pk, slug in ArticlePage.objects.filter(pk__in=ids, products__isnull=False).values_list("pk", "products__slug"):
        candidates[pk].products.add(slug)
    for pk, tag in ArticlePage.objects.filter(pk__in=ids, tags__isnull=False).values_list("pk", "tags__name"):
        candidates[pk].tags.add(tag.lower())
    return list(candidates.values())


def question_candidates(query, readable_acl):
    certified = Answer.objects.filter(question=OuterRef("pk"), certified_at__isnull=False)
    questions = readable_questions(readable_acl).annotate(certified=Exists(certified)).only(
        "id", "title", "status", "updated_at", "product"
    ).select_related("product")
    candidates = {
        question.pk: Candidate(
            "question", question.pk, "question", question.title, question.status, question.updated_at,
            certified=question.certified, score=score,
            products={question.product.slug} if question.product_id else set(),
        )
        for question, score in ranked(questions, query, "updated_at")
    }
    for pk, tag in Question.objects.filter(pk__in=list(candidates), tags__isnull=False).values_list("pk", "tags__name"):
        candidates[pk].tags.add(tag.lower())
    return list(candidates.values())


def rank(candidates, query):
    """Best first: the clauses' weighted relevance, weighted by how much of the query the title says (or,
    less, a question the answer answers) and by certification; newest first without a query or between equals."""
    for candidate in candidates:
        shares = [VARIANT_WEIGHT * query.title_share(question) for question in candidate.questions]
        candidate.score *= 1 + TITLE_WEIGHT * max([query.title_share(candidate.title), *shares])
        if not candidate.certified:
            candidate.score *= UNVERIFIED_WEIGHT
    by_date = sorted(candidates, key=lambda c: c.updated_at.timestamp() if c.updated_at else 0, reverse=True)
    return sorted(by_date, key=lambda c: c.score, reverse=True)


def article_hit(page, candidate, stems):
    return SearchHit(
        type=page.type_code,
        id=page.pk,
        title=page.title,
        url=page.url,
        snippet_parts=marked_parts(page.summary, stems),
        score=round(candidate.score, 4),
        certified=True,
        updated_at=page.last_published_at.isoformat() if page.last_published_at else None,
        answer=plain_text(page.approved_answer) if isinstance(page, AnswerPage) else None,
    )


def question_hit(question, candidate, stems):
    return SearchHit(
        type="question",
        id=question.pk,
        title=question.title,
        url=question.get_absolute_url(),
        snippet_parts=marked_parts(question.body, stems),
        score=round(candidate.score, 4),
        certified=candidate.certified,
        updated_at=question.updated_at.isoformat(),
    )


def hits(window, stems):
    """The page of results, read in full (specific pages, questions) only for the window."""
    pages = ArticlePage.objects.filter(pk__in=[c.id for c in window if c.kind == "article"]).specific().in_bulk()
    questions = Question.objects.in_bulk([c.id for c in window if c.kind == "question"])
    found = []
    for candidate in window:  # an object deleted since it was ranked is left out
        if candidate.kind == "article" and candidate.id in pages:
            found.append(article_hit(pages[candidate.id], candidate, stems))
        elif candidate.kind == "question" and candidate.id in questions:
            found.append(question_hit(questions[candidate.id], candidate, stems))
    return found


def suggestion(obj, pages):
    if isinstance(obj, ArticlePage):
        page = pages[obj.pk]
        return {"type": page.type_code, "id": page.pk, "title": page.title, "url": page.url, "text": page.title}
    return {"type": "question", "id": obj.pk, "title": obj.title, "url": obj.get_absolute_url(), "text": obj.title}


class DatabaseSearchBackend:
    engine = "database"

    def search(self, user, query, filters, page, page_size, readable_acl, with_facets=True):
        started = time.monotonic()
        fallback_query = FallbackQuery(query)
        candidates = rank(
            article_candidates(fallback_query, readable_acl) + question_candidates(fallback_query, readable_acl),
            fallback_query,
        )
        chosen = [candidate for candidate in candidates if candidate.passes(filters)]
        return SearchResponse(
            query=query,
            total=len(chosen),
            took_ms=int((time.monotonic() - started) * 1000),
            results=hits(chosen[(page - 1) * page_size : page * page_size], fallback_query.marked_stems),
            facets=facets(candidates, filters) if with_facets else {},
            page=page,
            page_size=page_size,
            engine=self.engine,
        )

    def suggest(self, user, prefix, readable_acl, size):
        """Titles with a word starting with the last word typed (and containing the others)."""
        text = " ".join(folded_words(prefix))
        if not text:
            return []
        backend = get_search_backend()
        found = [
            (relevance(obj._score), obj)
            for queryset in (visible_articles(readable_acl), readable_questions(readable_acl))
            for obj in backend.autocomplete(text, queryset).annotate_score("_score")[:size]
        ]
        found.sort(key=lambda item: item[0], reverse=True)
        chosen = [obj for _score, obj in found[:size]]
        pages = ArticlePage.objects.filter(pk__in=[o.pk for o in chosen if isinstance(o, ArticlePage)]).specific().in_bulk()
        return [suggestion(obj, pages) for obj in chosen if not isinstance(obj, ArticlePage) or obj.pk in pages]
