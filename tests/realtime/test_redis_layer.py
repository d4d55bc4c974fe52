"""The production channel layer on a real Redis (started by `make test`, REDIS_TEST_URL): sockets stay
subscribed through a quiet period longer than redis-py's 5 s socket timeout, and bursts larger than the
core layer's default capacity (100) all arrive, in order."""

import os

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from config.channel_layers import redis_channel_layer
from core import live
from kb.models import CrisisPage
from tests.factories import published_article
from tests.realtime.sockets import receive_of_type, session_headers, socket

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.redis]

QUIET_SECONDS = 12
BURST = 300


@pytest.fixture
def redis_layer(settings):
    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.fail("REDIS_TEST_URL is not set: run these tests through `make test`, which starts Redis.")
    settings.CHANNEL_LAYERS = {"default": redis_channel_layer(url)}  # channels resets its layers on change
    return url


def test_socket_survives_a_quiet_period_and_still_gets_the_crisis(redis_layer, csr, home):
    headers = session_headers(csr)

    async def scenario():
        import asyncio

        async with socket(headers) as communicator:
            await asyncio.sleep(QUIET_SECONDS)
            assert await communicator.receive_nothing(timeout=0.1)  # still open, nothing spurious
            await sync_to_async(published_article)(CrisisPage, title="Guasto rete fissa Lombardia")
            return await receive_of_type(communicator, "crisis.banners", timeout=5)

    event = async_to_sync(scenario)()
    assert [banner["title"] for banner in event["banners"]] == ["Guasto rete fissa Lombardia"]


def test_a_burst_over_the_core_layers_capacity_arrives_whole_and_in_order(redis_layer, csr):
    headers = session_headers(csr)

    async def scenario():
        async with socket(headers) as communicator:
            await communicator.send_json_to({"type": "catch_up", "after": 0})
            await receive_of_type(communicator, "notifications")  # subscribed and answering
            for number in range(BURST):
                await sync_to_async(live.send_to_group)(
                    live.OPERATORS_GROUP, {"type": "crisis.banners", "banners": [{"number": number}]}
                )
            return [(await communicator.receive_json_from(timeout=5))["banners"][0]["number"] for _ in range(BURST)]

    assert async_to_sync(scenario)() == list(range(BURST))
