"""The fallback on PostgreSQL: a BM25 score computed in SQL over Wagtail's index entries, and typo corrections.

Wagtail's PostgreSQL entries hold tsvectors of the folded text (built with WAGTAILSEARCH_BACKENDS'
SEARCH_CONFIG, "italian": https://www.postgresql.org/docs/current/textsearch-controls.html) and the text
itself (title_text, body_text).

PostgreSQL's own ranks (ts_rank, ts_rank_cd) know nothing of how rare a word is and grow with every
repetition, so an article saying "modem" five times outranked the only one saying "temporale". The score
here is BM25F (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009):
per phrase of the query, how often the title and the body say it (ts_rank_cd with every weight 1 counts
the phrase's occurrences), the title's TITLE_WEIGHT times a body's, the body's count divided by its length
against the average, then saturated (tf / (tf + K1)) and multiplied by the phrase's rarity (idf).

Rarity and lengths are counted among the entries the user may see, of the kind searched (articles, or
questions of the readable spaces): a score the API returns depends on nothing the user cannot read
(tests/search/test_database_fallback.py). Typo corrections still come from the words of every entry, as
on SQLite: a correction is never shown, and is only searched among what the user may see.
"""

from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import get_descendants_content_types_pks

from search.backends.database import typos

# BM25's saturation and length normalisation (their usual values), and how much a title's occurrence counts
# against a body's. Measured on bench/relevance (2026-11-29, PostgreSQL 15, top-1 keywords / customers'
# messages / English): the held-out half went from 60.0 / 55.2 / 62.5 % with ts_rank_cd times idf to
# 66.2 / 75.9 / 66.7 % (tuning half 76.3 / 72.6 / 91.7 %). On the tuning half, a title weight of 3 won
# one keyword query, a body length weight of 0.3 and Wagtail's title_norm (counted over every entry) in
# place of the visible titles' average changed no first result: left as they are. No bonus for a short
# title (Wagtail's 1 + title_norm, which SQLite's rank keeps): with the title's weight here and the title
# share of search.backends.database.fallback.rank it counted the title a third time, and short titles
# that said one word of the query outranked the answer (tuning half, 2026-11-29: keywords 78.9 → 80.3 %,
# English 91.7 → 100 %, messages, which never had it, unchanged). On SQLite, dropping it lost a keyword
# query of the tuning half: kept there.
K1 = 1.2
BODY_LENGTH_WEIGHT = 0.75
TITLE_WEIGHT = 2.0
# ts_rank_cd's weights for the letters D, C, B, A Wagtail gives fields: all alike, so that a rank is a count.
WEIGHTS = "{1,1,1,1}"
# A word of PREFIX_LENGTH letters or more also finds the longer words its stem starts ("rimborso" →
# rimbors:*, rimborsare; without it customers' messages lost 3.2 points of top-1, keywords gained 1.3).
PREFIX_LENGTH = 4


def uses_postgres():
    """Whether the index is Wagtail's PostgreSQL one, which the fallback then queries directly."""
    if connection.vendor != "postgresql":
        return False
    from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

    return isinstance(get_search_backend(), PostgresSearchBackend)


def search_config():
    return get_search_backend().config or "simple"


def tsquery(phrase, config):
    """SQL and parameters of a tsquery for `phrase` as the index stems it: a word also as the start of
    longer words (from PREFIX_LENGTH letters: "fattur" finds fatturazione, "rateizz" finds rateizzazione),
    several words as those words in a row (stop words keep their place); None without a word."""
    tokens = typos.TOKEN.findall(phrase)
    if len(tokens) == 1 and len(tokens[0]) >= PREFIX_LENGTH:
        return "to_tsquery(%s::regconfig, %s)", [config, f"{tokens[0]}:*"]
    if tokens:
        return "phraseto_tsquery(%s::regconfig, %s)", [config, " ".join(tokens)]
    return None


