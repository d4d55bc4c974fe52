"""The cache: a bounded, shared Redis pool whose outages degrade pages instead of failing them.

Everything Sportello caches (sessions' copies, roles, sites, banners, permissions, rate-limit counters) can
be rebuilt from the database, so a Redis outage must cost speed, never a page. django-redis gives that:
- IGNORE_EXCEPTIONS: a cache error is logged (DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS) and the call answers
  as a miss; reads fall through to the database.
- One connection pool per process, shared by every thread and request (Django's own RedisCache builds a
  pool per cache object, and under ASGI that is one per request context: 359 clients per worker were
  seen after a load run), capped at REDIS_MAX_CONNECTIONS; a thread that finds none free waits
  briefly (BlockingConnectionPool) rather than opening more.
- Short connect and read timeouts, so a Redis that does not answer costs milliseconds, not seconds.
- A circuit breaker (core/cache_breaker.py): after a failed call, this process skips Redis for
  REDIS_BREAKER_SECONDS and answers from the database at once; one warning per outage, not a traceback
  per call.
"""

from config.env import env_int

CACHE_CLIENT_NAME = "sportello-cache"


def redis_cache(url):
    return {
        "BACKEND": "core.cache_breaker.BreakerRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "sportello",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "CONNECTION_POOL_CLASS": "redis.BlockingConnectionPool",
            "CONNECTION_POOL_KWARGS": {
                "max_connections": env_int("REDIS_MAX_CONNECTIONS", 20),
                "timeout": 2,
                "client_name": CACHE_CLIENT_NAME,
            },
        },
    }


def local_cache():
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
