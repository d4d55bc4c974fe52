"""Live crisis banners over a real Channels consumer (WebsocketCommunicator, in-memory layer)."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from config.asgi import application
from kb.models import CrisisPage
from tests.factories import published_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORIGIN = (b"origin", b"http://127.0.0.1")


def session_cookie(client, user):
    client.force_login(user)
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode())


def test_anonymous_socket_is_refused():
    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN])
        connected, code = await communicator.connect()
        await communicator.disconnect()
        return connected, code

    assert async_to_sync(scenario)() == (False, 4401)


def test_crisis_publish_reaches_connected_operators(client, csr, home):
    cookie = session_cookie(client, csr)

    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN, cookie])
        connected, _code = await communicator.connect()
        assert connected
        try:
            # Published through a revision, as the admin does; the event is sent when it commits.
            await sync_to_async(published_article)(CrisisPage, title="Blackout rete mobile Sardegna")
            return await communicator.receive_json_from(timeout=5)
        finally:
            await communicator.disconnect()

    event = async_to_sync(scenario)()
    assert event["type"] == "crisis.banners"
    assert [banner["title"] for banner in event["banners"]] == ["Blackout rete mobile Sardegna"]


def test_banner_fragment_is_rendered_in_the_user_language(client, csr, home):
    published_article(CrisisPage, title="Blackout rete mobile Sardegna")
    client.force_login(csr)
    html = client.get("/kb/crisis-banners/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Crisi in corso" in html and "Blackout rete mobile Sardegna" in html
