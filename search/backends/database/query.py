"""The fallback's query: the words as typed and, at lower weights, what parts of it are also searched as;
scored straight from Wagtail's index table on SQLite (FTS5) and PostgreSQL, elsewhere through Wagtail's
search."""

from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, Phrase, PlainText
from wagtail.search.utils import get_descendants_content_types_pks

from search import queries, synonyms, wording
from search.analysis import fold
from search.backends.database import postgres, typos
from search.backends.database.index import folded_words

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
# 41 % of the queries without it, 51 % at 1.0 and 54 % at 2.0; higher weights did no better (nor did
# 1.0, 3.0 or 4.0 with FallbackQuery's clauses and titles that say a word through a synonym).
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


# The query: the words as typed, then what parts of it are also searched as, each a clause of its own.
# Measured on the tuning half of bench/relevance (SQLite; top-1 for keywords / customers' messages):
# 68 / 53 % with the words alone, 76 / 76 % with all of it. Without the thesaurus 71 / 60 %, without
# corrections 74 / 76 %; derived forms change no first result there (MRR +0.004). Singular/plural
# variants as a clause won three keyword/English queries and lost two: left out.

# Weights of a clause against the words as typed (1.0): those of Elasticsearch (search.queries); here too
# 0.5 to 1.0 did no better on the tuning half.
SYNONYM_WEIGHT = 0.7
DERIVED_WEIGHT = 0.6
CORRECTION_WEIGHT = 0.6
# A code or a price typed otherwise than the KB writes it ("e201" for E-201, "5 euro" for 5,00 €) is the
# word as typed, written as the index has it: it weighs as much. At SYNONYM_WEIGHT, "e201 app tv" put an
# article on another error of the TV app first on PostgreSQL (tuning half, 2026-11-29).
WRITTEN_WEIGHT = 1.0


@dataclass
class Clause:
    """Phrases searched together, with one weight: the score of any that match adds up, or, for the
    alternatives of one matched part (`best_only`), only the best one counts, so a word with five synonyms
    does not outweigh a word with none (Elasticsearch's dis_max)."""

    phrases: list
    weight: float
    best_only: bool = False


class FallbackQuery:
    """A query as the fallback searches it.

    Keywords: every word as typed, and codes and prices as the KB writes them ("e201" → "e 201", "5 euro"
    → "5 00"); at lower weights the thesaurus's phrases for each part it matches, the words' derived forms
    (attivare ↔ attivazione: the SQLite index has no stemming) and, for words the index does not know, the
    known words one typo away.
    A customer's message (search.queries.is_message): its content words without the conversation
    (search.wording.content_words) and the thesaurus, whose one-way rules carry the customer's phrasings
    to the KB's; no derived forms there (6 points of top-1 lower on the tuning half) and no corrections.

    `ways` says how a title can say each word: the word, one of its forms or corrections, or every
    content word of one of its synonyms.
    """

    def __init__(self, text):
        self.message = queries.is_message(text)
        self.words = query_words(" ".join(wording.content_words(text)) if self.message else text)
        self.ways = {word: [({stem(word)}, 1.0)] for word in self.words}
        self.clauses = [Clause(self.words, 1.0)] if self.words else []
        for matched, phrases in written_forms(text, self.words).items():
            self.clauses.append(Clause(phrases, WRITTEN_WEIGHT, best_only=True))
            self.add_ways(matched, phrases, WRITTEN_WEIGHT)
        for matched, phrases in synonyms.alternatives(text).items():
            self.clauses.append(Clause(phrases, SYNONYM_WEIGHT, best_only=True))
            self.add_ways(matched, phrases, SYNONYM_WEIGHT)
        if not self.message:
            self.add_forms({word: wording.derived_forms(word) for word in self.words}, DERIVED_WEIGHT)
            self.add_forms(corrections(self.words), CORRECTION_WEIGHT)

    def add_ways(self, matched, phrases, weight):
        """A title says each word of `matched` (a part of the query) with the weight of the clause when it
        says every content word of one of the phrases."""
        for word in matched.split():
            if word in self.ways:
                self.ways[word] += [(stems, weight) for stems in map(content_stems, phrases) if stems]

    def add_forms(self, forms, weight):
        """Other forms of some of the words ({word: [forms]}), as one clause."""
        phrases = sorted({form for word_forms in forms.values() for form in word_forms})
        if phrases:
            self.clauses.append(Clause(phrases, weight))
        for word, word_forms in forms.items():
            self.ways[word] += [({stem(form)}, weight) for form in word_forms]

    def title_share(self, title):
        """How much of the query a title (or a question an answer answers) says, from 0 to 1: each word
        counts as much as the best way the title says it, the word itself 1, a synonym, a derived form or a
        correction its clause's weight. Counting them as the word itself, a title saying the query through a
        synonym tied with one saying the word (keywords, tuning half, SQLite: 75.0 % top-1 → 78.9 % with the
        weights)."""
        title_stems = stems_of(title)
        said = sum(
            max((weight for stems, weight in self.ways[word] if stems <= title_stems), default=0.0)
            for word in self.words
        )
        return said / len(self.words) if self.words else 0.0

    @property
    def marked_stems(self):
        """What snippets mark: every way of saying a word of the query."""
        return {each for ways in self.ways.values() for stems, _weight in ways for each in stems}


