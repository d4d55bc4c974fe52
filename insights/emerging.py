"""Emerging problems: words and tags rising this week against the previous four weeks.

Questions and market needs: Elasticsearch's `significant_text` / `significant_terms` with this week as
the foreground and the last five weeks as the background set (https://www.elastic.co/guide/en/elasticsearch/reference/8.19/
search-aggregations-bucket-significanttext-aggregation.html), filtered by the viewer's `acl` like every
search. Searches: the same on the search-log index. Without Elasticsearch, the database answers for all
three: this week's count of a word, tag or search against its weekly mean over the four weeks before.
"""

import datetime
import logging
import re
from collections import Counter
from itertools import chain

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from elasticsearch import ApiError, TransportError

from collaboration import access
from collaboration.models import MarketNeed, Question, QuestionTag

from insights.content_gaps import min_users
from insights.content_gaps import searches as typed_searches
from insights.periods import Period
from search import client, search_log_index
from search.indexing import alias
from search.analysis import fold
from search.permissions import readable_acl
from search.wording import FILLER

logger = logging.getLogger(__name__)

WEEK = datetime.timedelta(days=7)


def windows(now):
    return now - WEEK, now - 5 * WEEK


def significant(viewer, now=None, product=None, team=None, size=15, min_doc_count=3, acl=None):
    """{"terms": [(term, this week, score)], "tags": [...], "searches": [...]}; None without Elasticsearch
    or if it fails. Posts are filtered by product, searches by team (a search has no product). `acl`: the
    permission values to read with instead of the viewer's (insights.signal_detection)."""
    if not settings.ELASTICSEARCH_URL:
        return None
    now = now or timezone.now()
    week_start, background_start = windows(now)
    scope = [{"terms": {"acl": sorted(readable_acl(viewer) if acl is None else acl)}}, {"range": {"created_at": {"gte": background_start.isoformat()}}}]
    if product is not None:
        scope.append({"term": {"product": product.slug}})
    # The background is the five weeks including this one: significance needs the foreground to be a
    # subset of the background, and a word new this week is still rare across five weeks.
    background = {"bool": {"filter": scope}}
    common = {"size": size, "min_doc_count": min_doc_count, "background_filter": background}
    body = {
        "size": 0,
        "query": {"bool": {"filter": [*scope, {"range": {"created_at": {"gte": week_start.isoformat(), "lt": now.isoformat()}}}]}},
        "aggs": {
            "terms": {"significant_text": {"field": "title_it", "filter_duplicate_text": True, **common}},
            "tags": {"significant_terms": {"field": "tags", **common}},
        },
    }
    try:
        posts = client.get_client().search(index=[alias("question"), alias("need")], body=body)["aggregations"]
        searched = significant_searches(now, team, size, min_doc_count)
    except (ApiError, TransportError):
        logger.exception("emerging problems unavailable")
        return None
    found = {name: buckets(posts[name]) for name in ("terms", "tags")}
    return {**found, "searches": searched}


def buckets(aggregation):
    return [(bucket["key"], bucket["doc_count"], round(bucket["score"], 2)) for bucket in aggregation["buckets"]]


def significant_searches(now, team=None, size=15, min_doc_count=3):
    """Words rising in what operators typed (search.search_log_index), same windows as the posts."""
    week_start, background_start = windows(now)
    scope = [{"range": {"created_at": {"gte": background_start.isoformat()}}}]
    if team is not None:
        scope.append({"term": {"teams": str(team.pk)}})
    body = {
        "size": 0,
        "query": {"bool": {"filter": [*scope, {"range": {"created_at": {"gte": week_start.isoformat(), "lt": now.isoformat()}}}]}},
        "aggs": {"words": {"significant_text": {
            "field": "query", "size": size, "min_doc_count": min_doc_count, "background_filter": {"bool": {"filter": scope}},
        }}},
    }
    search_log_index.ensure_index()
    es = client.get_client()
    words = es.search(index=search_log_index.index_name(), body=body)["aggregations"]["words"]["buckets"]
    if not words:
        return []
    # A word only one or two operators typed may be a customer's name: shown only past the threshold.
    # (significant_text takes no sub-aggregation, so the operators per word are a second, small query.)
    per_word = {bucket["key"]: {"term": {"query": bucket["key"]}} for bucket in words}
    counted = es.search(index=search_log_index.index_name(), body={
        "size": 0, "query": body["query"],
        "aggs": {"words": {"filters": {"filters": per_word}, "aggs": {"users": {"cardinality": {"field": "user"}}}}},
    })["aggregations"]["words"]["buckets"]
    return buckets({"buckets": [bucket for bucket in words if counted[bucket["key"]]["users"]["value"] >= min_users()]})


