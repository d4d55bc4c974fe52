"""The database search fallback (search.backends.database): what search answers with no Elasticsearch.

Articles and collaboration questions from Wagtail's own index (SQLite FTS5, or PostgreSQL full text under
`make test`): any word of the query,
ranked, accents ignored both ways, only what the user may see, plain-text snippets, facets and
suggestions, and an index that follows saves, publishing and `update_index`. What a query is also
searched as, below the words as typed: the thesaurus, codes as the KB writes them, derived forms,
corrections of typos, a customer's message without its conversation; the same on both databases. No
Elasticsearch node.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.search.models import IndexEntry

from collaboration.actions import questions
from kb.models import AnswerPage, KnownDefectPage, OfferPage
from search import service
from search.backends import database
from search.models import SynonymRule
from tests.factories import draft_article, published_article

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def without_elasticsearch(settings):
    """The embedded first run: ELASTICSEARCH_URL unset, so the service answers from the database."""
    settings.ELASTICSEARCH_URL = ""


def answer(title, **fields):
    """A published approved answer whose only words are the title and what the test gives."""
    values = {"customer_question": "Come si fa?", "question_variants": "", "approved_answer": "Vedi procedura.", "summary": "Sintesi."}
    values.update(fields)
    return published_article(AnswerPage, title=title, **values)


def titles(response):
    return [hit.title for hit in response.results]


def test_without_elasticsearch_the_database_answers(csr):
    page = answer("Voltura del contratto")
    response = service.search(csr, "voltura")
    assert response.engine == "database"
    assert titles(response) == [page.title]


def test_any_word_of_the_query_finds_and_more_words_rank_higher(csr):
    both = answer("Trasloco del router Wi-Fi")
    one = answer("Trasloco della linea telefonica")
    answer("Rimborso del canone")
    assert titles(service.search(csr, "trasloco router")) == [both.title, one.title]


def test_the_query_words_in_a_title_rank_above_the_same_words_in_the_body(csr):
    for title in ("Rimborso del canone", "Trasloco della linea", "Cambio del piano", "Disdetta del contratto"):
        answer(title)  # a few other articles, so that both words are rare, as in a real knowledge base
    in_body = answer("Truffe telefoniche", approved_answer="Phishing via SMS: un SMS di phishing chiede i dati della carta.")
    in_title = answer("Phishing via SMS", approved_answer="Non aprire il link.")
    assert titles(service.search(csr, "phishing sms")) == [in_title.title, in_body.title]


def test_a_question_without_a_certified_answer_ranks_below_an_article_of_equal_match(csr, everyone):
    questions.do_create_question(csr, everyone, "Voltura del contratto", "Come si fa?")
    answer("Voltura del contratto")
    assert [hit.type for hit in service.search(csr, "voltura contratto").results] == ["answer", "question"]


def test_function_words_alone_do_not_match(csr):
    answer("Voltura del contratto")
    answer("Rimborso del canone")
    assert titles(service.search(csr, "la voltura del cliente")) == ["Voltura del contratto"]


def test_a_query_without_accents_finds_accented_words(csr):
    page = answer("Portabilità del numero", approved_answer="Perché la qualità della linea non c'entra.")
    # PostgreSQL's Italian configuration stems "qualità" and "qualita" apart and drops "perché" as a
    # stop word: the index holds the folded text.
    for query in ("portabilita", "perche", "qualita"):
        assert titles(service.search(csr, query)) == [page.title]


def test_a_query_with_accents_finds_words_written_without(csr, everyone):
    question = questions.do_create_question(csr, everyone, "Perche la fattura arriva doppia?", "Il cliente chiede spiegazioni.")
    assert titles(service.search(csr, "perché")) == [question.title]


def test_query_syntax_characters_are_read_as_text(csr):
    page = answer("Voltura del contratto")
    assert titles(service.search(csr, 'voltura" OR * NEAR(')) == [page.title]


def test_a_question_is_found_by_the_text_of_its_answers(csr, expert, everyone):
    question = questions.do_create_question(csr, everyone, "Cliente bloccato all'estero", "Non riesce a chiamare.")
    questions.do_post_answer(expert, question, "Attivare il roaming dall'app e riavviare il telefono.")
    response = service.search(csr, "roaming")
    assert [(hit.type, hit.title, hit.url) for hit in response.results] == [
        ("question", question.title, question.get_absolute_url())
    ]


def test_a_question_in_a_space_the_user_cannot_read_is_not_found(csr, expert, everyone, experts_space):
    hidden = questions.do_create_question(expert, experts_space, "Listino riservato agli esperti", "Solo back office.")
    visible = questions.do_create_question(expert, everyone, "Listino per tutti gli operatori", "Per chiunque.")
    response = service.search(csr, "listino")
    assert titles(response) == [visible.title]
    assert response.total == 1
    assert set(titles(service.search(expert, "listino"))) == {hidden.title, visible.title}


def test_a_draft_is_not_found(csr):
    draft_article(AnswerPage, title="Voltura in bozza", customer_question="Voltura in bozza")
    assert service.search(csr, "voltura").total == 0


def test_an_expired_article_is_not_found(csr):
    offer = published_article(OfferPage, title="Promo voltura gratuita", expire_at=timezone.now() + datetime.timedelta(days=1))
    # Past its expiry time but not yet unpublished by the scheduler.
    OfferPage.objects.filter(pk=offer.pk).update(expire_at=timezone.now() - datetime.timedelta(seconds=1))
    assert service.search(csr, "voltura").total == 0


def test_an_unpublished_article_is_no_longer_found(csr):
    page = answer("Voltura del contratto")
    page.unpublish()
    assert service.search(csr, "voltura").total == 0


def test_an_article_under_a_view_restriction_is_not_found(csr):
    page = answer("Voltura del contratto")
    PageViewRestriction.objects.create(page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    assert service.search(csr, "voltura").total == 0


def test_an_edit_is_found_once_published(csr):
    page = answer("Costo della SIM sostitutiva", customer_question="Quanto costa una SIM nuova?")
    page.title = "Prezzo del cambio SIM"
    page.save_revision().publish()
    assert titles(service.search(csr, "prezzo")) == ["Prezzo del cambio SIM"]
    assert service.search(csr, "sostitutiva").total == 0


def test_update_index_fills_the_index_of_content_saved_before_it(csr, everyone):
    page = answer("Voltura del contratto")
    question = questions.do_create_question(csr, everyone, "Voltura con intestatario deceduto", "Quali documenti?")
    IndexEntry.objects.all().delete()
    assert service.search(csr, "voltura").total == 0
    call_command("update_index", verbosity=0)
    assert set(titles(service.search(csr, "voltura"))) == {page.title, question.title}


def test_snippets_are_plain_text_with_the_query_words_marked(csr):
    answer("Codice PUK perso", summary="<img src=x onerror=alert(1)>Il **PUK** è sulla tessera")
    hit = service.search(csr, "puk").results[0]
    assert hit.snippet == "Il PUK è sulla tessera"
    assert ("PUK", True) in hit.snippet_parts


def test_the_results_page_prints_a_summary_with_markup_as_text(csr_client):
    answer("Codice PUK perso", summary="<img src=x onerror=alert(1)> &lt;img src=x onerror=alert(2)&gt; tessera")
    page = csr_client.get("/search/", {"q": "tessera"}).content.decode()
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<mark>tessera</mark>" in page


def test_facets_count_the_matches_by_type_product_tag_and_status(csr, everyone, fibra):
    offer = published_article(OfferPage, title="Fibra estate")
    offer.products.add(fibra)
    offer.tags.add("Estate")
    offer.save_revision().publish()
    published_article(KnownDefectPage, title="Fibra lenta la sera", status="workaround")
    questions.do_create_question(csr, everyone, "Fibra e modem nuovo", "Come si configura?", product=fibra, tags=["estate"])
    facets = service.search(csr, "fibra").facets
    assert facets["type"] == [{"value": "defect", "count": 1}, {"value": "offer", "count": 1}, {"value": "question", "count": 1}]
    assert facets["product"] == [{"value": fibra.slug, "count": 2}]
    assert facets["tag"] == [{"value": "estate", "count": 2}]
    assert facets["status"] == [
        {"value": "current", "count": 1}, {"value": "open", "count": 1}, {"value": "workaround", "count": 1}
    ]


def test_a_filter_narrows_the_results_and_its_own_facet_keeps_the_other_values(csr):
    published_article(OfferPage, title="Fibra estate")
    defect = published_article(KnownDefectPage, title="Fibra lenta la sera", status="workaround")
    response = service.search(csr, "fibra", {"type": "defect"})
    assert titles(response) == [defect.title]
    assert response.total == 1
    assert {"value": "offer", "count": 1} in response.facets["type"]
    assert response.facets["status"] == [{"value": "workaround", "count": 1}]


def test_suggestions_complete_any_word_of_a_title(csr, everyone):
    page = answer("Disdetta della linea fissa")
    question = questions.do_create_question(csr, everyone, "Linea fissa muta dopo il temporale", "Nessun segnale.")
    answer("Rimborso del canone")
    suggestions = service.suggest(csr, "fiss")
    assert {(s["type"], s["title"], s["url"]) for s in suggestions} == {
        ("answer", page.title, page.url), ("question", question.title, question.get_absolute_url())
    }


def test_suggestions_leave_out_what_the_user_may_not_see(csr, expert, experts_space):
    draft_article(AnswerPage, title="Listino in bozza")
    questions.do_create_question(expert, experts_space, "Listino riservato agli esperti", "Solo back office.")
    assert service.suggest(csr, "listi") == []


@pytest.fixture
def synonym_rule(django_capture_on_commit_callbacks):
    """Saves a thesaurus rule as the admin does: the next search applies it."""

    def save(terms, expands_to=""):
        with django_capture_on_commit_callbacks(execute=True):
            SynonymRule.objects.create(terms=terms, expands_to=expands_to)

    return save


@pytest.fixture
def through_wagtail(monkeypatch):
    """The fallback as on PostgreSQL: every clause through Wagtail's search, not SQLite's FTS5 table."""
    monkeypatch.setattr(database.query, "uses_fts5", lambda: False)


def test_a_synonym_finds_an_article_without_the_typed_word(csr, synonym_rule):
    synonym_rule("scattosa", expands_to="connessione lenta")
    page = answer("Connessione lenta la sera")
    answer("Lentezza del decoder")
    assert titles(service.search(csr, "scattosa")) == [page.title]


def test_the_word_as_typed_ranks_above_its_synonym(csr, synonym_rule):
    synonym_rule("zampillo, fontanella")
    typed = answer("Zampillo in giardino")
    synonym = answer("Fontanella in giardino")  # newer: it would come first if they ranked equal
    assert titles(service.search(csr, "zampillo")) == [typed.title, synonym.title]


def test_a_title_that_says_the_query_with_a_synonym_counts_as_a_title_match(csr, synonym_rule):
    synonym_rule("scattosa", expands_to="connessione lenta")
    in_body = answer("Guida alla linea di casa: le verifiche", approved_answer="Connessione lenta? Connessione lenta.")
    in_title = answer("Connessione lenta la sera: verifiche sulla linea di casa")
    assert titles(service.search(csr, "scattosa")) == [in_title.title, in_body.title]


def test_a_word_with_many_synonyms_counts_once(csr, synonym_rule):
    synonym_rule("guasto", expands_to="avaria, rottura, danno, difetto")
    for title in ("Rimborso del canone", "Trasloco della linea", "Cambio del piano", "Disdetta del contratto"):
        answer(title)  # other articles, so that every word is rare, as in a real knowledge base
    both_words = answer("Scheda tecnica 1", approved_answer="Router in avaria.")
    synonyms_only = answer("Scheda tecnica 2", approved_answer="Avaria, rottura, danno o difetto.")
    assert titles(service.search(csr, "guasto router")) == [both_words.title, synonyms_only.title]


def test_a_verb_form_finds_the_noun(csr):
    page = answer("Configurazione della casella di posta")
    answer("Casella vocale piena")
    assert titles(service.search(csr, "configurato")) == [page.title]


def test_a_code_typed_in_one_piece_finds_the_code_as_written(csr):
    page = answer("Errore E-201 sull'app TV")
    assert titles(service.search(csr, "e201")) == [page.title]


def test_a_rare_word_of_the_query_outweighs_a_common_one_said_often(csr):
    """The word most articles share does not decide, however often one article repeats it."""
    for title in ("Modem in comodato", "Spie del modem", "Restituzione del modem"):
        answer(title, approved_answer="Il modem si restituisce in negozio.")
    common = answer("Modem di casa: il modem e il router", approved_answer="Il modem, il modem, il modem.")
    rare = answer("Danni da temporale", approved_answer="Sbalzi di tensione sulla linea.")
    assert titles(service.search(csr, "modem temporale"))[:2] == [rare.title, common.title]


# Known gap, kept visible: SQLite's bm25 (FTS5's own function) counts a word's rarity over the whole table,
# whatever the user may see. Strict: this fails the run the day it starts to pass.
@pytest.mark.xfail(
    connection.vendor == "sqlite", strict=True,
    reason="FTS5's bm25 takes its statistics from every row (search/backends/database/query.py: fts5_scores)",
)
def test_no_score_depends_on_content_the_user_cannot_see(csr, expert, experts_space):
    """A score the API returns says nothing of hidden content: not how many hidden questions or drafts
    say the word, nor how long they are."""
    for title in ("Rimborso del canone", "Trasloco della linea", "Cambio del piano"):
        answer(title)
    answer("Modem in comodato", approved_answer="Il modem resta del cliente.")

    def scores():
        return [(hit.title, hit.score) for hit in service.search(csr, "modem comodato").results]

    before = scores()
    for number in range(3):
        questions.do_create_question(expert, experts_space, f"Modem riservato {number}", "Modem in comodato, modem.")
        draft_article(AnswerPage, title=f"Bozza sul modem {number}", customer_question="Modem in comodato?")
    assert scores() == before


def test_a_typo_still_finds_the_word(csr):
    page = answer("Rateizzazione delle fatture scadute")
    answer("Rate del modem")
    assert titles(service.search(csr, "rateizazione")) == [page.title]


@pytest.fixture(params=["with pg_trgm", "without pg_trgm"])
def trigrams(request):
    """On PostgreSQL, corrections found through pg_trgm's indexes (migration search 0008) or, where the
    extension could not be created, from the whole vocabulary; on SQLite, FTS5's vocabulary either way."""
    if request.param == "without pg_trgm" and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # undone with the test's transaction
            cursor.execute("DROP EXTENSION pg_trgm CASCADE")
    return request.param


