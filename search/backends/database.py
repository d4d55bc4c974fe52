"""Database search: Wagtail's own full-text index, for the embedded first run and when Elasticsearch fails.

Two parts, one index:

- `SearchBackend` is what WAGTAILSEARCH_BACKENDS names: Wagtail's database backend for the database in
  use (SQLite FTS5, or PostgreSQL full text with SEARCH_CONFIG), with the text folded in Python
  (`search.analysis.fold`) on the way in and on the way out. SQLite's unicode61 tokenizer already drops
  accents, but PostgreSQL's Italian configuration does not ("qualità" → qualit, "qualita" → qual) and
  drops "perché" as a stop word while "perche" stays, and the `unaccent` extension may not be installed.
  Wagtail keeps the index on save (its signal handlers on ArticlePage and Question; answers through
  search.signal_handlers); `manage.py update_index` rebuilds it.
- `DatabaseSearchBackend` is what search.service calls: articles readers may see and questions of the
  spaces in the user's `readable_acl` (the rule of the Elasticsearch backend), any word of the query
  (OR), ranked by Wagtail, then a title match and certified content put first. Same `SearchResponse`
  as Elasticsearch; snippets are plain-text parts (search.snippets), never the stored HTML.

No synonyms or typo tolerance, and on SQLite no stemming either: that is Elasticsearch's job. The health
page says when this fallback answers.
"""

import datetime
import re
import time
from dataclasses import dataclass, field
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Exists, Manager, OuterRef, Value
from django.db.models.functions import Coalesce
from django.utils.encoding import force_str
from wagtail.search import index
from wagtail.search.backends import database as wagtail_database
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Not, Or, Phrase, PlainText
from wagtail.search.tasks import insert_or_update_object_task

from collaboration.models import Answer, Question
from core.markup import plain_text
from kb.models import ARTICLE_TYPES, AnswerPage, ArticlePage
from search import snippets
from search.analysis import fold
from search.documents import ALL_READERS
from search.kinds import space_acl
from search.types import SearchHit, SearchResponse

WORD = re.compile(r"\w+")


# The index: Wagtail's database backend, folded.


def folded_words(text):
    return WORD.findall(fold(text))


