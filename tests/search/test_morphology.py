"""Italian and English analysis: plurals, verb forms, elision, accents, case, typos, synonyms, phrases."""

import pytest

from kb.models import AnswerPage, KnownDefectPage
from search import service, synonyms
from search.models import SynonymRule
from tests.factories import published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def titles(user, query, **filters):
    return [hit.title for hit in service.search(user, query, filters).results]


@pytest.fixture
def corpus(index_pending):
    published_article(AnswerPage, title="Fattura non pagata: cosa fare", customer_question="Non ho pagato la fattura",
                      question_variants="", approved_answer="Verifichiamo il pagamento.", summary="Pagamenti.")
    published_article(AnswerPage, title="Addebiti non riconosciuti", customer_question="Chi mi ha addebitato questo?",
                      question_variants="", approved_answer="Controlliamo i servizi attivi.", summary="Addebiti.")
    published_article(AnswerPage, title="Attivare l'offerta dall'app", customer_question="Come attivo l’offerta?",
                      question_variants="", approved_answer="Dall'app, sezione Offerte.", summary="Offerte.")
    published_article(AnswerPage, title="Velocità della connessione", customer_question="La linea è lenta",
                      question_variants="", approved_answer="Facciamo uno speed test.", summary="Velocità.")
    published_article(AnswerPage, title="Recesso dal contratto", customer_question="Posso andare via?",
                      question_variants="", approved_answer="Sì, con preavviso.", summary="Recesso.")
    published_article(AnswerPage, title="Refunds for cancelled orders", customer_question="When do I get my refund?",
                      question_variants="", approved_answer="Within 30 days.", summary="Refunds.", language="en")
    published_article(KnownDefectPage, title="Intestazione dell'utenza errata", symptoms="Nome sbagliato in bolletta.",
                      summary="Utenza.")
    index_pending()


def test_plural_finds_singular(csr, corpus):
    assert "Fattura non pagata: cosa fare" in titles(csr, "fatture")


def test_verb_form_finds_other_form(csr, corpus):
    assert "Addebiti non riconosciuti" in titles(csr, "addebito riconosciuto")


def test_elided_article_is_stripped_with_straight_and_typographic_apostrophes(csr, corpus):
    assert "Attivare l'offerta dall'app" in titles(csr, "offerta")
    assert "Attivare l'offerta dall'app" in titles(csr, "l’offerta")
    assert "Intestazione dell'utenza errata" in titles(csr, "utenza")
    assert "Intestazione dell'utenza errata" in titles(csr, "dell’utenza")


def test_case_and_accents_do_not_block_a_match(csr, corpus):
    assert "Velocità della connessione" in titles(csr, "VELOCITA")
    assert "Velocità della connessione" in titles(csr, "velocità")


def test_typos_are_tolerated(csr, corpus):
    assert "Fattura non pagata: cosa fare" in titles(csr, "fatura")
    assert "Velocità della connessione" in titles(csr, "conessione")


def test_synonyms_apply_at_search_time(csr, corpus):
    assert "Recesso dal contratto" in titles(csr, "disdetta")
    assert "Fattura non pagata: cosa fare" in titles(csr, "bolletta")


def test_a_synonym_rule_saved_in_the_admin_applies_without_reindex(csr, corpus, django_capture_on_commit_callbacks):
    assert "Velocità della connessione" not in titles(csr, "scattosa")
    with django_capture_on_commit_callbacks(execute=True):
        SynonymRule.objects.create(terms="scattosa, va a scatti", expands_to="lenta")
    assert "Velocità della connessione" in titles(csr, "scattosa")


