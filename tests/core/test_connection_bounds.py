"""Connections stay bounded through the real ASGI app (uvicorn) on PostgreSQL and Redis: after many
sequential and concurrent requests, pg_stat_activity shows no more connections than the pool allows, and
Redis no more cache clients than REDIS_MAX_CONNECTIONS (persistent connections used to leave one per
request thread: 50 sequential requests, 50 idle connections)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from config.channel_layers import LAYER_CLIENT_NAME, LAYER_MAX_CONNECTIONS
from tests.asgi_server import Browser, Uvicorn
from tests.factories import make_user
from tests.redis_server import own_redis  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.redis, pytest.mark.postgres]

POOL_MAX = 4
REDIS_MAX = 3
APP_NAME = "sportello-bounds-test"
SEQUENTIAL = 60
CONCURRENT = 60


def served_database_url():
    database = settings.DATABASES["default"]
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def app_connections():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP_NAME])
        return cursor.fetchone()[0]


@pytest.fixture
def server(own_redis, home):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL: run through `make test` (scripts/with-postgres.sh sets DATABASE_TEST_URL)")
    user = make_user("operatore")
    uvicorn = Uvicorn({
        "DATABASE_URL": served_database_url(), "PGAPPNAME": APP_NAME,
        "DATABASE_POOL_MIN_SIZE": "1", "DATABASE_POOL_MAX_SIZE": str(POOL_MAX),
        "REDIS_URL": own_redis.url, "REDIS_MAX_CONNECTIONS": str(REDIS_MAX),
        "ELASTICSEARCH_URL": "", "SECRET_KEY": settings.SECRET_KEY,
    })
    uvicorn.user = user
    yield uvicorn
    uvicorn.stop()


def test_many_requests_leave_connections_bounded_by_the_pools(server, own_redis):  # noqa: F811
    browser = Browser(server.url)
    browser.use_session_of(server.user)
    statuses = [browser.get(path)[0] for path in ["/", "/collaboration/", "/notifications/"] * (SEQUENTIAL // 3)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses += list(pool.map(lambda _n: browser.get("/")[0], range(CONCURRENT)))

    assert statuses == [200] * (SEQUENTIAL + CONCURRENT)
    assert 1 <= app_connections() <= POOL_MAX
    names = own_redis.client_names()
    assert 1 <= names.count("sportello-cache") <= REDIS_MAX
    assert names.count(LAYER_CLIENT_NAME) <= LAYER_MAX_CONNECTIONS