def folded_query(query):
    """A Wagtail query with its text folded as the indexed text is."""
    if isinstance(query, str):
        return fold(query)
    if isinstance(query, PlainText):
        return PlainText(fold(query.query_string), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        return Phrase(fold(query.query_string))
    if isinstance(query, (And, Or)):
        return type(query)([folded_query(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(folded_query(query.subquery))
    return query


def text_of(value):
    """A field's value as text, the way Wagtail's database indexer joins lists and dicts."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(text_of(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(text_of(item) for item in value.values())
    return force_str(value)


def related_objects(related, obj):
    value = related.get_value(obj)
    if value is None:
        return []
    if isinstance(value, Manager):
        return list(value.all())
    return [value() if callable(value) else value]


class FoldedField:
    """A search field read from the real object (through its RelatedFields, if any) and folded.

    Related fields are flattened into one field named after their path ("tags__name"), so only the
    object's own `title` fills the index's title column, as in Wagtail.
    """

    def __init__(self, source, path=()):
        name = "__".join([*(related.field_name for related in path), source.field_name])
        options = {"boost": source.boost} if isinstance(source, index.SearchField) else {}
        super().__init__(name, **options)
        self.source, self.path = source, path

    def get_value(self, record):
        objects = [record.obj]
        for related in self.path:
            objects = [item for obj in objects for item in related_objects(related, obj)]
        return fold(", ".join(text_of(self.source.get_value(obj)) for obj in objects))


class FoldedSearchField(FoldedField, index.SearchField):
    pass


class FoldedAutocompleteField(FoldedField, index.AutocompleteField):
    pass


def folded_fields(fields, path=()):
    for search_field in fields:
        if isinstance(search_field, index.RelatedFields):
            yield from folded_fields(search_field.fields, (*path, search_field))
        elif isinstance(search_field, index.SearchField):
            yield FoldedSearchField(search_field, path)
        elif isinstance(search_field, index.AutocompleteField):
            yield FoldedAutocompleteField(search_field, path)


class FoldedRecord:
    """An object as Wagtail's database indexer reads it (`pk`, `get_search_fields()`), text folded."""

    def __init__(self, obj):
        self.obj, self.pk = obj, obj.pk

    def get_search_fields(self):
        return list(folded_fields(self.obj.get_search_fields()))


class FoldedIndex:
    """Mixin for the index class of a Wagtail database backend: every object goes in folded."""

    def add_items(self, model, objs):
        super().add_items(model, [FoldedRecord(obj) for obj in objs])


class FoldedBackend:
    """Mixin for a Wagtail database backend: queries are folded like the index (the admin's too)."""

    def search(self, query, model_or_queryset, *args, **kwargs):
        return super().search(folded_query(query), model_or_queryset, *args, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return super().autocomplete(folded_query(query), model_or_queryset, *args, **kwargs)


@cache
def folded_backend_class(backend_class):
    index_class = type(f"Folded{backend_class.index_class.__name__}", (FoldedIndex, backend_class.index_class), {})
    return type(f"Folded{backend_class.__name__}", (FoldedBackend, backend_class), {"index_class": index_class})


def SearchBackend(params):  # noqa: N802 — the name Wagtail looks up in a backend module
    """Wagtail's database backend for this database, folded. Wagtail's own factory chooses the class
    (SQLite with or without FTS5, PostgreSQL, MySQL); it is built again as its folded subclass."""
    return folded_backend_class(type(wagtail_database.SearchBackend(params)))(params)


# The fallback search: articles and questions in that index.

# Function words dropped from a query: SQLite's index keeps them (PostgreSQL's Italian configuration
# drops its own list), and with OR semantics "il" or "the" would match almost everything. Folded.
STOP_WORDS = frozenset("""
il lo la i gli le un uno una di a da in con su per tra fra del dello della dei degli delle al allo alla
ai agli alle dal dallo dalla dai dagli dalle nel nello nella nei negli nelle sul sullo sulla sui sugli
sulle col coi e ed o od ma che chi cui non se come dove quando anche piu ne ci vi si
mi ti sono ho hai ha hanno abbiamo essere sia mio mia tuo tua suo sua loro questo questa quello quella
the a an of to in on at by for from with and or is are was be been it its this that my your our their
i you we he she they me can how what when where why do does did not no
""".split())
MAX_WORDS = 40
# Enough to fill every page a user can open (search.service.MAX_PAGE pages); each kind is ranked,
# counted and faceted within its best MAX_CANDIDATES.
MAX_CANDIDATES = 1000
# A match with every word of the query in the title counts (1 + TITLE_WEIGHT) times as much: Wagtail
# ranks the whole entry (SQLite's bm25, PostgreSQL's ts_rank) and words in the body add up to a
# title's. On the tuning half of bench/relevance (SQLite, 162 queries) the right article came first for
# 41 % of the queries without it, 51 % at 1.0 and 54 % at 2.0; higher weights did no better.
TITLE_WEIGHT = 2.0
# A question without a certified answer, against approved content of equal match (Elasticsearch
# ranks certified content twice as high).
UNVERIFIED_WEIGHT = 0.5
ARTICLE_STATUS = {"offer": "current", "answer": "approved"}  # as search.kinds.ArticleKind.status
FACET_NAMES = ("type", "product", "tag", "status")


def query_words(query):
    """The folded words of a query without function words (all of them if nothing else is left)."""
    words = list(dict.fromkeys(folded_words(query)))
    content = [word for word in words if word not in STOP_WORDS]
    return (content or words)[:MAX_WORDS]


def stem(word):
    """A word without its inflection's last letter (offerta, offerte → offert; bills → bill): to see
    whether a title or snippet word is a query word."""
    return word[:-1] if len(word) > 4 and word[-1] in "aeios" else word


def title_share(title, stems):
    """How many of the query's words are in the title, from 0 to 1."""
    title_stems = {stem(word) for word in folded_words(title)}
    return len(stems & title_stems) / len(stems) if stems else 0.0


def relevance(score):
    # Wagtail annotates SQLite's bm25(), where lower is better, and PostgreSQL's ts_rank, where higher is.
    return -score if connection.vendor == "sqlite" else score


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


def ranked(queryset, words, newest_first):
    """The best MAX_CANDIDATES of `queryset` with a `score`: Wagtail's relevance for any of the words,
    or, without words, newest first."""
    if not words:
        return [(obj, 0.0) for obj in queryset.order_by(f"-{newest_first}")[:MAX_CANDIDATES]]
    results = get_search_backend().search(" ".join(words), queryset, operator="or").annotate_score("_score")
    return [(obj, relevance(obj._score)) for obj in results[:MAX_CANDIDATES]]


def article_candidates(words, readable_acl):
    type_codes = {ContentType.objects.get_for_model(model).pk: code for code, model in ARTICLE_TYPES.items()}
    articles = visible_articles(readable_acl).annotate(
        specific_status=Coalesce("knowndefectpage__status", "crisispage__status", Value(""))
    ).only("id", "title", "content_type", "last_published_at")
    candidates = {}
    for article, score in ranked(articles, words, "last_published_at"):
        type_code = type_codes[article.content_type_id]
        candidates[article.pk] = Candidate(
            "article", article.pk, type_code, article.title,
            article.specific_status or ARTICLE_STATUS.get(type_code, ""), article.last_published_at,
            certified=True, score=score,
        )
    ids = list(candidates)
    for pk, slug in ArticlePage.objects.filter(pk__in=ids, products__isnull=False).values_list("pk", "products__slug"):
        candidates[pk].products.add(slug)
    for pk, tag in ArticlePage.objects.filter(pk__in=ids, tags__isnull=False).values_list("pk", "tags__name"):
        candidates[pk].tags.add(tag.lower())
    return list(candidates.values())


def question_candidates(words, readable_acl):
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
        for question, score in ranked(questions, words, "updated_at")
    }
    for pk, tag in Question.objects.filter(pk__in=list(candidates), tags__isnull=False).values_list("pk", "tags__name"):
        candidates[pk].tags.add(tag.lower())
    return list(candidates.values())


def rank(candidates, words):
    """Best first: Wagtail's relevance weighted by a title match and certification; newest first
    without a query or between equals."""
    stems = {stem(word) for word in words}
    for candidate in candidates:
        candidate.score *= 1 + TITLE_WEIGHT * title_share(candidate.title, stems)
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


def hits(window, words):
    """The page of results, read in full (specific pages, questions) only for the window."""
    stems = {stem(word) for word in words}
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

    def search(self, user, query, filters, page, page_size, readable_acl):
        started = time.monotonic()
        words = query_words(query)
        candidates = rank(article_candidates(words, readable_acl) + question_candidates(words, readable_acl), words)
        chosen = [candidate for candidate in candidates if candidate.passes(filters)]
        return SearchResponse(
            query=query,
            total=len(chosen),
            took_ms=int((time.monotonic() - started) * 1000),
            results=hits(chosen[(page - 1) * page_size : page * page_size], words),
            facets=facets(candidates, filters),
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


def index_question(question_id):
    """Re-index a question in Wagtail's index, where its answers are part of its text (an answer is not
    indexed on its own): through Wagtail's own task, as a save of the question itself does."""
    insert_or_update_object_task.enqueue(Question._meta.app_label, Question._meta.model_name, str(question_id))
