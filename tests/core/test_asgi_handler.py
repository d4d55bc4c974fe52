"""The ASGI application runs a request's middleware and view in one thread (core/asgi_handler.py): the
same answers as Django's handler, without a switch between the event loop and a thread per middleware hook."""

import asyncio

import pytest
from asgiref import sync
from asgiref.testing import ApplicationCommunicator

from config.asgi import application
from core.admission import Admission
from core.asgi_handler import OneThreadASGIHandler
from tests.core.overload_urls import Running
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def call(url, cookie=""):
    return asyncio.run(fetch(application, url, cookie))


async def fetch(app, url, cookie=""):
    path, _sep, query = url.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode()), (b"accept-language", b"it")],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}

    communicator = ApplicationCommunicator(app, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(30)
    body = b""
    while True:
        message = await communicator.receive_output(30)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await communicator.wait(30)
    return start["status"], {name.lower(): value for name, value in start["headers"]}, body


def handler_with(slots, queue_seconds):
    handler = OneThreadASGIHandler()
    handler.admission = Admission(slots, queue_seconds)
    return handler


async def fetch_all(app, urls):
    return await asyncio.gather(*(fetch(app, url) for url in urls))


@pytest.fixture
def session_cookie(client, home):
    client.force_login(make_user("operatore.asgi"))
    return f"sessionid={client.cookies['sessionid'].value}"


def test_pages_answer_through_the_asgi_application_as_before(session_cookie):
    status, headers, body = call("/", session_cookie)
    assert status == 200
    assert b"content-security-policy" in headers and b"x-frame-options" in headers
    assert "Sportello" in body.decode()

    status, headers, _body = call("/search/")  # not logged in: the login middleware still answers
    assert status == 302 and headers[b"location"].startswith(b"/accounts/login/")


def test_one_request_crosses_into_threads_a_few_times_not_once_per_middleware_hook(session_cookie, monkeypatch):
    calls = []
    original = sync.SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        calls.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(sync.SyncToAsync, "__call__", counted)
    status, _headers, _body = call("/search/?q=fibra", session_cookie)

    assert status == 200
    # request_started's receivers, the whole middleware chain and view, the response's close: Django's own
    # handler made about twenty (one per MiddlewareMixin hook and per process_view).
    assert len(calls) <= 4, calls


@pytest.mark.urls("tests.core.overload_urls")
def test_requests_beyond_the_slots_wait_their_turn_and_all_succeed():
    Running.now = Running.most = 0
    answers = asyncio.run(fetch_all(handler_with(slots=2, queue_seconds=30), ["/slow-test/?seconds=0.3"] * 6))

    assert [status for status, _headers, _body in answers] == [200] * 6
    assert Running.most == 2  # never more at once; without the slots all six ran together


@pytest.mark.urls("tests.core.overload_urls")
def test_a_request_that_waits_too_long_for_a_slot_gets_an_honest_503_with_the_page_headers():
    Running.now = Running.most = 0
    handler = handler_with(slots=1, queue_seconds=0.3)
    (first, second) = asyncio.run(fetch_all(handler, ["/slow-test/?seconds=1.5", "/slow-test/?seconds=0"]))

    assert first[0] == 200
    status, headers, body = second
    assert status == 503 and int(headers[b"retry-after"]) > 0
    assert b"content-security-policy" in headers and headers[b"x-frame-options"] == b"DENY"
    assert "Riprova tra qualche secondo" in body.decode()
    assert Running.most == 1
