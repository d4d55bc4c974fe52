"""A circuit breaker in front of the Redis cache.

django-redis with IGNORE_EXCEPTIONS already turns a failed cache call into a miss. But a Redis that does not
answer (a host gone, packets dropped) makes every call wait for the socket timeout, and a page makes several
calls: an outage would cost each page seconds, and log one traceback per call. The breaker trips on the first
failed call: for REDIS_BREAKER_SECONDS every call in this process answers as a miss at once, without touching
the network; then one call tries again. One warning is logged per trip.

The probes (`/readyz`, the health page) ask Redis directly (`get_redis_connection`), past the breaker, so they
always say how Redis really is.
"""

import logging
import threading
import time

from django.conf import settings
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

# Not cache operations: how the probes and django-redis itself reach the connection.
PASS_THROUGH = {"get_client", "connect", "disconnect", "close", "do_close_clients", "make_key", "make_pattern",
                "encode", "decode"}


class CacheSkipped(ConnectionError):
    """The breaker is open: the call was answered as a miss without reaching Redis."""


class Breaker:
    def __init__(self, seconds):
        self.seconds = seconds
        self.open_until = 0.0
        self.lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self, error):
        with self.lock:
            if self.is_open():
                return
            self.open_until = time.monotonic() + self.seconds
        logger.warning("cache unreachable, pages use the database for %s s: %s", self.seconds, error)


class GuardedClient:
    """The django-redis client, each cache operation passing through the breaker."""

    def __init__(self, client, breaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name in PASS_THROUGH or not callable(attribute):
            return attribute

        def guarded(*args, **kwargs):
            if self._breaker.is_open():
                raise ConnectionInterrupted(connection=None) from CacheSkipped(name)
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                self._breaker.trip(error)
                raise

        return guarded


class BreakerRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.breaker = Breaker(getattr(settings, "REDIS_BREAKER_SECONDS", 5))
        self._guarded = None

    @property
    def client(self):
        if self._guarded is None:
            self._guarded = GuardedClient(super().client, self.breaker)
        return self._guarded