def test_a_typo_is_corrected_with_or_without_trigrams(csr, trigrams):
    page = answer("Rateizzazione delle fatture scadute", approved_answer="Disdetta e bolletta.")
    answer("Rate del modem")
    assert titles(service.search(csr, "rateizazione bolleta")) == [page.title]
    assert database.query.corrections(["bolleta", "disdeta"]) == {"bolleta": ["bolletta"], "disdeta": ["disdetta"]}


def test_a_word_the_index_knows_is_not_corrected(csr):
    answer("Rateizzazione delle fatture scadute")
    assert database.query.corrections(["rateizzazione", "rateizazione"]) == {"rateizazione": ["rateizzazione"]}


@pytest.mark.parametrize(
    ("typed", "known", "apart"),
    [
        ("pasword", "password", True),  # a letter dropped
        ("rateizzazzione", "rateizzazione", True),  # a letter added
        ("fatrura", "fattura", True),  # a letter changed
        ("recieve", "receive", True),  # two neighbours swapped
        ("fattura", "fattura", False),
        ("fatura", "fatture", False),
        ("modem", "modello", False),
    ],
)
def test_one_typo_is_a_letter_added_dropped_changed_or_swapped(typed, known, apart):
    assert database.typos.one_typo_apart(typed, known) is apart


