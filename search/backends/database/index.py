"""Wagtail's database search backend with every text accent-folded, in the index and in queries.

WAGTAILSEARCH_BACKENDS names the package (search.backends.database), whose `SearchBackend` is this one.
"""

import re
from functools import cache

from django.db.models import Manager
from django.utils.encoding import force_str
from wagtail.search import index
from wagtail.search.backends import database as wagtail_database
from wagtail.search.query import And, Not, Or, Phrase, PlainText
from wagtail.search.tasks import insert_or_update_object_task

from collaboration.models import Question
from search.analysis import fold

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
    """A search field read from the real object (through its RelatedFields, if any), folded, as its words.

    Only the words, as the query sees them (`folded_words`): PostgreSQL's parser reads "E-201" as the stop
    word "e" and the number -201, and "5,00" as one token, where a query's words are "e", "201", "5", "00";
    SQLite's tokenizer splits them alike either way.

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
        return " ".join(folded_words(", ".join(text_of(self.source.get_value(obj)) for obj in objects)))


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



def index_question(question_id):
    """Re-index a question in Wagtail's index, where its answers are part of its text (an answer is not
    indexed on its own): through Wagtail's own task, as a save of the question itself does."""
    insert_or_update_object_task.enqueue(Question._meta.app_label, Question._meta.model_name, str(question_id))