def written_forms(text, words):
    """{part of the query: [phrases]}: codes and prices as the KB writes them, in the index's words: a code
    typed in one piece ("e201" → "e 201", for E-201) and a price ("5 euro", "5€" → "5 00", for 5,00 €;
    "9.99" → "9 99" as a phrase, for 9,99 €). A bare integer is not a price: "pagato 2 volte" searched as
    "2,00" put an offer at 2 € first."""
    found = {}
    for word in words:
        if code := wording.split_code(word):
            found[word] = [code]
    tokens = fold(text).split()
    for position, token in enumerate(tokens):
        number = token.strip("€$£,.;:!?()")
        priced = "€" in token or tokens[position + 1 : position + 2] in (["euro"], ["eur"], ["€"])
        if wording.DECIMAL.match(number) or (priced and wording.INTEGER.match(number)):
            typed = " ".join(folded_words(number))
            for form in [number, *wording.number_forms(number)]:
                phrase = " ".join(folded_words(form))
                if " " in phrase and phrase not in found.setdefault(typed, []):
                    found[typed].append(phrase)
    return {part: phrases for part, phrases in found.items() if phrases}


@lru_cache(maxsize=10_000)
def stems_of(text):
    """The stems of a title's words; cached, since every search reads the titles and questions of its
    candidates again (a third of a search's time on bench/relevance without the cache)."""
    return frozenset(stem(word) for word in folded_words(text))


def content_stems(phrase):
    return {stem(word) for word in folded_words(phrase) if word not in STOP_WORDS}


# Scoring a query: a ranked match per clause, added up with the clauses' weights.


def uses_fts5():
    """Whether the index is Wagtail's SQLite FTS5 table, which the fallback then queries directly."""
    if connection.vendor != "sqlite":
        return False
    from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return isinstance(get_search_backend(), SQLiteSearchBackend)


def fts5_match(phrases):
    """FTS5's query (https://sqlite.org/fts5.html#full_text_query_syntax) for any of the phrases in the
    title or the body; a phrase of several words matches them in a row.

    Measured and left out (bench/relevance, 2026-11-29, top-1 for keywords, tuning / held-out half):
    bm25's title column weighted 2 against the body (77.6 → 80.3 % / 71.2 → 68.8 %), and a keyword of 5
    letters or more also as the prefix of its stem ("offerte" → "offert" *), on top of it (82.9 / 67.5 %;
    customers' messages lost 4.8 points on the tuning half): gains on the tuning half that the held-out
    half does not confirm.
    """
    quoted = " OR ".join('"{}"'.format(phrase.replace('"', '""')) for phrase in phrases)
    return f"{{title body}} : ({quoted})"


