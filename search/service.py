"""The one entry point to search: `search(user, q, filters, page)`, plus `suggest` and `similar`.

Views, the JSON API, commands and tests call these; nobody else talks to a search engine. The engine
is Elasticsearch when ELASTICSEARCH_URL is set, otherwise the database fallback. If Elasticsearch
fails during a request, the answer comes from the database and says so: a CSR with a customer on the
line gets something rather than an error.
"""

import logging
import unicodedata
from functools import partial

from elasticsearch import ApiError, TransportError

from accounts.roles import user_roles
from core.secrets import redact
from kb.models import CrisisPage
from search import client
from search.backends.database import DatabaseSearchBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.models import SearchLog
from search.permissions import readable_acl
from search.queries import ONGOING
from search.throttle import Throttled, search_slot

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 1000
PAGE_SIZE = 10
MAX_PAGE = 100
FILTER_NAMES = ("type", "product", "tag", "status")
SIMILAR_TYPES = ("answer", "question", "defect", "crisis")
SIMILAR_NEED_TYPES = ("need",)
DEGRADED_MESSAGE = "degraded"
ROLE_PRIORITY = ["Administrator", "Approver", "Content owner", "Expert", "Team lead", "CSR"]


def get_backend():
    return ElasticsearchBackend() if client.enabled() else DatabaseSearchBackend()


def clean_query(raw):
    """Printable text of at most MAX_QUERY_LENGTH characters, with runs of whitespace collapsed."""
    text = "".join(ch for ch in str(raw or "") if unicodedata.category(ch)[0] != "C" or ch in " \t\n")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def clean_filters(raw):
    """Known filters with a non-empty string value; anything else is dropped at the door."""
    raw = raw or {}
    return {name: clean_query(raw.get(name))[:100] for name in FILTER_NAMES if clean_query(raw.get(name))}


def clean_page(raw):
    try:
        page = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), MAX_PAGE)


def run(method, *args):
    """Call the backend; on an Elasticsearch failure, answer from the database fallback instead."""
    backend = get_backend()
    try:
        return getattr(backend, method)(*args), None
    except (ApiError, TransportError) as error:
        if isinstance(backend, DatabaseSearchBackend):
            raise
        logger.error("search failed over to the database method=%s error=%s", method, error)
        return getattr(DatabaseSearchBackend(), method)(*args), DEGRADED_MESSAGE


def primary_role(user):
    roles = user_roles(user)
    return next((role for role in ROLE_PRIORITY if role in roles), "")


def log_search(user, response, filters, source):
    return SearchLog.objects.create(
        user=user if user.is_authenticated else None,
        role=primary_role(user),
        # An API token pasted into a search box by mistake is not kept (core.secrets).
        query=redact(response.query),
        filters={name: redact(value) for name, value in filters.items()},
        result_count=response.total,
        latency_ms=response.took_ms,
        engine=response.engine,
        source=source,
        shown=[[hit.type, hit.id] for hit in response.results],
        first_position=(response.page - 1) * response.page_size + 1,
    )


def search(user, q, filters=None, page=1, page_size=PAGE_SIZE, source="page", facets=True):
    """Search everything `user` may see. Never raises for bad input; logs the search. Raises Throttled
    when the user asks for too much at once (search.throttle). `facets=False` for a caller that does not
    show them: counting every value over every match is a good part of what a search costs Elasticsearch,
    and `response.facets` is then empty."""
    response, log = search_then_log(user, q, filters, page, page_size, source, facets)
    if log is not None:
        response.log_id = log().pk
    return response


def search_then_log(user, q, filters=None, page=1, page_size=PAGE_SIZE, source="page", facets=True):
    """`search`, without logging it yet: (response, log), `log` the call that writes the search log row
    (None when there is nothing to log). For a caller that does not show the row's id (the JSON API) and
    writes it once its answer has left (core.after_response)."""
    query, filters = clean_query(q), clean_filters(filters)
    with search_slot(user):
        response, message = run("search", user, query, filters, clean_page(page), page_size, readable_acl(user), facets)
    response.message = message
    log = partial(log_search, user, response, filters, source) if query or filters else None
    return response, log


def suggest(user, prefix, size=8):
    prefix = clean_query(prefix)[:100]
    if not prefix:
        return []
    with search_slot(user, "suggest"):
        suggestions, _message = run("suggest", user, prefix, readable_acl(user), size)
    return suggestions


def similar(user, q, size=5, types=SIMILAR_TYPES):
    """'Is your question already answered?': for a title being typed, the best approved answers, questions,
    known defects and crises still open that the user may see; with `types=("need",)`, market needs already
    flagged. Nothing (never an error) for a short title or when the user is searching too fast."""
    query = clean_query(q)
    if len(query) < 3:
        return []
    # Over-fetch, then keep the wanted types: offers, practices and the like do not answer a question.
    try:
        with search_slot(user):
            response, _message = run("search", user, query, {}, 1, size * 4, readable_acl(user), False)
    except Throttled:
        return []  # a hint beside a form: nothing rather than an error
    hits = [hit for hit in response.results if hit.type in types]
    return without_past_crises(hits)[:size]


def without_past_crises(hits):
    """A resolved crisis is no answer to today's question; the index does not hold a crisis's status."""
    crisis_ids = [hit.id for hit in hits if hit.type == "crisis"]
    if not crisis_ids:
        return hits
    ongoing = set(CrisisPage.objects.filter(pk__in=crisis_ids, status__in=ONGOING["crisis"]).values_list("pk", flat=True))
    return [hit for hit in hits if hit.type != "crisis" or hit.id in ongoing]