WORD = re.compile(r"[^\W\d_]{4,}")
# Words of four letters or more that say nothing about a problem (shorter ones are never counted).
FUNCTION_WORDS = set("""
alla alle allo agli dalla dalle dallo dagli della delle dello degli nella nelle nello negli sulla sulle
sullo sugli anche perche sono come cosa quando dove questo questa questi queste quello quella quelli
quelle dopo senza ogni molto tutto tutti tutte loro essere stato stata hanno avere cliente clienti
with from have that this what when where does your about after they them then there their into
customer customers
""".split())


def title_words(title):
    """The distinct content words of a title, folded (lower case, no accents)."""
    return {word for word in WORD.findall(fold(title)) if word not in FUNCTION_WORDS and word not in FILLER}


def rising(recent, before, limit=15, minimum=3):
    """[(key, this week, weekly mean of the four weeks before)] of the keys rising most, from two Counters;
    a key needs `minimum` this week and more than its mean."""
    scored = [(key, count, before[key] / 4) for key, count in recent.items() if count >= minimum and count > before[key] / 4]
    scored.sort(key=lambda item: (-(item[1] - item[2]) / (item[2] + 1), item[0]))
    return [(key, count, round(mean, 1)) for key, count, mean in scored[:limit]]


def rising_in_posts(viewer, now=None, product=None, limit=15, minimum=3, spaces=None):
    """Without Elasticsearch: {"terms": [...], "tags": [...]} as `rising` rows, from the titles of the questions
    and market needs the viewer may read (each post counts once per word) and the questions' tags.
    `spaces`: the spaces to read instead of the viewer's (insights.signal_detection)."""
    now = now or timezone.now()
    week_start, background_start = windows(now)
    if spaces is not None:
        readable = (Question.objects.filter(space__in=spaces), MarketNeed.objects.filter(space__in=spaces))
    else:
        readable = (access.visible_questions(viewer), access.visible_needs(viewer))
    posts = []
    for visible in readable:
        found = visible.filter(created_at__gte=background_start, created_at__lt=now)
        posts.append(found.filter(product=product) if product is not None else found)
    questions, needs = posts
    words = {True: Counter(), False: Counter()}
    for title, created_at in chain(questions.values_list("title", "created_at"), needs.values_list("title", "created_at")):
        words[created_at >= week_start].update(title_words(title))
    tags = {True: Counter(), False: Counter()}
    for name, created_at in QuestionTag.objects.filter(content_object__in=questions).values_list("tag__name", "content_object__created_at"):
        tags[created_at >= week_start][name] += 1
    return {
        "terms": rising(words[True], words[False], limit, minimum),
        "tags": rising(tags[True], tags[False], limit, minimum),
    }


def rising_searches(now=None, team=None, limit=15, minimum=3):
    """[(term, this week, weekly mean of the previous four)] of searches rising most, from the search log;
    only terms searched by SEARCH_TERM_MIN_USERS different operators (insights.content_gaps)."""
    now = now or timezone.now()
    week_start, background_start = windows(now)
    local = timezone.localdate(background_start), timezone.localdate(now)
    log = typed_searches(Period(*local), team).filter(created_at__gte=background_start, created_at__lt=now)
    rows = list(log.values("term").annotate(
        recent=Count("pk", filter=Q(created_at__gte=week_start)), before=Count("pk", filter=Q(created_at__lt=week_start)),
        users=Count("user", distinct=True),
    ).filter(recent__gte=minimum, users__gte=min_users()))
    recent = Counter({row["term"]: row["recent"] for row in rows})
    before = Counter({row["term"]: row["before"] for row in rows})
    return rising(recent, before, limit, minimum)