def fts5_scores(queryset, query):
    """{pk: score} of `queryset`'s objects matching any clause of `query`, from Wagtail's FTS5 table.

    Wagtail's rank for keywords: bm25 times (1 + title_norm), a short title's bonus. A message's words
    match anywhere, and bm25 alone put the answer first for 76 % of the tuning half's messages, against
    71 % with the bonus.

    One statement for all the clauses, so that what the user may see is listed once and each match ranked
    once (Wagtail's own query, annotate_score, runs the whole match again for every row it returns): a
    whole search of bench/relevance (364 articles, 324 queries) takes 22 ms on average with every clause
    (p95 31 ms), against 91 ms (p95 236 ms) through Wagtail's query with the words alone.
    """
    from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

    try:
        visible, visible_params = queryset.values("pk").query.sql_with_params()
    except EmptyResultSet:  # nothing the user may see (no readable space)
        return {}
    parts = clause_parts(query)
    fts, entries = SQLiteFTSIndexEntry._meta.db_table, IndexEntry._meta.db_table
    content_types = get_descendants_content_types_pks(queryset.model)
    title_bonus = "1" if query.message else "(1 + entry.title_norm)"
    matches = " UNION ALL ".join(
        f"SELECT {number} AS clause, rowid AS id, bm25({fts}) AS rank FROM {fts} WHERE {fts} MATCH %s"
        for number, _phrases in parts
    )
    sql = (
        f"WITH matches AS ({matches})"
        f" SELECT entry.object_id, matches.clause, matches.rank * {title_bonus}"
        f" FROM matches JOIN {entries} AS entry ON entry.id = matches.id"
        f" WHERE entry.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
        f" AND entry.object_id IN ({visible})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(fts5_match(phrases) for _number, phrases in parts), *content_types, *visible_params])
        rows = cursor.fetchall()
    # bm25 is lower for a better match
    return weighted_sum(queryset, query, [(object_id, number, -rank) for object_id, number, rank in rows])


def clause_parts(query):
    """(clause number, phrases) to match: each phrase of a `best_only` clause apart, another clause whole."""
    parts = []
    for number, clause in enumerate(query.clauses):
        parts += [(number, [phrase]) for phrase in clause.phrases] if clause.best_only else [(number, clause.phrases)]
    return parts


def weighted_sum(queryset, query, rows):
    """{pk: score} from (object_id, clause number, score) rows: the best row of each clause, times its
    weight, added up over the clauses."""
    best = {}
    for object_id, number, score in rows:
        key = (queryset.model._meta.pk.to_python(object_id), number)
        best[key] = max(best.get(key, 0.0), score)
    scores = {}
    for (pk, number), score in best.items():
        scores[pk] = scores.get(pk, 0.0) + query.clauses[number].weight * score
    return scores


def postgres_scores(queryset, query):
    """{pk: score} of `queryset`'s objects matching any clause of `query`, from Wagtail's PostgreSQL index
    (search.backends.database.postgres: BM25 in SQL)."""
    try:
        visible, visible_params = queryset.values("pk").query.sql_with_params()
    except EmptyResultSet:  # nothing the user may see (no readable space)
        return {}
    return weighted_sum(queryset, query, postgres.scores(queryset, query, visible, visible_params))


def wagtail_query(phrases):
    words = [phrase for phrase in phrases if " " not in phrase]
    parts = [PlainText(" ".join(words), operator="or")] if words else []
    parts += [Phrase(phrase) for phrase in phrases if " " in phrase]
    return parts[0] if len(parts) == 1 else Or(parts)


def wagtail_scores(queryset, query):
    """{pk: score} through Wagtail's search (PostgreSQL, MySQL): one search per clause, whose phrases'
    ranks add up (Wagtail has no maximum)."""
    backend = get_search_backend()
    scores = {}
    for clause in query.clauses:
        results = backend.search(wagtail_query(clause.phrases), queryset, operator="or").annotate_score("_score")
        for obj in results[:MAX_CANDIDATES]:
            scores[obj.pk] = scores.get(obj.pk, 0.0) + clause.weight * relevance(obj._score)
    return scores


# Typos: a word the index does not know, and the known words one typo away, from the index's vocabulary.

VOCABULARY = "sportello_search_vocabulary"


def corrections(words):
    """{word: its CORRECTIONS most common neighbours one typo away} for the words the index does not know,
    from the index's vocabulary: FTS5's on SQLite, the folded words of the entries on PostgreSQL."""
    candidates = typos.candidates(words)
    if not candidates:
        return {}
    if uses_fts5():
        return fts5_corrections(candidates)
    if postgres.uses_postgres():
        return postgres.corrections(candidates)
    return {}


def fts5_corrections(candidates):
    """From FTS5's vocabulary (https://sqlite.org/fts5.html#the_fts5vocab_virtual_table_module).

    Neighbours share the word's first two letters, so only that range of the vocabulary is read: about
    0.2 ms a word on bench/relevance's 364 articles, 1 to 16 ms (median 4) on 50,000 entries made of the
    same text. Looking up every string one edit away instead took 5 to 7 ms there, 7 to 12 ms here.
    """
    from wagtail.search.models import SQLiteFTSIndexEntry

    vocabulary = f"temp.{VOCABULARY}"
    found = {}
    with connection.cursor() as cursor:
        # A temporary table of the connection: nothing in the database changes.
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocabulary}"
            f" USING fts5vocab(main, {SQLiteFTSIndexEntry._meta.db_table}, row)"
        )
        cursor.execute(
            f"SELECT term FROM {vocabulary} WHERE term IN ({', '.join(['%s'] * len(candidates))})", candidates
        )
        known = {term for (term,) in cursor.fetchall()}
        for word in [word for word in candidates if word not in known][: typos.CORRECTED_WORDS]:
            cursor.execute(
                f"SELECT term, doc FROM {vocabulary} WHERE term >= %s AND term < %s", typos.first_letters(word)
            )
            if near := typos.nearest(word, cursor.fetchall()):
                found[word] = near
    return found


def relevance(score):
    # Wagtail annotates SQLite's bm25(), where lower is better, and PostgreSQL's ts_rank, where higher is.
    return -score if connection.vendor == "sqlite" else score


def clause_scores(queryset, query):
    """{pk: weighted score} of the query's clauses over `queryset`: straight from Wagtail's index table on
    SQLite FTS5 and PostgreSQL, else through Wagtail's search."""
    if uses_fts5():
        return fts5_scores(queryset, query)
    if postgres.uses_postgres():
        return postgres_scores(queryset, query)
    return wagtail_scores(queryset, query)
