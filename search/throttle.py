"""How much searching one user may ask for: a few requests at a time, and a rate per minute.

Two bounds, for two harms. In one process, a user holds at most SEARCH_MAX_PARALLEL_PER_USER requests to
the search engine at once, so thirty parallel queries from one browser tab (or script) cannot take every
connection of the process's Elasticsearch client while another CSR waits for one. Across processes, a
fixed window in the cache counts each user's requests per minute (SEARCH_RATE_PER_MINUTE, suggestions
apart with SUGGEST_RATE_PER_MINUTE: one per keystroke). A cache that does not answer never blocks search.
"""

import logging
import threading
import time
from collections import Counter
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

_running = Counter()
_lock = threading.Lock()


class Throttled(Exception):
    """Too much search from one user; `retry_after` seconds until a new request is welcome."""

    def __init__(self, retry_after):
        super().__init__(f"search throttled, retry after {retry_after} s")
        self.retry_after = retry_after


def user_key(user):
    return getattr(user, "pk", None) or 0


def count_request(user, bucket, per_minute):
    """Count one request in the user's current minute; Throttled past `per_minute` (0: no limit)."""
    if not per_minute:
        return
    window = int(time.time() // 60)
    key = f"search-rate:{bucket}:{user_key(user)}:{window}"
    try:
        cache.add(key, 0, timeout=90)
        used = cache.incr(key)
    except Exception as error:  # the cache is down or evicted the key: search goes on unthrottled
        logger.warning("search rate not counted bucket=%s error=%s", bucket, error)
        return
    # An unreachable Redis answers every call with None (IGNORE_EXCEPTIONS, core.cache_breaker): the same.
    if used is not None and used > per_minute:
        raise Throttled(retry_after=60 - int(time.time() % 60))


@contextmanager
def search_slot(user, bucket="search"):
    """Hold one of the user's parallel search slots in this process for the duration of the block."""
    per_minute = settings.SUGGEST_RATE_PER_MINUTE if bucket == "suggest" else settings.SEARCH_RATE_PER_MINUTE
    key = user_key(user)
    with _lock:
        if _running[key] >= settings.SEARCH_MAX_PARALLEL_PER_USER:
            raise Throttled(retry_after=1)
        _running[key] += 1
    try:
        count_request(user, bucket, per_minute)
        yield
    finally:
        with _lock:
            _running[key] -= 1
            if not _running[key]:
                del _running[key]
