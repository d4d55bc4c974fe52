"""Text analysis for the Sportello indices, built only from what Elasticsearch's core provides.

Why it looks like this
----------------------
The node that development, tests and CI run (Maven Central's integ-test-zip, see
scripts/elasticsearch.sh) has no analysis-common module. Its whole analysis toolbox, checked with
`GET _nodes?filter_path=**.modules` and `_analyze`, is: the `standard` tokenizer; the `lowercase`,
`stop` (with `_italian_` / `_english_`), `shingle` and `hunspell` token filters; the `standard`,
`simple`, `whitespace`, `stop` and `keyword` analyzers; custom normalizers with `lowercase`. There are no
language analyzers, no stemmer, elision, asciifolding, synonym, unique or n-gram filters and no char
filters at all (not even `mapping`). A mapping made of those parts only runs unchanged on that node and
on any production cluster, so the indices are tested exactly as they run. Hence:

- Stemming is `hunspell` with Debian's it_IT / en_US dictionaries plus Sportello's word lists
  (search/hunspell/<locale>/*.dic): contact-center nouns it_IT lacks (fattura, disdetta, …) and British
  spellings en_US does not derive (cancelled → cancel). The it_IT affix rules also strip an elided article
  (l'offerta → offerta, dell'utenza → utenza) when the word is in the dictionary.
- Stop words: core `stop` with `_italian_` / `_english_`.
- Apostrophes: the standard tokenizer keeps "l’offerta" whole but hunspell only knows the straight
  apostrophe, so `normalise()` turns ’ ‘ ʼ ´ ` into ' (and drops soft hyphens and zero-width
  characters) in Python, before text is indexed and before a query is sent. Apply it to both sides.
- Accents: `fold()` lower-cases, strips accents and drops elided articles in Python; its output goes to
  the `folded` field (analyzer `plain`) and the same function is applied to the query for that field, so
  "perche", "PERCHÉ" and "perché" meet there, and "app" finds "dall'app" although hunspell does not know
  "app". (The stemmed Italian field drops "perché" altogether: it is in the `_italian_` stop list.)
- Synonyms are expanded in the query layer (search/synonyms.py, rules edited in the admin), so a changed
  rule needs no reindex; so are derived forms (search/wording.py), which hunspell does not relate.
- "Did you mean": the phrase suggester over a `shingle` sub-field (analyzer `shingle`), with a direct
  generator on the accent-folded `folded` field (every word of the documents). Search-as-you-type: a
  `completion` field with analyzer `plain`, plus a `bool_prefix` match on titles and questions.
- Facets: keywords with the `lowercase` normalizer.

Known limits of hunspell stemming (measured with `_analyze`, scripts/check_analysis.py): a word may get
several stems (fattura → fattura, fatturare), and prefix rules over-reach: riconosciuto → conosciuto,
invoice → voice, refunds → fund. Both sides of a match are stemmed alike, so recall is right; the `.plain`
sub-fields and phrase boosts keep exact wording on top.

API
---
Analyzers, as elasticsearch.dsl objects for the Document mappings:
  `italian` ("sportello_italian"), `english` ("sportello_english"): the stemmed language fields
  `title_it`, `text_it`, … / `*_en` (`ANALYZERS[language]`), fed `normalise(text)`;
  `plain` ("sportello_plain"): standard + lowercase: `.plain` sub-fields (phrases, fuzzy typos), the
  `folded` field (fed `fold(text)`), the `spelling` field and the `completion` field;
  `shingle` ("sportello_shingle"): the `spelling.shingle` sub-field for the phrase suggester;
  `lowercase` ("sportello_lowercase"): normalizer for keyword facets (tags).
`index_settings()` gives the same definitions as a plain {"analysis": {...}} dict for code that does not
use the DSL (scripts/check_analysis.py). Installing the dictionaries on a production cluster: README.md.
"""

import re
import unicodedata

from elasticsearch.dsl import analyzer, normalizer, token_filter

# Everything that is written as an apostrophe becomes the straight one hunspell knows; soft hyphens and
# zero-width characters, invisible in the text, would otherwise split or glue words differently.
APOSTROPHES = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
})

# Italian articles and prepositions that elide before a vowel; only before a letter and at the start of
# a word, so English contractions (don't, it's) are left alone.
ELIDED = (
    "l", "un", "dell", "dall", "nell", "sull", "all", "coll", "pell", "quest", "quell", "bell", "sant",
    "nessun", "ciascun", "alcun", "c", "d", "m", "t", "s", "v", "n", "ch",
)
ELISION = re.compile(r"(?<![\w'])(?:%s)'(?=\w)" % "|".join(sorted(ELIDED, key=len, reverse=True)))

italian_stop = token_filter("sportello_italian_stop", type="stop", stopwords="_italian_")
english_stop = token_filter("sportello_english_stop", type="stop", stopwords="_english_")
italian_hunspell = token_filter("sportello_italian_hunspell", type="hunspell", locale="it_IT", dedup=True)
english_hunspell = token_filter("sportello_english_hunspell", type="hunspell", locale="en_US", dedup=True)
shingles = token_filter("sportello_shingles", type="shingle", min_shingle_size=2, max_shingle_size=3)

italian = analyzer(
    "sportello_italian", tokenizer="standard", filter=["lowercase", italian_stop, italian_hunspell]
)
english = analyzer(
    "sportello_english", tokenizer="standard", filter=["lowercase", english_stop, english_hunspell]
)
# No stemming: exact phrases, fuzzy matching of typos, the accent-folded copy, completion.
plain = analyzer("sportello_plain", tokenizer="standard", filter=["lowercase"])
shingle = analyzer("sportello_shingle", tokenizer="standard", filter=["lowercase", shingles])
lowercase = normalizer("sportello_lowercase", filter=["lowercase"])

ANALYZERS = {"it": italian, "en": english}
LANGUAGES = tuple(ANALYZERS)


def index_settings():
    """The `analysis` index settings of every analyzer and normalizer above: {"analysis": {...}}."""
    analysis = {}
    for item in (italian, english, plain, shingle, lowercase):
        for section, definitions in item.get_analysis_definition().items():
            analysis.setdefault(section, {}).update(definitions)
    return {"analysis": analysis}


def normalise(text):
    """Straight apostrophes, no invisible characters, NFC: "l’offerta" and "l'offerta" analyse the same.

    For the stemmed fields and everything else sent to Elasticsearch, at indexing and at query time.
    """
    return unicodedata.normalize("NFC", (text or "").translate(APOSTROPHES))


def fold(text):
    """Lower case, no accents, no elided articles ("Velocità dell'app" → "velocita app").

    For the `folded` field, at indexing and at query time.
    """
    decomposed = unicodedata.normalize("NFKD", normalise(text).lower())
    return ELISION.sub("", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
