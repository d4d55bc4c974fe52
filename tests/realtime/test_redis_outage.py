"""Redis stopped for real (a redis-server of the test's own): pages, logins and posts still answer from the
database, the probes say so, and a crisis published meanwhile reaches an open page's real Channels consumer
once Redis is back."""

import time

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from accounts import roles
from collaboration.models import Question
from config.caches import redis_cache
from config.channel_layers import redis_channel_layer
from core import live
from core.models import PendingLiveEvent
from kb.models import CrisisPage
from tests.factories import make_user, published_article
from tests.realtime.sockets import receive_of_type, session_headers, socket
from tests.redis_server import own_redis  # noqa: F401  (fixture)

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache_on(own_redis, settings):  # noqa: F811
    """The production cache and session settings on the test's own Redis."""
    settings.CACHES = {"default": redis_cache(own_redis.url)}  # Django drops its cache objects on change
    settings.REDIS_URL = own_redis.url
    return own_redis


@pytest.mark.django_db
def test_pages_logins_and_posts_answer_while_redis_is_down(redis_cache_on, settings, client, csr, everyone, home):
    # The production rate limits, whose counters live in the cache (0 would skip counting altogether).
    settings.SEARCH_RATE_PER_MINUTE, settings.SUGGEST_RATE_PER_MINUTE = 120, 600
    client.post("/accounts/login/", {"username": "operatore", "password": "pw"})
    assert client.get("/").status_code == 200
    assert "sportello-cache" in redis_cache_on.client_names()  # the cache really was on this Redis

    redis_cache_on.stop()
    started = time.monotonic()
    for path in ("/", "/collaboration/", "/notifications/", "/search/?q=fattura", "/kb/"):
        response = client.get(path)
        assert response.status_code in (200, 404) and response.status_code != 500, path
    assert client.get("/").status_code == 200
    assert time.monotonic() - started < 10  # a stopped Redis costs no long timeouts
    # Counters that cannot be read let the request through: no 500 from comparing a missing count.
    assert client.get("/api/search/suggest?q=fat").status_code == 200
    assert client.get("/api/v1/search?q=fattura", HTTP_AUTHORIZATION="Bearer sp_not-a-token").status_code == 401
    # A new login: the session is written to the database, its cached copy is skipped.
    fresh = client.__class__()
    response = fresh.post("/accounts/login/", {"username": "operatore", "password": "pw"})
    assert response.status_code == 302
    assert fresh.get("/").status_code == 200
    # A post goes through even though the rate-limit counter cannot be read.
    response = client.post("/collaboration/ask/", {"space": everyone.pk, "title": "Domanda durante il guasto",
                                                    "body": "Il testo non si perde"})
    assert response.status_code == 302
    assert Question.objects.filter(title="Domanda durante il guasto").exists()


