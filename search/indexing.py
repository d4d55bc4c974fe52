"""Turning Sportello content into search documents and writing them to Elasticsearch.

Each kind of content registers an `IndexedKind`: what may ever be indexed (`queryset`), how an object
becomes a document (`to_document`) and the document class. The outbox and the `search_index` command
both go through `apply()` and `bulk_index()`, so there is one way to write to the index.
"""

import logging
import time

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError, TransportError
from elasticsearch.dsl import Index
from elasticsearch.helpers import BulkIndexError, streaming_bulk

from kb.models import AnswerPage, CrisisPage, KnownDefectPage, OfferPage
from search import analysis
from search.client import enabled, get_client
from search.documents import ALL_READERS, ArticleDocument, index_name

logger = logging.getLogger(__name__)

SUGGEST_SUFFIXES = 4


class IndexingUnavailable(Exception):
    """Elasticsearch could not be reached or refused the write; the change stays in the outbox."""


def searchable_text(obj, skip=()):
    """The text of the object's Wagtail `search_fields`, as one string per field."""
    parts = []
    for field in obj.search_fields:
        if field.__class__.__name__ != "SearchField" or field.field_name in skip:
            continue
        value = field.get_value(obj)
        if isinstance(value, (list, tuple)):
            parts.extend(str(item) for item in value if item)
        elif value:
            parts.append(str(value))
    return parts


def suggestion_inputs(*phrases):
    """Completion inputs: each phrase, and the phrase from each of its next words, so "rimodulazione"
    suggests "Disdetta dopo rimodulazione" too."""
    inputs = []
    for phrase in phrases:
        words = analysis.normalise(phrase).split()
        for start in range(min(len(words), SUGGEST_SUFFIXES)):
            candidate = " ".join(words[start:])[:200]
            if candidate and candidate not in inputs:
                inputs.append(candidate)
    return inputs


def language_fields(language, **texts):
    language = language if language in analysis.LANGUAGES else "it"
    return {f"{name}_{language}": analysis.normalise(text) for name, text in texts.items()}


class ArticleKind:
    name = "article"
    document = ArticleDocument
    models = (OfferPage, KnownDefectPage, CrisisPage, AnswerPage)

    def querysets(self, ids=None):
        for model in self.models:
            queryset = model.objects.visible_to_readers().prefetch_related("tags", "products", "topics")
            if ids is not None:
                queryset = queryset.filter(pk__in=ids)
            yield queryset.order_by("pk")

    def count(self):
        return sum(queryset.count() for queryset in self.querysets())

    def versions(self):
        """{id: last change time} of everything that should be in the index, for `search_index check`."""
        return {
            pk: changed
            for queryset in self.querysets()
            for pk, changed in queryset.values_list("pk", "last_published_at")
        }

    def status(self, page):
        return getattr(page, "status", None) or {"offer": "current", "answer": "approved"}[page.type_code]

    def to_document(self, page):
        question_parts = [page.customer_question, *page.variants] if isinstance(page, AnswerPage) else []
        text_parts = searchable_text(page, skip={"title", "customer_question", "question_variants"})
        title, question, text = page.title, "\n".join(question_parts), "\n".join(text_parts)
        products = list(page.products.all())
        return self.document(
            meta={"id": page.pk},
            kind=self.name,
            type=page.type_code,
            object_id=str(page.pk),
            **language_fields(page.language, title=title, question=question, text=text),
            folded=analysis.fold(" ".join([title, question, text])),
            spelling=analysis.normalise(" ".join([title, question])),
            suggest={"input": suggestion_inputs(title, *question_parts), "contexts": {"acl": [ALL_READERS]}},
            summary=page.summary,
            url=page.url,
            language=page.language,
            product=[product.slug for product in products],
            product_name=[product.name for product in products],
            tags=[tag.name for tag in page.tags.all()],
            topics=[topic.slug for topic in page.topics.all()],
            status=self.status(page),
            acl=[ALL_READERS],
            certified=True,
            needs_review=page.needs_review,
            updated_at=page.last_published_at or timezone.now(),
            expire_at=page.expire_at,
        )

    def iter_documents(self, ids=None):
        for queryset in self.querysets(ids):
            for page in queryset.iterator(chunk_size=500):
                yield self.to_document(page)


KINDS = {kind.name: kind for kind in (ArticleKind(),)}


def alias(kind):
    return index_name(kind)


def new_index(kind):
    """Create an empty, timestamped index for `kind` with the current mapping; return its name."""
    name = f"{alias(kind)}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1000000:06d}"
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=settings.SEARCH_INDEX_REPLICAS)
    index.document(KINDS[kind].document)
    index.create(using=get_client())
    return name


def ensure_indices():
    """Create each kind's index and alias if missing (first start, fresh test run)."""
    client = get_client()
    for kind in KINDS:
        if not client.indices.exists_alias(name=alias(kind)):
            name = new_index(kind)
            client.indices.put_alias(index=name, name=alias(kind))


def bulk_actions(kind, documents, index):
    for document in documents:
        action = document.to_dict(include_meta=True)
        action["_index"] = index
        yield action


def bulk_index(kind, documents, index=None, chunk_size=500, refresh=False, progress=None):
    """Write documents to `index` (default: the alias). Returns the number written."""
    written = 0
    try:
        for ok, item in streaming_bulk(
            get_client(),
            bulk_actions(kind, documents, index or alias(kind)),
            chunk_size=chunk_size,
            raise_on_error=True,
            refresh=refresh,
        ):
            written += 1
            if progress:
                progress(written)
    except (BulkIndexError, ApiError, TransportError) as error:
        raise IndexingUnavailable(str(error)[:500]) from error
    return written


def apply(kind, actions, refresh=False):
    """Apply outbox actions {object_id: "index"|"delete"}: index what may be indexed, delete the rest."""
    indexer = KINDS[kind]
    wanted = [pk for pk, action in actions.items() if action == "index"]
    documents = list(indexer.iter_documents(ids=wanted)) if wanted else []
    indexed = {int(document.meta.id) for document in documents}
    to_delete = [pk for pk in actions if pk not in indexed]
    client = get_client()
    try:
        ensure_indices()
        if documents:
            bulk_index(kind, documents)
        if to_delete:
            operations = [{"delete": {"_index": alias(kind), "_id": str(pk)}} for pk in to_delete]
            response = client.bulk(operations=operations, refresh=refresh)
            failures = [
                item["delete"] for item in response["items"] if item["delete"].get("status") not in (200, 404)
            ]
            if failures:
                raise IndexingUnavailable(f"delete failed: {failures[0]}")
        if refresh:
            client.indices.refresh(index=alias(kind))
    except (ApiError, TransportError) as error:
        raise IndexingUnavailable(str(error)[:500]) from error
    logger.info("index jobs applied kind=%s indexed=%s deleted=%s", kind, len(documents), len(to_delete))


