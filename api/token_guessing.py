"""Guessing API tokens is throttled per client address, with the login pages' figures.

A bearer token that matches nothing is a failed login: after LOGIN_FAILURES_PER_ADDRESS of them from one
address within LOGIN_LOCKOUT_MINUTES, that address's bearer requests are refused with 429 and Retry-After
until the lockout ends, valid tokens included (otherwise a refusal that spared valid tokens would still tell
a guess that hit). The client address is the one django-axes uses for the login pages. Counted in the
shared cache; while the cache is down nothing is counted and nothing is refused, like the posting limit.
"""

import logging
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def window_seconds():
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def keys(request):
    address = get_client_ip_address(request) or "unknown"
    return f"api:token-failures:{address}", f"api:token-lockout:{address}", address


def retry_after(request):
    """Seconds until this address may present a token again, or 0 when it is not locked out."""
    _failures, lockout, _address = keys(request)
    until = cache.get(lockout)
    return max(1, int(until - time.time())) if until else 0


def record_failure(request):
    """Count an unknown, revoked or expired token from this address; lock the address at the limit."""
    failures, lockout, address = keys(request)
    window = window_seconds()
    cache.add(failures, 0, window)
    try:
        count = cache.incr(failures)
    except ValueError:  # expired between add and incr
        return
    # An unreachable Redis answers None (IGNORE_EXCEPTIONS, core.cache_breaker): nothing is counted then.
    if count is not None and count >= settings.LOGIN_FAILURES_PER_ADDRESS:
        cache.set(lockout, time.time() + window, window)
        cache.delete(failures)
        logger.warning("api token guessing locked out address=%s failures=%s", address, count)
