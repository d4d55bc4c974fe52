"""What each kind of content becomes in the index.

A kind says what may ever be indexed (`querysets`), how an object becomes a document (`to_document`),
and which document class (and so which index) it uses. Collaboration content carries the id of its
space in `acl`, so search filters on the same spaces as every list (collaboration.access).
"""

from django.db.models import Prefetch
from django.utils import timezone

from collaboration.models import BestPractice, MarketNeed, Question
from kb.models import AnswerPage, CrisisPage, KnownDefectPage, OfferPage
from core.markup import plain_text
from search import analysis
from search.language import guess_language
from search.documents import ALL_READERS, ArticleDocument, NeedDocument, PracticeDocument, QuestionDocument
from search.models import LearnedPhrasing

SUGGEST_SUFFIXES = 4


def space_acl(space_id):
    return f"space:{space_id}"


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
            queryset = model.objects.visible_to_readers().prefetch_related(
                "tags", "products", "topics", Prefetch("learned_phrasings", LearnedPhrasing.objects.filter(active=True), to_attr="active_phrasings")
            )
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
        # How operators search for it (search.learning) counts like the customer's own question.
        question_parts += [phrasing.phrase for phrasing in getattr(page, "active_phrasings", ())]
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
            folded_title=analysis.fold(" ".join([title, question])),
            spelling=analysis.normalise(" ".join([title, question])),
            suggest={"input": suggestion_inputs(title, *question_parts), "contexts": {"acl": [ALL_READERS]}},
            summary=plain_text(page.summary),
            answer=plain_text(page.approved_answer, keep_lines=True) if isinstance(page, AnswerPage) else None,
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
            created_at=page.first_published_at or timezone.now(),
            updated_at=page.last_published_at or timezone.now(),
            expire_at=page.expire_at,
        )

    def iter_documents(self, ids=None):
        for queryset in self.querysets(ids):
            for page in queryset.iterator(chunk_size=500):
                yield self.to_document(page)


class CollaborationKind:
    """A model of the collaboration space, one index per model."""

    model = None
    changed_field = "created_at"

    def queryset(self):
        return self.model.objects.select_related("space", "product").prefetch_related(*self.prefetch)

    prefetch = ()

    def querysets(self, ids=None):
        queryset = self.queryset()
        if ids is not None:
            queryset = queryset.filter(pk__in=ids)
        yield queryset.order_by("pk")

    def count(self):
        return self.model.objects.count()

    def versions(self):
        return dict(self.queryset().values_list("pk", self.changed_field))

    def iter_documents(self, ids=None):
        for queryset in self.querysets(ids):
            for obj in queryset.iterator(chunk_size=500):
                yield self.to_document(obj)

    def common(self, obj, title, text, status, certified, updated_at, url, summary, tags=()):
        language = guess_language(f"{title} {text}")
        product = [obj.product.slug] if obj.product_id else []
        return dict(
            meta={"id": obj.pk},
            kind=self.name,
            type=self.name,
            object_id=str(obj.pk),
            **{f"title_{language}": analysis.normalise(title), f"text_{language}": analysis.normalise(text)},
            folded=analysis.fold(f"{title} {text}"),
            folded_title=analysis.fold(title),
            spelling=analysis.normalise(title),
            suggest={"input": suggestion_inputs(title), "contexts": {"acl": [space_acl(obj.space_id)]}},
            summary=plain_text(summary, limit=300),
            url=url,
            language=language,
            product=product,
            product_name=[obj.product.name] if obj.product_id else [],
            tags=list(tags),
            status=status,
            acl=[space_acl(obj.space_id)],
            certified=certified,
            needs_review=False,
            created_at=obj.created_at,
            updated_at=updated_at,
        )


class QuestionKind(CollaborationKind):
    name = "question"
    document = QuestionDocument
    model = Question
    changed_field = "updated_at"
    prefetch = ("tags", "answers")

    def to_document(self, question):
        answers = list(question.answers.all())
        certified = any(answer.is_certified for answer in answers)
        text = "\n".join([question.body, *(answer.body for answer in answers)])
        return self.document(**self.common(
            question, question.title, text, question.status, certified, question.updated_at,
            question.get_absolute_url(), question.body, question.tags.names(),
        ))


class PracticeKind(CollaborationKind):
    name = "practice"
    document = PracticeDocument
    model = BestPractice
    prefetch = ("tags",)

    def to_document(self, practice):
        from django.urls import reverse

        return self.document(**self.common(
            practice, practice.title, practice.body, "shared", False, practice.created_at,
            reverse("collaboration:practice", args=[practice.pk]), practice.body, practice.tags.names(),
        ))


class NeedKind(CollaborationKind):
    name = "need"
    document = NeedDocument
    model = MarketNeed

    def to_document(self, need):
        from django.urls import reverse

        return self.document(**self.common(
            need, need.title, need.customers_ask, need.status, False, need.created_at,
            reverse("collaboration:need", args=[need.pk]), need.customers_ask,
        ))


KINDS = {kind.name: kind for kind in (ArticleKind(), QuestionKind(), PracticeKind(), NeedKind())}