def test_a_long_message_is_searched_without_its_conversation(csr):
    answer("Buongiorno e grazie: il saluto cordiale al cliente")
    page = answer("Decoder che non si accende")
    message = "Buongiorno, volevo sapere cortesemente perché il decoder stamattina non si accende più, grazie mille"
    assert titles(service.search(csr, message)) == [page.title]


def test_through_wagtails_search_synonyms_and_derived_forms_apply_too(csr, synonym_rule, through_wagtail):
    synonym_rule("scattosa", expands_to="connessione lenta")
    slow = answer("Connessione lenta la sera")
    mailbox = answer("Configurazione della casella di posta")
    assert titles(service.search(csr, "scattosa")) == [slow.title]
    assert titles(service.search(csr, "configurato")) == [mailbox.title]


def test_a_question_an_answer_answers_counts_as_a_title_below_the_title_itself(csr):
    for title in ("Rimborso del canone", "Trasloco della linea", "Disdetta del contratto"):
        answer(title)  # other articles, so that the query's words are rare, as in a real knowledge base
    in_body = answer("Guida alle offerte", approved_answer="Cambio del piano tariffario: il cambio del piano si fa in app.")
    in_variant = answer("Guida al listino", question_variants="Rimborso del canone\nCambio del piano tariffario")
    in_title = answer("Cambio del piano tariffario")
    assert titles(service.search(csr, "cambio piano tariffario")) == [in_title.title, in_variant.title, in_body.title]


