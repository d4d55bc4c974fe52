"""The Elasticsearch queries of Sportello, built with the DSL.

Recall first, precision from ranking. A search runs in two passes over one request:
- the first pass finds every document that shares a content word with the query (OR semantics: a
  query never comes back empty while one of its words matches something the user may see), typos
  tolerated on the accent-folded copy, synonyms and derived forms added; it gives the total and facets;
- the best RESCORE_WINDOW are re-ranked by the precise query: field weights (title and the customer's
  question above the body), exact phrases and proximity, synonyms and derived forms at a lower weight,
  then certified / needs-review / fresh factors.

Two modes, chosen from the input (`is_message`):
- keywords, what a CSR types ("disdeta fibra", "puk"): every word counts, typos are tolerated;
- assist, a customer's message pasted or typed whole ("buongiorno, il decoder non dà segni di vita da
  stamattina…"): the conversation is dropped (search.wording), Elasticsearch's `more_like_this` picks the
  distinctive terms of what is left, and the thesaurus's one-way rules bridge the customer's words to the
  KB's. Fuzzy matching is off there: over thirty words it is the expensive part and adds noise.

The cost of one query is bounded whatever is typed: MAX_WORDS words of at most MAX_WORD_LENGTH characters
are used, fuzzy matching and spelling correction cover at most FUZZY_MAX_WORDS words of at most
TYPO_MAX_WORD_LENGTH characters (a typo automaton grows with the word: a 900-letter "word" cost 1.6 s) with
few expansions, synonym expansions are capped (search.synonyms), and every shard has a time limit. How
often one user may search is search.throttle's business.
"""

from django.utils import translation
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import FunctionScore

from search import analysis, snippets, synonyms, wording
from search.language import guess_language

# Searched as one field per language (cross_fields), so the words of a query may be found partly in
# the title and partly in the text.
ALL_FIELDS = ["all_it", "text_it", "all_en", "text_en"]
RESCORE_WINDOW = 60
STEMMED_FIELDS = ["title_it^4", "title_en^4", "question_it^3", "question_en^3", "text_it", "text_en"]
PLAIN_FIELDS = ["title_it.plain^3", "title_en.plain^3", "question_it.plain^2", "question_en.plain^2"]
PHRASE_FIELDS = ["title_it.plain^6", "title_en.plain^6", "question_it.plain^5", "question_en.plain^5", "text_it^2", "text_en^2"]
# The words typed near each other, in either order, an article or a preposition between ("telefono rubato"
# meets "rubato il telefono", "appuntamento tecnico" meets "appuntamento con il tecnico"): a swap costs 2.
# Tuning half of bench/relevance: keywords top-1 81.6 -> 82.9 % at 3, unchanged at 2, messages and English
# unchanged.
PHRASE_SLOP = 3
HIGHLIGHT_FIELDS = ["title_it", "title_en", "question_it", "question_en", "text_it", "text_en"]
FACETS = {"type": "type", "product": "product", "tag": "tags", "status": "status"}
# Enough buckets to show every value that has hits (the KB has far fewer products, types and statuses).
FACET_SIZE = 1000
SYNONYM_WEIGHT = 0.7
EXACT_FORM_WEIGHT = 2.0  # a code or price as the KB writes it (E-201, 5,00): 2.6 points of top-1 on keywords
DERIVED_WEIGHT = 0.6
COVERAGE_WEIGHT = 1.0
LANGUAGE_WEIGHT = 1.3
UI_LANGUAGE_WEIGHT = 1.15
TYPE_WEIGHT = 1.3
# What is happening now, a crisis still open or a known defect not yet fixed, above the standing articles
# on the same subject: more so for a customer's message, which describes what the customer lives through
# ("mi è arrivato un sms che dice che la bolletta non è pagata…"). Tuning half of bench/relevance, customer
# messages: top-1 72.6 → 75.8, top-3 80.6 → 85.5 (1.4); CSR keywords unchanged at 1.1, worse above 1.2.
ONGOING_WEIGHT = 1.1
ONGOING_MESSAGE_WEIGHT = 1.4
ONGOING = {"crisis": ["active", "monitoring"], "defect": ["investigating", "workaround"]}
FUZZY_WEIGHT = 2.0  # in the second pass: a title word with a typo still counts like a title word
MAX_WORDS = 40
MAX_WORD_LENGTH = 40  # longer than any Italian word, code or IBAN; the rest of a longer token is dropped
TYPO_MAX_WORD_LENGTH = 20
MESSAGE_WORDS = 8  # from this many words, or MESSAGE_CONTENT_WORDS without the conversation, it is a message
MESSAGE_CONTENT_WORDS = 6
FUZZY_MAX_WORDS = 6
FUZZY_MAX_EXPANSIONS = 10
MLT_TERMS = 16
SHARD_TIMEOUT = "2s"
HIGHLIGHT_MAX_OFFSET = 100_000