def test_a_one_way_rule_does_not_expand_the_kb_word(csr, corpus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        SynonymRule.objects.create(terms="staccare tutto", expands_to="recesso")
    assert titles(csr, "voglio staccare tutto")[0] == "Recesso dal contratto"
    assert "Velocità della connessione" not in titles(csr, "recesso")


def test_verb_form_finds_the_noun_and_the_noun_the_verb(csr, index_pending):
    published_article(AnswerPage, title="Attivazione della SIM", customer_question="SIM nuova", summary="SIM.",
                      question_variants="", approved_answer="Inserisci la SIM.")
    published_article(AnswerPage, title="Servizio sospeso per morosità", customer_question="Linea ferma",
                      summary="Morosità.", question_variants="", approved_answer="Paga il sollecito.")
    index_pending()
    assert titles(csr, "sim attivata")[0] == "Attivazione della SIM"
    assert titles(csr, "sospensione")[0] == "Servizio sospeso per morosità"


def test_english_stemming(csr, corpus):
    assert "Refunds for cancelled orders" in titles(csr, "refund")


def test_an_english_spelling_variant_finds_the_articles_spelling(csr, index_pending):
    """Seeded by migration from search/thesaurus/en_telco.txt: "cancelation" (American) is "cancellation", and
    is not "corrected" into "calculation" either."""
    published_article(AnswerPage, title="Closing a home internet contract", customer_question="How do I close the contract?",
                      question_variants="", approved_answer="The cancellation of a fibre line takes 30 days.", summary="Closing.",
                      language="en")
    published_article(AnswerPage, title="Fibre coverage at a new address", customer_question="Is there fibre here?",
                      question_variants="", approved_answer="Check the address.", summary="Coverage.", language="en")
    index_pending()
    assert "cancellation" in synonyms.alternatives("fibre cancelation")["cancelation"]
    response = service.search(csr, "cancelation")
    assert response.suggestion is None
    assert [hit.title for hit in response.results] == ["Closing a home internet contract"]


def test_stop_words_do_not_dominate(csr, corpus):
    found = titles(csr, "la della dal fattura")
    assert found[0] == "Fattura non pagata: cosa fare"


def test_exact_phrase_wins(csr, index_pending):
    published_article(AnswerPage, title="Modem nuovo: configurazione", customer_question="Ho il modem nuovo",
                      summary="Modem.", question_variants="", approved_answer="Configurazione.")
    published_article(AnswerPage, title="Configurazione del nuovo router e modem", customer_question="Router",
                      summary="Router.", question_variants="", approved_answer="Nuovo router.")
    index_pending()
    assert titles(csr, "modem nuovo")[0] == "Modem nuovo: configurazione"


def test_a_code_typed_in_one_piece_finds_it_written_with_a_dash(csr, index_pending):
    published_article(KnownDefectPage, title="Errore E-201 sull'app TV", symptoms="Schermo nero.", summary="E-201.")
    published_article(KnownDefectPage, title="Errore E-104 sull'app TV", symptoms="Schermo nero.", summary="E-104.")
    index_pending()
    assert titles(csr, "e201 app tv")[0] == "Errore E-201 sull'app TV"


def test_a_price_typed_without_decimals_finds_it_written_with_them(csr, index_pending):
    published_article(AnswerPage, title="Mesh Duo", customer_question="Due ripetitori", approved_answer="5,00 € al mese.",
                      summary="Costa 5,00 € al mese.", question_variants="")
    published_article(AnswerPage, title="Mesh Uno", customer_question="Un ripetitore", approved_answer="3,00 € al mese.",
                      summary="Costa 3,00 € al mese.", question_variants="")
    index_pending()
    assert titles(csr, "mesh 5 euro")[0] == "Mesh Duo"


def test_english_everyday_words_find_the_english_articles_words(csr, index_pending):
    """Seeded by migration from search/thesaurus/en_telco.txt: "cut off" is "suspended" in the articles."""
    published_article(AnswerPage, title="Service suspended for non-payment", customer_question="Why is my line suspended?",
                      question_variants="", approved_answer="Pay the overdue bill.", summary="Suspension.", language="en")
    published_article(AnswerPage, title="Internet outage in Rome east", customer_question="Is there an outage?",
                      question_variants="", approved_answer="Engineers are on site.", summary="Outage.", language="en")
    index_pending()
    assert titles(csr, "internet cut off")[0] == "Service suspended for non-payment"


def test_an_italian_query_of_loanwords_is_not_expanded_into_english(db):
    phrases = {phrase for found in synonyms.alternatives("cambio modem sms tv").values() for phrase in found}
    assert not phrases & {"router", "hub", "text", "text message", "television", "telly"}