def test_a_title_saying_a_word_through_a_synonym_says_it_at_the_synonyms_weight(synonym_rule):
    synonym_rule("voltura", expands_to="cambio intestatario")
    query = database.query.FallbackQuery("voltura sim")
    assert query.title_share("Voltura della SIM") == 1.0
    assert query.title_share("Cambio intestatario della SIM") == (database.query.SYNONYM_WEIGHT + 1) / 2


def test_a_code_typed_in_one_piece_weighs_as_much_as_the_words_typed():
    """"e201" is the word typed, written as the index has it ("Errore E-201"), not a synonym of it."""
    clauses = database.query.FallbackQuery("e201 app tv").clauses
    assert [(clause.phrases, clause.weight) for clause in clauses[:2]] == [(["e201", "app", "tv"], 1.0), (["e 201"], 1.0)]


def test_a_price_typed_in_euro_finds_the_price_as_written_first(csr):
    price = answer("Mesh Duo: due punti di accesso a 5,00 € al mese")
    answer("Pacchetto da 5 GB e 100 minuti")  # newer: it would come first if they ranked equal
    assert titles(service.search(csr, "mesh 5 euro"))[0] == price.title
    assert titles(service.search(csr, "5€"))[0] == price.title


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("e201 app tv", {"e201": ["e 201"]}),
        ("kit 5 euro", {"5": ["5 00"]}),
        ("offerta a 9.99", {"9 99": ["9 99"]}),
        ("pagato 2 volte", {}),  # a bare integer is not a price
    ],
)
def test_codes_and_prices_are_searched_as_the_kb_writes_them(text, forms):
    assert database.query.written_forms(text, database.query.query_words(text)) == forms


# SQLite keeps Wagtail's short-title bonus (bm25 times 1 + title_norm): without it the tuning half of
# bench/relevance lost a keyword query there (search/backends/database/postgres.py). Strict: this fails the
# run the day it starts to pass.
@pytest.mark.xfail(
    connection.vendor == "sqlite", strict=True,
    reason="SQLite's rank keeps Wagtail's short-title bonus (search/backends/database/query.py: fts5_scores)",
)
def test_a_short_title_saying_one_word_does_not_outrank_a_long_one_saying_the_query(csr):
    """A title counts in the words' weight and in how much of the query it says, never a third time for
    being short (PostgreSQL's BM25 had Wagtail's short-title bonus on top)."""
    for title in ("Rimborso del canone", "Trasloco della linea", "Disdetta del contratto"):
        answer(title)
    short = answer("Modem", approved_answer="Il modem: restituzione.")
    full = answer(
        "Restituzione del modem in comodato d'uso dopo la cessazione della linea fissa di casa: tempi, negozi, costi e penali"
    )
    assert titles(service.search(csr, "restituzione modem"))[:2] == [full.title, short.title]