def is_message(text):
    """A customer's message rather than a CSR's keywords."""
    return len(text.split()) >= MESSAGE_WORDS or len(wording.content_words(text)) >= MESSAGE_CONTENT_WORDS


def bounded(text):
    return " ".join(word[:MAX_WORD_LENGTH] for word in analysis.normalise(text).split()[:MAX_WORDS])


def typo_words(text):
    """The words a typo is looked for in: the longer ones cost much and are rarely misspelt words."""
    return " ".join(word for word in text.split() if len(word) <= TYPO_MAX_WORD_LENGTH)


def fuzzy_folded(text, weight=1.0):
    """The accent-folded title and questions, typos tolerated (edit distance AUTO). Only there: over the
    whole text the expansions cost more than the rest of the query (bench/search.py)."""
    return Q("match", folded_title={
        "query": analysis.fold(text), "fuzziness": "AUTO", "prefix_length": 1,
        "max_expansions": FUZZY_MAX_EXPANSIONS, "boost": weight,
    })


def phrase_or_words(phrase, fields, weight):
    """A synonym's words: as a phrase when it has several (nota di credito), else as a word."""
    if " " in phrase:
        return Q("multi_match", query=phrase, fields=fields, type="phrase", slop=1, boost=weight)
    return Q("multi_match", query=phrase, fields=fields, boost=weight)


def text_match(text, weight=1.0):
    """Where the words of `text` may match, weighted by field: stemmed fields, then exact words.

    `cross_fields` scores the fields as one (BM25F-like), so a word's rarity is judged across title,
    question and body together: measured 5 points of top-1 above `best_fields` on the tuning half of
    bench/relevance."""
    return Q(
        "bool",
        should=[
            Q("multi_match", query=text, fields=STEMMED_FIELDS, type="cross_fields"),
            Q("multi_match", query=text, fields=PLAIN_FIELDS, type="cross_fields"),
        ],
        minimum_should_match=1,
        boost=weight,
    )


class Analysed:
    """One query as the layers below see it: its words, mode, synonym expansions and derived forms."""

    def __init__(self, query):
        self.text = bounded(query)
        self.message = is_message(self.text)
        self.content = " ".join(wording.content_words(self.text)) if self.message else self.text
        words = self.content.split()
        # What each matched part of the query is also searched as: {matched words: [alternatives]}.
        self.alternatives = {
            matched: [wording.written_prices(phrase) for phrase in phrases]
            for matched, phrases in synonyms.alternatives(self.text).items()
        }
        # Codes and prices as the KB writes them: precise identifiers, weighted as the words typed.
        self.exact = {}
        for word in words:
            forms = [form for form in [wording.split_code(word), *wording.number_forms(word)] if form]
            if forms:
                self.exact[word] = forms
        self.expansions = [phrase for phrases in [*self.alternatives.values(), *self.exact.values()] for phrase in phrases]
        self.derived = [] if self.message else sorted({form for word in words for form in wording.derived_forms(word)})
        # Typos are looked for in the short words of a few-word query; spelling is corrected only when
        # every word is short (the suggester reads the whole input).
        self.fuzzy_text = typo_words(self.text) if not self.message and len(words) <= FUZZY_MAX_WORDS else ""
        self.spellcheck = not self.message and typo_words(self.text) == self.text
        # The words' language, else the reader's: an Italian desk wants the Italian article first.
        detected = guess_language(self.text, default=None)
        self.language = detected or (translation.get_language() or "")[:2] or None
        self.language_weight = LANGUAGE_WEIGHT if detected else UI_LANGUAGE_WEIGHT
        self.types = wording.wanted_types(words)


def recall(analysed):
    """The first pass: does the document match at all, and roughly how well."""
    if analysed.message:
        should = [Q("more_like_this", fields=ALL_FIELDS, like=analysed.content, min_term_freq=1, min_doc_freq=1,
                    max_query_terms=MLT_TERMS, minimum_should_match="1")]
    else:
        should = [Q("multi_match", query=analysed.text, fields=ALL_FIELDS, type="cross_fields")]
    if analysed.fuzzy_text:
        should.append(fuzzy_folded(analysed.fuzzy_text))
    should += alternatives(analysed, lambda phrase: phrase_or_words(phrase, ALL_FIELDS, 1.0))
    if analysed.derived:
        should.append(Q("multi_match", query=" ".join(analysed.derived), fields=ALL_FIELDS, boost=DERIVED_WEIGHT))
    return Q("bool", should=should, minimum_should_match=1)


