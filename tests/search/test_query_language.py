"""Which language a query is in, and what that does to the ranking: the trade's loanwords (sim, card,
password, mobile) are no sign of English, so an Italian query made mostly of them still puts the Italian
article above its English twin; an English query puts the English one first."""

import pytest

from kb.models import AnswerPage
from search import service
from search.language import guess_language
from tests.factories import published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]


@pytest.mark.parametrize("query", [
    "sim rubata", "password dimenticata", "mobile business 150 giga", "errore PAY-302 carta", "modem in comodato",
    "l'offerta giga", "sim card smarrita",
])
def test_italian_queries_full_of_the_trades_loanwords_are_italian(query):
    assert guess_language(query, default=None) == "it"


@pytest.mark.parametrize("query", [
    "stolen phone", "router keeps dropping", "direct debit failed", "can't log in to the app", "lost sim card",
    "Hi, my internet has been down since yesterday and nobody answers",
])
def test_english_queries_are_english(query):
    assert guess_language(query, default=None) == "en"


@pytest.mark.parametrize("query", ["sim", "puk", "modem router", "PAY-302", "roaming"])
def test_no_language_without_evidence(query):
    assert guess_language(query, default=None) is None


@pytest.fixture
def twins(index_pending):
    """The same article in both languages, titled with the same loanwords."""
    italian = published_article(AnswerPage, title="Blocco della SIM card", customer_question="Blocco della SIM card", question_variants="",
                                approved_answer="Blocchiamo subito la SIM.", summary="Blocco.")
    english = published_article(AnswerPage, title="Blocking the SIM card", customer_question="Blocking the SIM card", question_variants="",
                                approved_answer="We block the SIM at once.", summary="Blocking.", language="en")
    index_pending()
    return {"it": italian.pk, "en": english.pk}


@pytest.mark.parametrize("query, language", [("sim card smarrita", "it"), ("lost sim card", "en")])
def test_the_twin_in_the_querys_language_comes_first(csr, twins, query, language):
    assert service.search(csr, query).results[0].id == twins[language]
