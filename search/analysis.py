"""Text analysis for the Sportello indices, built only from what Elasticsearch's core provides.

The test node (Maven Central's integ-test-zip) has no analysis-common module: no language analyzers,
elision, stemmer, asciifolding, synonym, mapping or edge-ngram filters. A mapping that uses only core
analysis runs unchanged on that node and on any production cluster, so:

- stemming: the `hunspell` filter with Debian's it_IT / en_US dictionaries, plus Sportello's own word
  list (search/hunspell/it_IT/sportello.dic) for contact-center nouns the Debian dictionary lacks
  (fattura, disdetta, rimborso, …). The Italian affix rules strip elided articles (l'offerta → offerta);
- stop words: core `stop` with the `_italian_` / `_english_` lists;
- typographic apostrophes and accents: normalised in Python by `normalise()` / `fold()` before text is
  indexed and before a query is sent, since core has no char filter or folding filter;
- synonyms: expanded in the query layer (search/synonyms.py) from search/synonyms.txt, so editing that
  file needs no reindex;
- phrase suggestions ("did you mean"): a `shingle` sub-field; typo tolerance: fuzziness on plain fields.

Installing the dictionaries on a production cluster: see README.md, "Elasticsearch".
"""

import unicodedata

from elasticsearch.dsl import analyzer, normalizer, token_filter

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})

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
# No stemming: exact phrases, fuzzy matching of typos, and the accent-folded copy.
plain = analyzer("sportello_plain", tokenizer="standard", filter=["lowercase"])
shingle = analyzer("sportello_shingle", tokenizer="standard", filter=["lowercase", shingles])
lowercase = normalizer("sportello_lowercase", filter=["lowercase"])

ANALYZERS = {"it": italian, "en": english}
LANGUAGES = tuple(ANALYZERS)


def normalise(text):
    """Straight apostrophes and NFC, so "l’offerta" and "l'offerta" analyse the same."""
    return unicodedata.normalize("NFC", (text or "").translate(APOSTROPHES))


def fold(text):
    """Lower-case text without accents ("Velocità" → "velocita"), for the accent-insensitive field."""
    decomposed = unicodedata.normalize("NFKD", normalise(text).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