def phrase_scores(queryset, query, visible, visible_params):
    """[(object id, clause number, phrase number, score)] of the visible entries matching a phrase of `query`.

    One statement: the phrases as VALUES rows, their matches found through the GIN indexes of `title` and
    `body`, and the statistics BM25 needs taken over the visible entries of the kind (`seen`: how many;
    among the matches, how many per phrase and the average lengths, window functions: an average over
    every visible entry would read every tsvector on each search).
    """
    config = search_config()
    parts, params = [], []  # one VALUES row per phrase: (clause number, phrase number, tsquery)
    for number, clause in enumerate(query.clauses):
        for position, phrase in enumerate(clause.phrases):
            if found := tsquery(phrase, config):
                parts.append(f"({number}, {position}, {found[0]})")
                params += found[1]
    if not parts:
        return []
    from wagtail.search.models import IndexEntry

    entries = IndexEntry._meta.db_table
    content_types = get_descendants_content_types_pks(queryset.model)
    visible_entries = (
        f"entry.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
        f" AND entry.object_id IN (SELECT CAST(visible.pk AS text) FROM ({visible}) AS visible(pk))"
    )
    frequency = (
        f"({TITLE_WEIGHT} * title_count + body_count"
        f" / (1 - {BODY_LENGTH_WEIGHT} + {BODY_LENGTH_WEIGHT} * body_length / greatest(average_length, 1)))"
    )
    sql = (
        f"WITH parts(clause, phrase, query) AS (VALUES {', '.join(parts)}),"
        f" seen AS (SELECT count(*) AS n FROM {entries} AS entry WHERE {visible_entries}),"
        f" matches AS (SELECT entry.object_id, parts.clause, parts.phrase,"
        f" ts_rank_cd('{WEIGHTS}', entry.title, parts.query, 0) AS title_count,"
        f" ts_rank_cd('{WEIGHTS}', entry.body, parts.query, 0) AS body_count, length(entry.body) AS body_length"
        f" FROM parts JOIN {entries} AS entry ON entry.title @@ parts.query OR entry.body @@ parts.query"
        f" WHERE {visible_entries}),"
        f" counted AS (SELECT matches.*, count(*) OVER (PARTITION BY clause, phrase) AS found,"
        f" avg(body_length) OVER () AS average_length FROM matches)"
        f" SELECT object_id, clause, phrase,"
        f" ln(1 + (seen.n - found + 0.5) / (found + 0.5)) * {frequency} * {K1 + 1} / ({frequency} + {K1})"
        f" FROM counted CROSS JOIN seen"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *content_types, *visible_params, *content_types, *visible_params])
        return cursor.fetchall()


def scores(queryset, query, visible, visible_params):
    """[(object id, clause number, score)]: per clause, its phrases' scores added up, or, for the
    alternatives of one matched part (`best_only`), the best of them."""
    by_clause = {}  # {(object id, clause number): [phrase scores]}
    for object_id, number, _phrase, score in phrase_scores(queryset, query, visible, visible_params):
        by_clause.setdefault((object_id, number), []).append(score)
    return [
        (object_id, number, max(found) if query.clauses[number].best_only else sum(found))
        for (object_id, number), found in by_clause.items()
    ]


def corrections(candidates):
    """{word: its nearest known words} for the candidates the index does not know.

    The index holds stems, so a word is known when its stem is there (one GIN lookup per word). For the
    others, the known words are those of the entries' folded text (title_text, body_text): with pg_trgm,
    of the SIMILAR_ENTRIES entries whose text has a word like it (word similarity, through the trigram
    indexes of migration search 0008); without it, of every entry, read by ts_stat
    (https://www.postgresql.org/docs/current/textsearch-features.html#TEXTSEARCH-STATISTICS).
    """
    from wagtail.search.models import IndexEntry

    entries = IndexEntry._meta.db_table
    config = search_config()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM unnest(%s::text[]) AS word WHERE NOT EXISTS ("
            f" SELECT 1 FROM {entries} AS entry WHERE entry.title @@ plainto_tsquery(%s::regconfig, word)"
            f" OR entry.body @@ plainto_tsquery(%s::regconfig, word))",
            [candidates, config, config],
        )
        unknown = {word for (word,) in cursor.fetchall()}
        unknown = [word for word in candidates if word in unknown][: typos.CORRECTED_WORDS]
        if not unknown:
            return {}
        if has_trigrams(cursor):
            vocabularies = {word: similar_words(cursor, entries, word) for word in unknown}
        else:
            everything = every_word(cursor, entries, unknown)
            vocabularies = dict.fromkeys(unknown, everything)
    return {word: near for word in unknown if (near := typos.nearest(word, vocabularies[word]))}


# Entries read for the words like a typo: enough for a word's neighbours, few enough to stay fast.
SIMILAR_ENTRIES = 200


def has_trigrams(cursor):
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    return cursor.fetchone() is not None


def similar_words(cursor, entries, word):
    """(word, entries) of the words sharing `word`'s first letters in the entries whose text has a word
    like it (pg_trgm's `<%`: https://www.postgresql.org/docs/current/pgtrgm.html)."""
    cursor.execute(
        "SELECT known, count(*) FROM (SELECT entry.title_text || ' ' || entry.body_text AS text"
        f" FROM {entries} AS entry WHERE %s <%% entry.title_text OR %s <%% entry.body_text LIMIT {SIMILAR_ENTRIES})"
        " AS alike CROSS JOIN LATERAL (SELECT DISTINCT known FROM regexp_split_to_table(alike.text, '\\s+') AS known)"
        " AS words WHERE known >= %s AND known < %s GROUP BY known",
        [word, word, *typos.first_letters(word)],
    )
    return cursor.fetchall()


def every_word(cursor, entries, words):
    """(word, entries) of the words sharing the first letters of any of `words`, in the whole index."""
    ranges = " OR ".join(["(word >= %s AND word < %s)"] * len(words))
    statistics = f"SELECT to_tsvector('simple', title_text || ' ' || body_text) FROM {entries}"
    cursor.execute(
        f"SELECT word, ndoc FROM ts_stat(%s) WHERE {ranges}",
        [statistics, *(bound for word in words for bound in typos.first_letters(word))],
    )
    return cursor.fetchall()
