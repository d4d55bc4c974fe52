"""The WebSocket under hostile input, over the real consumer: a binary frame, deeply nested JSON or an
out-of-range id is answered with {"type": "error"} and the socket stays usable; and only pages of the
site's own origin (scheme, host and port) may open a socket with the operator's session."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from config.asgi import application
from tests.realtime.sockets import session_headers, socket

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOSTILE_FRAMES = [
    {"bytes_data": b"\x00\x01binary"},
    {"text_data": "[" * 100_000 + "]" * 100_000},
    {"text_data": '{"type": "catch_up", "after": ' + "[" * 50_000 + "]" * 50_000 + "}"},
    {"text_data": '{"type": "watch", "question": 1' + "0" * 40 + "}"},
    {"text_data": '{"type": "catch_up", "after": 1' + "0" * 40 + "}"},
]


@pytest.mark.parametrize("frame", HOSTILE_FRAMES, ids=["binary", "nested-list", "nested-value", "huge-watch", "huge-after"])
def test_a_hostile_frame_gets_an_error_and_the_socket_stays_open(csr, frame):
    headers = session_headers(csr)

    async def scenario():
        async with socket(headers) as communicator:
            await communicator.send_to(**frame)
            answer = await communicator.receive_json_from(timeout=5)
            await communicator.send_json_to({"type": "catch_up", "after": 0})
            after = await communicator.receive_json_from(timeout=5)
            return answer, after

    answer, after = async_to_sync(scenario)()
    assert answer["type"] == "error"
    assert after == {"type": "notifications", "notifications": [], "unread": 0}


def handshake(user, origin, host="127.0.0.1", extra=()):
    headers = [(name, value) for name, value in session_headers(user) if name not in (b"origin", b"host")]
    headers += [(b"origin", origin.encode()), (b"host", host.encode()), *extra]

    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
        connected, _code = await communicator.connect()
        await communicator.disconnect()
        return connected

    return async_to_sync(scenario)()


@pytest.mark.parametrize("origin, host", [
    ("https://127.0.0.1", "127.0.0.1"),          # another scheme
    ("http://127.0.0.1:9999", "127.0.0.1:8000"),  # another port of the same host
    ("http://127.0.0.1:8000", "127.0.0.1"),       # a port where the site has none
    ("http://localhost.evil.example", "127.0.0.1"),
    ("null", "127.0.0.1"),
    ("http://evil.example", "evil.example"),       # a host the site does not serve
])
def test_other_origins_are_refused(csr, origin, host):
    assert handshake(csr, origin, host) is False


def test_the_sites_own_origin_is_accepted_with_its_port(csr):
    assert handshake(csr, "http://127.0.0.1:8000", "127.0.0.1:8000") is True
    assert handshake(csr, "http://localhost", "localhost") is True


def test_behind_a_tls_proxy_the_https_origin_is_accepted_and_plain_http_refused(csr, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["sportello.example.com"]
    proxied = [(b"x-forwarded-proto", b"https")]
    assert handshake(csr, "https://sportello.example.com", "sportello.example.com", proxied) is True
    assert handshake(csr, "http://sportello.example.com", "sportello.example.com", proxied) is False


def test_a_trusted_origin_is_accepted(csr, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://crm.example.com"]
    assert handshake(csr, "https://crm.example.com", "127.0.0.1") is True
