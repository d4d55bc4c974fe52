"""Elasticsearch documents: one index (behind an alias) per kind of content, all queried together.

Every document shares the fields of `SportelloDocument`, so one query, one set of facets and one
permission filter (`acl`) serve every kind. Language-dependent text goes to the `_it` or `_en` field
of the document's language; each has a `.plain` sub-field (no stemming) for phrases and typos.
"""

from django.conf import settings
from elasticsearch.dsl import Boolean, Completion, Date, Document, Keyword, Text

from search import analysis

ALL_READERS = "all"  # acl value of content every logged-in user may read (the KB)


def language_text(language, short=True):
    """Stemmed text in one language. Short texts (titles, questions) also get a `.plain` sub-field for
    phrases and exact words, and are copied into `all_<language>`; long texts are analysed once only,
    since hunspell analysis is most of the cost of indexing (bench/search.py)."""
    # Offsets in the postings let the highlighter mark words without analysing the text again: hunspell
    # re-analysis of ten hits was a third of a search's time (bench/search.py).
    if not short:
        return Text(analyzer=analysis.ANALYZERS[language], index_options="offsets")
    return Text(
        analyzer=analysis.ANALYZERS[language],
        index_options="offsets",
        fields={"plain": Text(analyzer=analysis.plain)},
        copy_to=f"all_{language}",
    )


class SportelloDocument(Document):
    kind = Keyword()
    type = Keyword()
    object_id = Keyword()
    title_it = language_text("it")
    title_en = language_text("en")
    question_it = language_text("it")  # the customer's question and its variants
    question_en = language_text("en")
    text_it = language_text("it", short=False)
    text_en = language_text("en", short=False)
    # Title and question together (filled by copy_to); with text_* the cheap first pass of a search.
    all_it = Text(analyzer=analysis.ANALYZERS["it"])
    all_en = Text(analyzer=analysis.ANALYZERS["en"])
    folded = Text(analyzer=analysis.plain)  # accent-folded copy of title, question and text
    # Accent-folded title and questions: a small field where every query's typos are looked up cheaply.
    folded_title = Text(analyzer=analysis.plain)
    spelling = Text(analyzer=analysis.plain, fields={"shingle": Text(analyzer=analysis.shingle)})
    suggest = Completion(analyzer=analysis.plain, contexts=[{"name": "acl", "type": "category"}])
    summary = Text(index=False)
    answer = Text(index=False)  # an approved answer's text, plain, shown and copied from the results page
    url = Keyword(index=False)
    language = Keyword()
    product = Keyword()
    product_name = Keyword(index=False)
    tags = Keyword(normalizer=analysis.lowercase)
    topics = Keyword()
    status = Keyword()
    acl = Keyword()
    certified = Boolean()
    needs_review = Boolean()
    created_at = Date()  # first published (articles) or posted (collaboration): for trends (insights)
    updated_at = Date()
    expire_at = Date()


def index_name(kind):
    return f"{settings.SEARCH_INDEX_PREFIX}-{kind}"


class ArticleDocument(SportelloDocument):
    """A published knowledge-base article (offer, known defect, crisis, approved answer)."""

    class Index:
        # Only a default: indices are created by search.indexing with names from settings.
        name = "sportello-article"


class QuestionDocument(SportelloDocument):
    """A question of the collaboration space with its answers; `certified` once an answer is."""

    class Index:
        name = "sportello-question"


class PracticeDocument(SportelloDocument):
    class Index:
        name = "sportello-practice"


class NeedDocument(SportelloDocument):
    class Index:
        name = "sportello-need"