def alternatives(analysed, match):
    """One clause per matched part of the query: the best of its alternatives counts, not their sum, so
    a word with ten synonyms does not outweigh a word with none."""
    return [
        Q("dis_max", queries=[match(phrase) for phrase in phrases], boost=SYNONYM_WEIGHT)
        for phrases in analysed.alternatives.values()
    ] + [
        Q("dis_max", queries=[match(phrase) for phrase in phrases], boost=EXACT_FORM_WEIGHT)
        for phrases in analysed.exact.values()
    ]


def precision(analysed):
    """The second pass, on the best matches only: field weights, phrases, synonyms, derived forms, typos."""
    should = [text_match(analysed.content)]
    if not analysed.message and len(analysed.content.split()) > 1:
        # Every word somewhere in the document: what a CSR typing three words means.
        should.append(Q("multi_match", query=analysed.content, fields=ALL_FIELDS, type="cross_fields",
                        operator="and", boost=COVERAGE_WEIGHT))
    # A message is re-ranked on all its content words (text_match): a second more_like_this over titles and
    # questions, which kept only the words it found distinctive there, did worse on the tuning half of
    # bench/relevance (customers' messages top-1 75.8 → 77.4 %, top-3 85.5 → 87.1 % without it).
    if not analysed.message:
        should.append(Q("multi_match", query=analysed.text, fields=PHRASE_FIELDS, type="phrase", slop=PHRASE_SLOP))
    if analysed.fuzzy_text:
        should.append(fuzzy_folded(analysed.fuzzy_text, FUZZY_WEIGHT))
    should += alternatives(analysed, text_match)
    if analysed.derived:
        should.append(text_match(" ".join(analysed.derived), DERIVED_WEIGHT))
    return Q("bool", should=should)


def highlighted(analysed):
    words = [analysed.content, *analysed.expansions]
    return Q("bool", should=[Q("multi_match", query=text, fields=HIGHLIGHT_FIELDS) for text in words])


def visibility_filters(readable_acl):
    """Only what the user may see: readable spaces, and nothing past its expiry time."""
    return [
        Q("terms", acl=sorted(readable_acl)),
        Q("bool", should=[
            Q("bool", must_not=[Q("exists", field="expire_at")]),
            Q("range", expire_at={"gt": "now"}),
        ], minimum_should_match=1),
    ]


def facet_filters(filters):
    return [Q("term", **{FACETS[name]: value}) for name, value in filters.items() if name in FACETS]


def ongoing():
    """A crisis still open or a known defect not yet fixed (ONGOING)."""
    return Q("bool", should=[
        Q("bool", filter=[Q("term", type=kind), Q("terms", status=statuses)]) for kind, statuses in ONGOING.items()
    ], minimum_should_match=1)


def scored(query, language=None, types=(), language_weight=1.0, ongoing_weight=ONGOING_WEIGHT):
    """Approved and certified content above unverified, "needs review" lower, this month's a little higher,
    the query's language above the other one when the words say which it is, and the type of article the
    query names ("offerta", "errore") above the others, what is going on now (`ongoing`) above the rest.

    Factors, not a decay curve: an approved answer written a year ago is still the answer.
    """
    functions = [
        {"filter": Q("term", certified=True), "weight": 1.5},
        {"filter": Q("term", needs_review=True), "weight": 0.8},
        {"filter": Q("range", updated_at={"gte": "now-30d"}), "weight": 1.1},
    ]
    if language:
        functions.append({"filter": Q("term", language=language), "weight": language_weight})
    if types:
        functions.append({"filter": Q("terms", type=list(types)), "weight": TYPE_WEIGHT})
    functions.append({"filter": ongoing(), "weight": ongoing_weight})
    return FunctionScore(
        query=query,
        functions=functions,
        score_mode="multiply",
        boost_mode="multiply",
    )


