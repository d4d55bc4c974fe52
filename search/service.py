"""The one entry point to search: `search(user, q, filters, page)`, plus `suggest` and `similar`.

Views, the JSON API, commands and tests call these; nobody else talks to a search engine. The engine
is Elasticsearch when ELASTICSEARCH_URL is set, otherwise the database fallback. If Elasticsearch
fails during a request, the answer comes from the database and says so: a CSR with a customer on the
line gets something rather than an error.
"""

import logging
import unicodedata

from elasticsearch import ApiError, TransportError

from accounts.roles import user_roles
from core.secrets import redact
from search import client
from search.backends.database import DatabaseSearchBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.models import SearchLog
from search.permissions import readable_acl
from search.throttle import Throttled, search_slot

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 1000
PAGE_SIZE = 10
MAX_PAGE = 100
FILTER_NAMES = ("type", "product", "tag", "status")
SIMILAR_TYPES = ("answer", "question")
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


def search(user, q, filters=None, page=1, page_size=PAGE_SIZE, source="page"):
    """Search everything `user` may see. Never raises for bad input; logs the search. Raises Throttled
    when the user asks for too much at once (search.throttle)."""
    query, filters = clean_query(q), clean_filters(filters)
    with search_slot(user):
        response, message = run("search", user, query, filters, clean_page(page), page_size, readable_acl(user))
    response.message = message
    if query or filters:
        response.log_id = log_search(user, response, filters, source).pk
    return response


def suggest(user, prefix, size=8):
    prefix = clean_query(prefix)[:100]
    if not prefix:
        return []
    with search_slot(user, "suggest"):
        suggestions, _message = run("suggest", user, prefix, readable_acl(user), size)
    return suggestions


def similar(user, q, size=5):
    """'Is your question already answered?': the best approved answers (and, later, questions) for a title."""
    query = clean_query(q)
    if len(query) < 3:
        return []
    # Over-fetch, then keep answers and questions: offers and crises do not answer a question.
    try:
        with search_slot(user):
            response, _message = run("search", user, query, {}, 1, size * 4, readable_acl(user))
    except Throttled:
        return []  # a hint beside a form: nothing rather than an error

    return [hit for hit in response.results if hit.type in SIMILAR_TYPES][:size]
