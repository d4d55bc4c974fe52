"""The one entry point to search: `search(user, q, filters, page)`.

Views, the JSON API, commands and tests call this; nobody else talks to a search engine. The backend
is Elasticsearch when ELASTICSEARCH_URL is set, otherwise the database fallback.
"""

import logging
import unicodedata

from search.backends.database import DatabaseSearchBackend

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 1000
PAGE_SIZE = 10
MAX_PAGE = 100
FILTER_NAMES = ("type", "product", "tag", "status")


def get_backend():
    return DatabaseSearchBackend()


def clean_query(raw):
    """Printable text of at most MAX_QUERY_LENGTH characters, with runs of whitespace collapsed."""
    text = "".join(ch for ch in (raw or "") if unicodedata.category(ch)[0] != "C" or ch in " \t\n")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def clean_filters(raw):
    """Known filters with a non-empty string value; anything else is dropped at the door."""
    raw = raw or {}
    return {name: str(raw[name])[:100] for name in FILTER_NAMES if raw.get(name)}


def clean_page(raw):
    try:
        page = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), MAX_PAGE)


def search(user, q, filters=None, page=1, page_size=PAGE_SIZE):
    query = clean_query(q)
    return get_backend().search(user, query, clean_filters(filters), clean_page(page), page_size)
