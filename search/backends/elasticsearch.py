"""Search through Elasticsearch: every kind's alias queried together, mapped to `SearchResponse`.

The request is built with the DSL once (`to_dict`), sent with the plain client, and the JSON answer is
read as dicts: wrapping it back into DSL objects cost more than the rest of the request (profiled).
"""

import logging
import time

from elasticsearch import TransportError

from search import analysis, queries, snippets, synonyms
from search.client import get_client
from search.indexing import KINDS, alias
from search.types import SearchHit, SearchResponse

logger = logging.getLogger(__name__)

SNIPPET_FIELDS = ("text_it", "text_en", "question_it", "question_en", "title_it", "title_en")


def indices():
    return ",".join(alias(kind) for kind in KINDS)


def hit_title(source):
    return source.get("title_it") or source.get("title_en") or ""


def snippet_parts(hit):
    highlight = hit.get("highlight") or {}
    for field in SNIPPET_FIELDS:
        if highlight.get(field):
            return snippets.parts(highlight[field][0])
    return snippets.unmarked(hit["_source"].get("summary") or "")


def matched(hit):
    """The distinct marked words of every highlighted field, lower case, in field order."""
    words = []
    for field in SNIPPET_FIELDS[::-1]:  # title, question, then text
        for fragment in (hit.get("highlight") or {}).get(field, []):
            for text, marked in snippets.parts(fragment):
                word = " ".join(text.split()).lower()
                if marked and word and word not in words:
                    words.append(word)
    return words


def to_hit(hit):
    source = hit["_source"]
    return SearchHit(
        type=source["type"],
        id=int(source["object_id"]),
        title=hit_title(source),
        url=source.get("url", ""),
        snippet_parts=snippet_parts(hit),
        score=round(hit.get("_score") or 0.0, 4),
        certified=bool(source.get("certified")),
        updated_at=source.get("updated_at"),
        answer=source.get("answer") or None,
        matched=matched(hit),
    )


def facets(aggregations):
    return {
        name: [{"value": bucket["key"], "count": bucket["doc_count"]} for bucket in aggregations[name]["values"]["buckets"]]
        for name in queries.FACETS
    }


def suggestion(response, query):
    """The corrected spelling, when the suggester changed a word the index does not know."""
    for entry in (response.get("suggest") or {}).get("did_you_mean", []):
        for option in entry.get("options", []):
            if option["text"].strip().lower() != query.strip().lower():
                return option["text"]
    return None


# Shard failures that say a node went away while the search ran, not that the query is wrong: asked again,
# the cluster answers from the shard's other copy (a replica promoted, or the node's copy skipped). Seen in
# `make cluster-check`: a node killed during a search gave one `node_disconnected_exception` shard failure.
TRANSIENT_SHARD_FAILURES = frozenset({
    "node_disconnected_exception", "node_not_connected_exception", "node_closed_exception",
    "connect_transport_exception", "send_request_transport_exception", "no_shard_available_action_exception",
})


class IncompleteSearch(TransportError):
    """Elasticsearch answered with failed shards or after its time limit: the service falls back.
    `transient`: every failed shard failed because a node left (asking again may well succeed)."""

    def __init__(self, message, transient=False):
        super().__init__(message)
        self.transient = transient


def complete(response):
    """The response, if every shard answered in time; else IncompleteSearch (the service falls back)."""
    if "error" in response:
        raise IncompleteSearch(str(response["error"].get("type", "error")))
    shards = response.get("_shards", {})
    if shards.get("failed") or response.get("timed_out"):
        # Some shard answered nothing: the page would silently miss results. Say so, as a failure.
        reasons = [failure.get("reason", {}).get("type") for failure in shards.get("failures", [])]
        logger.error("search incomplete failed_shards=%s timed_out=%s reasons=%s",
                     shards.get("failed"), response.get("timed_out"), reasons)
        transient = bool(reasons) and not response.get("timed_out") and set(reasons) <= TRANSIENT_SHARD_FAILURES
        raise IncompleteSearch(
            f"{shards.get('failed', 0)} shard(s) failed, timed out: {response.get('timed_out')}", transient=transient
        )
    return response


def searched(body, response=None):
    """The answer to one search request (`response`: its first answer, when already received), asked once
    more when a node left while it ran (TRANSIENT_SHARD_FAILURES); a query that failed on its own merits, or
    over its time limit, is not repeated."""
    try:
        return complete(response if response is not None else get_client().search(index=indices(), body=body))
    except IncompleteSearch as error:
        if not error.transient:
            raise
        logger.warning("search asked again after a node left")
        return complete(get_client().search(index=indices(), body=body))