@pytest.mark.django_db
def test_readiness_and_health_page_report_the_cache_outage(redis_cache_on, client, home):
    ready = client.get("/readyz").json()
    assert ready["status"] in ("ok", "degraded") and ready["checks"]["redis"] == {"ok": True, "backend": "redis"}

    redis_cache_on.stop()
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200  # degraded, not unready: pages still answer
    assert body["status"] == "degraded"
    assert body["checks"]["redis"]["ok"] is False and "Connection" in body["checks"]["redis"]["error"]
    assert body["checks"]["database"]["ok"] is True

    client.force_login(make_user("admin", roles.ADMINISTRATOR, is_superuser=True, is_staff=True))  # admins only
    html = client.get("/search/health/").content.decode()
    assert "Unavailable: pages answer from the database" in html or "le pagine rispondono dal database" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_crisis_published_while_the_layer_is_down_reaches_the_open_page_when_it_is_back(redis_cache_on, settings, csr, home):
    settings.CHANNEL_LAYERS = {"default": redis_channel_layer(redis_cache_on.url)}
    headers = session_headers(csr)

    async def scenario():
        async with socket(headers) as communicator:
            await communicator.send_json_to({"type": "catch_up", "after": 0})
            await receive_of_type(communicator, "notifications")  # subscribed

            redis_cache_on.stop()
            # Publishing commits and answers: the after-commit broadcast is kept, not raised.
            crisis = await sync_to_async(published_article)(CrisisPage, title="Guasto durante il blackout di Redis")
            kept = await sync_to_async(list)(PendingLiveEvent.objects.values_list("state", flat=True))
            assert "crisis.banners" in kept  # with the crisis notification of the operator's inbox
            assert await communicator.receive_nothing(timeout=1)

            redis_cache_on.start()
            # The process's subscription recovers and tells the page to re-read what it shows.
            await receive_of_type(communicator, "resync", timeout=15)
            await communicator.send_json_to({"type": "sync"})
            synced = await receive_of_type(communicator, "crisis.banners")
            # The worker sends what the layer refused (run_worker, every SPORTELLO_TICK_SECONDS).
            sent, pending = await sync_to_async(live.send_pending)()
            delivered = await receive_of_type(communicator, "crisis.banners")
            return crisis, kept, synced, delivered, sent, pending

    crisis, kept, synced, delivered, sent, pending = async_to_sync(scenario)()
    assert [banner["id"] for banner in synced["banners"]] == [crisis.pk]
    assert [banner["title"] for banner in delivered["banners"]] == ["Guasto durante il blackout di Redis"]
    assert (sent, pending) == (len(kept), 0)
    assert not PendingLiveEvent.objects.exists()


@pytest.mark.django_db
def test_a_newer_state_sent_directly_supersedes_the_kept_one(own_redis, settings):  # noqa: F811
    """Banners kept during an outage must never follow newer banners that went out once the layer was back."""
    settings.CHANNEL_LAYERS = {"default": redis_channel_layer(own_redis.url)}
    own_redis.stop()
    live.send_to_group(live.OPERATORS_GROUP, {"type": "crisis.banners", "banners": [{"id": 1}]}, state="crisis.banners")
    live.send_to_group(live.OPERATORS_GROUP, {"type": "crisis.banners", "banners": [{"id": 2}]}, state="crisis.banners")
    assert list(PendingLiveEvent.objects.values_list("event", flat=True)) == [{"type": "crisis.banners", "banners": [{"id": 2}]}]
    assert live.send_pending() == (0, 1)

    own_redis.start()
    live.send_to_group(live.OPERATORS_GROUP, {"type": "crisis.banners", "banners": []}, state="crisis.banners")
    assert not PendingLiveEvent.objects.exists()


@pytest.mark.django_db
def test_a_redis_that_hangs_costs_one_timeout_per_breaker_period_and_one_warning(own_redis, settings, caplog):  # noqa: F811
    """SIGSTOP: Redis accepts connections and never answers, so each call would wait for the socket timeout.
    The breaker makes the first call pay it and answers the next ones as misses at once, then tries again."""
    import logging
    import signal

    from django.core.cache import cache

    settings.REDIS_BREAKER_SECONDS = 1
    settings.CACHES = {"default": redis_cache(own_redis.url)}
    cache.set("banner", "crisi", 60)
    assert cache.get("banner") == "crisi"

    own_redis.process.send_signal(signal.SIGSTOP)
    try:
        with caplog.at_level(logging.WARNING, logger="core.cache_breaker"):
            started = time.monotonic()
            answers = [cache.get("banner") for _ in range(20)]
            hung_for = time.monotonic() - started
        assert answers == [None] * 20  # misses: the page reads the database instead
        assert hung_for < 1.5  # one 0.5 s timeout, not twenty
        assert [r.getMessage().startswith("cache unreachable") for r in caplog.records] == [True]
    finally:
        own_redis.process.send_signal(signal.SIGCONT)
    time.sleep(1.1)  # the breaker closes: the next call reaches Redis again
    assert cache.get("banner") == "crisi"
