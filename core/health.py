"""What /readyz reports, one function per dependency, each answering {"ok": bool, ...} and never raising.
The checks are named in SPORTELLO_READINESS_CHECKS, so apps add their own (search: Elasticsearch and its
outbox) without core importing them.

Only the database is required to serve pages: without Redis pages answer from the database (config/caches.py)
and live events wait in the live outbox; without Elasticsearch search answers from the database fallback;
without a worker, queued work waits. Those make the instance *degraded*, not unready: taking every instance
out of the load balancer because of a shared Redis would turn a slowdown into an outage.
"""

import datetime
import logging

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# An outbox whose oldest entry is older than this is not being drained.
BACKLOG_STALE_AFTER = datetime.timedelta(minutes=10)


def error_text(error):
    return f"{type(error).__name__}: {error}"[:300]


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as error:
        return {"ok": False, "vendor": connection.vendor, "error": error_text(error)}


def cache_status():
    """The Redis behind the cache, the sessions' copies and the channel layer (none: a local cache)."""
    if not settings.REDIS_URL:
        return {"ok": True, "backend": "local"}
    from django_redis import get_redis_connection

    try:
        get_redis_connection("default").ping()
        return {"ok": True, "backend": "redis"}
    except Exception as error:
        return {"ok": False, "backend": "redis", "error": error_text(error)}


def worker_status():
    from core import heartbeat

    try:
        state = heartbeat.worker_status()
    except Exception as error:
        return {"ok": False, "error": error_text(error)}
    return {**state, "last_seen": state["last_seen"].isoformat() if state["last_seen"] else None}


def backlog_state(backlog, now=None):
    """An outbox's backlog as JSON: ok unless its oldest entry waits longer than BACKLOG_STALE_AFTER."""
    oldest = backlog["oldest"]
    stale = bool(oldest) and (now or timezone.now()) - oldest > BACKLOG_STALE_AFTER
    return {"ok": not stale, "pending": backlog["pending"], "oldest": oldest.isoformat() if oldest else None}


def live_outbox_status():
    """Live events the channel layer refused, waiting for the worker (core.live_outbox)."""
    from core import live_outbox

    try:
        return backlog_state(live_outbox.backlog())
    except Exception as error:
        return {"ok": False, "error": error_text(error)}


REQUIRED = {"database"}


def readiness():
    """(status: "ok" | "degraded" | "unavailable", checks). Unavailable only when a required check fails;
    the other checks are skipped then, as they all read the database."""
    checks = {"database": database_status()}
    if not checks["database"]["ok"]:
        logger.error("not ready database=%s", checks["database"].get("error"))
        return "unavailable", checks
    for name, path in settings.SPORTELLO_READINESS_CHECKS.items():
        if name not in checks:
            checks[name] = import_string(path)()
    failing = sorted(name for name, state in checks.items() if not state["ok"])
    if failing:
        logger.warning("degraded failing=%s", ",".join(failing))
    return ("degraded" if failing else "ok"), checks
