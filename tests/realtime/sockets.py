"""Opening real Channels connections to Sportello's ASGI application as a logged-in user."""

import contextlib

from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application

ORIGIN = (b"origin", b"http://127.0.0.1")
HOST = (b"host", b"127.0.0.1")  # the handshake's own origin is http://127.0.0.1: the page's


def session_headers(user, language="it"):
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [ORIGIN, HOST, (b"cookie", cookie.encode()), (b"accept-language", language.encode())]


@contextlib.asynccontextmanager
async def socket(headers):
    """A connected WebsocketCommunicator, always disconnected afterwards."""
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, code = await communicator.connect()
    assert connected, f"socket refused with {code}"
    try:
        yield communicator
    finally:
        await communicator.disconnect()


async def receive_of_type(communicator, kind, timeout=5):
    """The next message of type `kind`, skipping others (e.g. crisis banners)."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message