def known_checks(words, readable_acl):
    """msearch lines asking, per word, whether it matches anything the user may see through the stemmed
    fields (stopped at the first match)."""
    searches = []
    for word in words:
        searches += [{"index": indices()}, {
            "size": 0, "terminate_after": 1, "track_total_hits": 1,
            "query": {"bool": {"must": [{"multi_match": {"query": word, "fields": queries.ALL_FIELDS}}],
                               "filter": [q.to_dict() for q in queries.visibility_filters(readable_acl)]}},
        }]
    return searches


def changed_words(query, corrected):
    """The words of `query` the correction replaced (swapped: the words the correction brought in)."""
    kept = set(analysis.fold(corrected).split())
    return [word for word in analysis.fold(query).split() if word not in kept]


def correction_checks(query, corrected, readable_acl):
    """The msearch lines that decide whether a correction holds (`correction_holds`): the known-word checks
    of the words it replaced, then of the words it brought in. None when it replaced no word: it differs
    from the query only in accents, case or an elided article, which the suggester reads as other words.

    The checks go alone, and the corrected text is searched only once the correction holds: most
    corrections the suggester offers are words the stemmed fields know ("riavvia" for "riavviare"), and a
    search sent along with the checks was thrown away for each of them (bench/search_cost.py)."""
    typos, replacements = changed_words(query, corrected), changed_words(corrected, query)
    if not typos:
        return None
    return known_checks(typos + replacements, readable_acl)


def correction_holds(query, corrected, answer):
    """Whether the msearch `answer` to `correction_checks` lets the correction stand: some replaced word
    matches nothing the user may see, and every word brought in matches something."""
    found = [check.get("hits", {}).get("total", {}).get("value", 0) > 0 for check in answer["responses"]]
    typos = len(changed_words(query, corrected))
    return not all(found[:typos]) and all(found[typos:])


class ElasticsearchBackend:
    engine = "elasticsearch"

    def search(self, user, query, filters, page, page_size, readable_acl, with_facets=True):
        """`with_facets` off: no facet counts asked for nor returned, for a caller that does not show them."""
        started = time.monotonic()
        response = self.request(query, filters, readable_acl, page, page_size, with_facets=with_facets)
        corrected = suggestion(response, query) if query else None
        if corrected and set(changed_words(query, corrected)) & synonyms.known_words(query):
            # A word of a phrase the thesaurus knows is the customer's vocabulary, not a typo: "cooling off
            # period" is no misspelt "closing off period".
            corrected = None
        if corrected:
            # A word the index does not know, and a spelling it does: rank for what was meant, as
            # "disdeta fibra" means "disdetta fibra" -- unless the "unknown" words match through the
            # stemmed fields, which the suggester does not read ("lento" is no typo for "lungo" when the
            # text says "lenta").
            # The suggester reads the whole index, whatever the user may see: a correction into a word
            # that only a private space holds would tell that word, so each new word must match something
            # the user may see too.
            checks = correction_checks(query, corrected, readable_acl)
            if checks is None or not correction_holds(query, corrected, get_client().msearch(searches=checks)):
                corrected = None
            else:
                response = self.request(corrected, filters, readable_acl, page, page_size,
                                        spellcheck=False, with_facets=with_facets)
        total = response["hits"]["total"]["value"]
        return SearchResponse(
            query=query,
            total=total,
            took_ms=int((time.monotonic() - started) * 1000),
            results=[to_hit(hit) for hit in response["hits"]["hits"]],
            facets=facets(response["aggregations"]) if with_facets else {},
            suggestion=corrected,
            page=page,
            page_size=page_size,
            engine=self.engine,
        )

    def body(self, query, filters, readable_acl, page, page_size, spellcheck=True, with_facets=True):
        return queries.build_search(
            indices(), query, filters, readable_acl, page, page_size, spellcheck, with_facets
        ).to_dict()

    def request(self, query, filters, readable_acl, page, page_size, spellcheck=True, with_facets=True):
        """The search, with its "did you mean" unless `spellcheck` is off (the corrected text's would never
        be read), and its facets unless `with_facets` is off."""
        return searched(self.body(query, filters, readable_acl, page, page_size, spellcheck, with_facets))

    def suggest(self, user, prefix, readable_acl, size):
        body = queries.build_suggest(indices(), prefix, readable_acl, size).to_dict()
        response = get_client().search(index=indices(), body=body)
        completions = response["suggest"]["titles"][0]["options"] if response.get("suggest") else []
        found, seen = [], set()
        for source, text in [(o["_source"], o["text"]) for o in completions] + [
            (hit["_source"], hit_title(hit["_source"])) for hit in response["hits"]["hits"]
        ]:
            key = (source["type"], source["object_id"])
            if key in seen:
                continue
            seen.add(key)
            found.append({
                "type": source["type"],
                "id": int(source["object_id"]),
                "title": hit_title(source),
                "url": source.get("url", ""),
                "text": text,
            })
        return found[:size]
