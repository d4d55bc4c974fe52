"""The Elasticsearch queries of Sportello, built with the DSL.

A search runs in two passes. The first finds every match cheaply (the combined `all_*` fields, the
accent-folded copy, synonym variants) and gives the total and the facets; the best RESCORE_WINDOW of
those are then re-ranked by the precise query below. Running the precise query on every match cost
10–30 times more on large result sets (bench/search.py).

Typo tolerance (fuzzy matching) and the "did you mean" suggester are the other expensive parts, and
only matter when the words as typed find little: the backend asks for them (`tolerant=True`) in a
second request only when the first finds fewer than a few results.

Ranking, in order of weight:
- an exact phrase in the title or the customer's question wins;
- the title and the question's variants weigh more than the body;
- certified / approved content ranks above unverified, fresh above stale, "needs review" lower;
- typos are tolerated (fuzziness on the accent-folded copy of title, question and text);
- synonyms (search/synonyms.txt) are alternative phrasings with a lower weight than the original.
"""

from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import FunctionScore

from search import analysis, synonyms

# Searched as one field per language (cross_fields), so the words of a query may be found partly in
# the title and partly in the text.
ALL_FIELDS = ["all_it", "text_it", "all_en", "text_en"]
RESCORE_WINDOW = 30  # three pages of results; beyond that, the first-pass order
STEMMED_FIELDS = ["title_it^4", "title_en^4", "question_it^3", "question_en^3", "text_it", "text_en"]
PLAIN_FIELDS = ["title_it.plain^3", "title_en.plain^3", "question_it.plain^2", "question_en.plain^2"]
PHRASE_FIELDS = ["title_it.plain^6", "title_en.plain^6", "question_it.plain^5", "question_en.plain^5", "text_it^2", "text_en^2"]
HIGHLIGHT_FIELDS = ["title_it", "title_en", "question_it", "question_en", "text_it", "text_en"]
FACETS = {"type": "type", "product": "product", "tag": "tags", "status": "status"}
# Enough buckets to show every value that has hits (the KB has far fewer products, types and statuses).
FACET_SIZE = 1000
SYNONYM_WEIGHT = 0.6
FRESHNESS_SCALE = "90d"


def folded_match(text, tolerant):
    """The accent-folded copy of title, question and text; with typos tolerated when `tolerant`."""
    options = {"query": analysis.fold(text), "minimum_should_match": "2<75%"}
    if tolerant:
        options.update(fuzziness="AUTO", prefix_length=1, max_expansions=20)
    return Q("match", folded=options)


def text_match(text, weight=1.0, tolerant=False):
    """Where the words of `text` may match: stemmed fields, plain fields and the folded copy."""
    return Q(
        "bool",
        should=[
            Q("multi_match", query=text, fields=STEMMED_FIELDS, type="best_fields", tie_breaker=0.3,
              minimum_should_match="2<75%"),
            Q("multi_match", query=text, fields=PLAIN_FIELDS, type="best_fields", tie_breaker=0.3,
              minimum_should_match="2<75%"),
            folded_match(text, tolerant),
        ],
        minimum_should_match=1,
        boost=weight,
    )


def recall(text, variants, tolerant):
    """The first pass: does the document match at all, and roughly how well."""
    return Q(
        "bool",
        should=[
            Q("multi_match", query=text, fields=ALL_FIELDS, type="cross_fields", minimum_should_match="2<75%"),
            folded_match(text, tolerant),
            *(Q("multi_match", query=variant, fields=ALL_FIELDS, type="cross_fields", minimum_should_match="2<75%",
                boost=SYNONYM_WEIGHT)
              for variant in variants),
        ],
        minimum_should_match=1,
    )


def precision(text, variants, tolerant):
    """The second pass, on the best matches only: field weights, phrases, synonyms, typos."""
    alternatives = [text_match(text, tolerant=tolerant)] + [text_match(v, SYNONYM_WEIGHT) for v in variants]
    return Q(
        "bool",
        should=[
            Q("bool", should=alternatives, minimum_should_match=1),
            Q("multi_match", query=text, fields=PHRASE_FIELDS, type="phrase", slop=1),
        ],
    )


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


def scored(query):
    return FunctionScore(
        query=query,
        functions=[
            {"filter": Q("term", certified=True), "weight": 2.0},
            {"filter": Q("term", needs_review=True), "weight": 0.7},
            {"gauss": {"updated_at": {"origin": "now", "scale": FRESHNESS_SCALE, "offset": "7d", "decay": 0.5}},
             "weight": 1.0},
        ],
        score_mode="multiply",
        boost_mode="multiply",
    )


def build_search(indices, query, filters, readable_acl, page, page_size, tolerant=False):
    """The whole request: scored matches, facets (each ignoring its own filter), highlights, and with
    `tolerant` typo tolerance and a "did you mean" suggestion."""
    search = Search(index=indices).extra(track_total_hits=True)
    base = visibility_filters(readable_acl)
    if query:
        text = analysis.normalise(query)
        variants = synonyms.expand(text)
        search = search.query(Q("bool", must=[recall(text, variants, tolerant)], filter=base)).extra(
            rescore={
                "window_size": RESCORE_WINDOW,
                "query": {
                    "rescore_query": scored(precision(text, variants, tolerant)).to_dict(),
                    "query_weight": 0.2,
                    "rescore_query_weight": 1.0,
                },
            }
        )
    else:
        search = search.query(Q("bool", filter=base))
    for name, field in FACETS.items():
        others = [f for f in facet_filters({k: v for k, v in filters.items() if k != name})]
        search.aggs.bucket(name, "filter", filter=Q("bool", filter=others or [Q("match_all")])).bucket(
            "values", "terms", field=field, size=FACET_SIZE
        )
    chosen = facet_filters(filters)
    if chosen:
        search = search.post_filter(Q("bool", filter=chosen))
    if not query:
        search = search.sort("-updated_at")
    search = search.highlight(
        *HIGHLIGHT_FIELDS, encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"],
        fragment_size=160, number_of_fragments=1, no_match_size=0,
        # The first pass matched on the combined fields; mark the same words in the shown fields.
        require_field_match=False,
    )
    if query and tolerant:
        search = search.suggest(
            "did_you_mean", analysis.normalise(query),
            phrase={
                "field": "spelling.shingle",
                "size": 1,
                "max_errors": 2,
                "gram_size": 3,
                "direct_generator": [{"field": "spelling", "suggest_mode": "popular", "min_word_length": 3}],
                "highlight": {"pre_tag": "", "post_tag": ""},
            },
        )
    start = (page - 1) * page_size
    return search.source(excludes=["folded", "spelling", "suggest", "text_*", "question_*"])[start : start + page_size]


def build_suggest(indices, prefix, readable_acl, size=8):
    return Search(index=indices).source(["title_it", "title_en", "type", "url", "object_id"]).suggest(
        "titles",
        analysis.normalise(prefix),
        completion={
            "field": "suggest",
            "size": size,
            "skip_duplicates": True,
            "fuzzy": {"fuzziness": "AUTO", "prefix_length": 1},
            "contexts": {"acl": sorted(readable_acl)},
        },
    ).extra(size=0)


