"""Failure classes of the relevance set (bench/relevance), each fixed by a general mechanism and held here on
the real index: a word of a phrase the thesaurus knows is never "corrected" into a word of the index, while
a plain typo still is; keywords typed in another order than the text still count as a phrase; an
abbreviation typed with dots (p.iva) finds the words the KB spells out."""

import pytest
from django.utils import timezone

from search import queries, service, synonyms, wording
from search.documents import ArticleDocument
from search.indexing import bulk_index
from search.models import SynonymRule

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def document(object_id, title, text="", question="", language="it"):
    return ArticleDocument(
        meta={"id": object_id}, kind="article", type="answer", object_id=str(object_id),
        **{f"title_{language}": title, f"text_{language}": text or title, f"question_{language}": question},
        folded=f"{title} {question} {text}".lower(), folded_title=f"{title} {question}".lower(),
        spelling=f"{title} {question}", url=f"/x/{object_id}/", summary=title, language=language,
        acl=["all"], certified=True, needs_review=False, updated_at=timezone.now(), status="approved",
        suggest={"input": [title], "contexts": {"acl": ["all"]}},
    )


def ids(user, query):
    return [hit.id for hit in service.search(user, query).results]


def test_a_word_of_a_thesaurus_phrase_is_not_corrected_into_a_word_of_the_index(
    csr, search_index, django_capture_on_commit_callbacks
):
    """"cooling" is one edit from nothing the index knows but two from "closing": without the thesaurus the
    suggester turns "cooling off period" into "closing off period" and ranks the wrong article first."""
    with django_capture_on_commit_callbacks(execute=True):
        SynonymRule.objects.create(terms="cooling off period, right of withdrawal")
    bulk_index("article", [
        document(9301, "Closing a home internet contract", "Closing takes 30 days; switch off the modem.", language="en"),
        document(9302, "Right of withdrawal within 14 days", "Contracts signed remotely.", language="en"),
    ], refresh=True)
    assert synonyms.known_words("cooling off period") == {"cooling", "off", "period"}
    response = service.search(csr, "cooling off period")
    assert response.suggestion is None
    assert [hit.id for hit in response.results][0] == 9302


def test_a_typo_outside_the_thesaurus_is_still_corrected(csr, search_index):
    bulk_index("article", [document(9311, "Closing a home internet contract", "Closing the contract.", language="en")],
               refresh=True)
    response = service.search(csr, "clossing contract")
    assert response.suggestion == "closing contract"
    assert [hit.id for hit in response.results] == [9311]


def test_keywords_in_another_order_than_the_text_still_count_as_a_phrase(csr, search_index):
    """"telefono rubato" is "rubato il telefono" in the customer's question (a swap and an article: slop 3).
    Two questions with the same words and length: only the one that says them together ranks higher."""
    bulk_index("article", [
        document(9502, "Blocco della SIM", "Blocchiamo la SIM.", question="Rubato subito: che fare col telefono"),
        document(9501, "Blocco della SIM", "Blocchiamo la SIM.", question="Rubato il telefono: che fare subito"),
    ], refresh=True)
    first, second = service.search(csr, "telefono rubato").results
    assert (first.id, second.id) == (9501, 9502)
    assert first.score > second.score


def test_an_abbreviation_typed_with_dots_finds_the_words_the_kb_spells_out(csr, search_index):
    """The tokenizer keeps "p.iva" whole, so "iva" in "partita IVA" was never met."""
    bulk_index("article", [
        document(9601, "Disdetta della linea fissa", "La disdetta si invia con 30 giorni di preavviso.",
                 question="Come faccio la disdetta?"),
        document(9602, "Cessazione delle linee con partita IVA", "Serve la visura camerale."),
    ], refresh=True)
    assert ids(csr, "disdetta p.iva")[0] == 9602
    assert wording.split_code("P.IVA") == "p iva"