def did_you_mean():
    """The phrase suggester over shingles; only words the index does not know are corrected.

    `confidence: 0`: with the default (1.0) each index's shard drops corrections scoring under its own
    score for the input, and the merge keeps the highest of those cut-offs, so a correction found in the
    articles vanished whenever the questions' index scored the input higher. Known words are never
    replaced (`suggest_mode: missing`), so an option equal to the input means "nothing to correct" and the
    first option that differs is the correction (search.backends.elasticsearch.suggestion).
    """
    return {
        "field": "spelling.shingle",
        "size": 3,
        "confidence": 0,
        "max_errors": 2,
        "gram_size": 3,
        # Candidates from every word of the documents (accent-folded): a word the body uses is no typo.
        "direct_generator": [{"field": "folded", "suggest_mode": "missing", "min_word_length": 3}],
        "highlight": {"pre_tag": "", "post_tag": ""},
    }


def build_search(indices, query, filters, readable_acl, page, page_size, spellcheck=True, facets=True):
    """The whole request: scored matches, facets (each ignoring its own filter) unless `facets` is off,
    highlights, and for keywords a "did you mean" suggestion unless `spellcheck` is off."""
    # A time limit per shard: a pathological query answers late and incomplete, which the backend treats
    # as a failure (database fallback), instead of holding a search thread for seconds.
    search = Search(index=indices).extra(track_total_hits=True, timeout=SHARD_TIMEOUT)
    base = visibility_filters(readable_acl)
    analysed = Analysed(query) if query else None
    if analysed:
        search = search.query(Q("bool", must=[recall(analysed)], filter=base)).extra(
            rescore={
                "window_size": RESCORE_WINDOW,
                "query": {
                    "rescore_query": scored(
                        precision(analysed), analysed.language, analysed.types, analysed.language_weight,
                        ONGOING_MESSAGE_WEIGHT if analysed.message else ONGOING_WEIGHT,
                    ).to_dict(),
                    "query_weight": 0.2,
                    "rescore_query_weight": 1.0,
                },
            }
        )
        if spellcheck and analysed.spellcheck:
            search = search.suggest("did_you_mean", analysed.text, phrase=did_you_mean())
    else:
        search = search.query(Q("bool", filter=base)).sort("-updated_at")
    for name, field in FACETS.items() if facets else ():
        others = facet_filters({k: v for k, v in filters.items() if k != name})
        search.aggs.bucket(name, "filter", filter=Q("bool", filter=others or [Q("match_all")])).bucket(
            "values", "terms", field=field, size=FACET_SIZE
        )
    chosen = facet_filters(filters)
    if chosen:
        search = search.post_filter(Q("bool", filter=chosen))
    options = {"highlight_query": highlighted(analysed).to_dict()} if analysed else {}
    # The options once for every field, not per field: each field's own copy of the highlight query was
    # parsed (its words analysed by hunspell) on every shard, which cost more than the highlighting itself.
    search = search.highlight(*HIGHLIGHT_FIELDS).highlight_options(
        pre_tags=[snippets.MARK_START], post_tags=[snippets.MARK_END],
        fragment_size=160, number_of_fragments=1, no_match_size=0,
        # A huge document (a question with fifty long answers) is highlighted in its first part instead of
        # failing its shard (index.highlight.max_analyzed_offset).
        max_analyzed_offset=HIGHLIGHT_MAX_OFFSET,
        # The first pass matched on the combined fields; mark the same words in the shown fields.
        require_field_match=False,
        # Mark the words as typed and their synonyms; typo expansions would cost more than they show.
        **options,
    )
    start = (page - 1) * page_size
    return search.source(excludes=["folded", "spelling", "suggest", "text_*", "question_*"])[start : start + page_size]


SUGGEST_FIELDS = ["title_it.plain^3", "title_en.plain^3", "question_it.plain", "question_en.plain"]


def build_suggest(indices, prefix, readable_acl, size=8):
    """Search-as-you-type in one request: titles that start with what was typed (completion, typos
    tolerated), then titles and question variants holding every typed word in any order, the last one
    as a prefix ("disdetta f" → "Disdetta della linea fissa"; exact words there: fuzzy expansion of every
    word cost more than the whole completion)."""
    text = analysis.normalise(prefix)
    words = Q("multi_match", query=text, fields=SUGGEST_FIELDS, type="bool_prefix", operator="and")
    return Search(index=indices).source(["title_it", "title_en", "type", "url", "object_id"]).query(
        Q("bool", must=[words], filter=visibility_filters(readable_acl))
    ).suggest(
        "titles",
        text,
        completion={
            "field": "suggest",
            "size": size,
            "skip_duplicates": True,
            "fuzzy": {"fuzziness": "AUTO", "prefix_length": 1},
            "contexts": {"acl": sorted(readable_acl)},
        },
    ).extra(size=size)
