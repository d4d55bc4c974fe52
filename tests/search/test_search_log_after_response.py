"""The JSON API's searches are logged once the answer has left (core.after_response), so the client does
not wait for the search log's INSERT; the row is the same as before, and a failed write costs no answer.
Driven through the ASGI application, as uvicorn runs it."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from config.asgi import application
from kb.models import AnswerPage
from search.models import SearchLog
from tests.factories import make_user, published_article

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.search]


@pytest.fixture
def session_cookie(client, home, index_pending):
    published_article(AnswerPage, title="Disdetta dopo rimodulazione", customer_question="Posso disdire?")
    index_pending()
    client.force_login(make_user("operatore.api"))
    return f"sessionid={client.cookies['sessionid'].value}"


def call(url, cookie):
    """(status, body, search log rows when the last body message was sent, rows once the app returned)."""
    path, _sep, query = url.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode()), (b"accept-language", b"it")],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    seen = {"body": b""}

    async def run():
        messages = [{"type": "http.request", "body": b"", "more_body": False}]

        async def receive():
            if messages:
                return messages.pop()
            await asyncio.sleep(3600)  # the client stays connected

        async def send(message):
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["body"] += message.get("body", b"")
                if not message.get("more_body"):
                    seen["logged when sent"] = await sync_to_async(SearchLog.objects.count)()

        await application(scope, receive, send)
        seen["logged after"] = await sync_to_async(SearchLog.objects.count)()

    asyncio.run(run())
    return seen


@pytest.mark.parametrize("url", ["/api/search?q=disdetta", "/api/v1/search?q=disdetta"])
def test_the_api_answers_before_it_writes_the_search_log(session_cookie, url):
    seen = call(url, session_cookie)

    assert seen["status"] == 200 and b"Disdetta dopo rimodulazione" in seen["body"]
    assert seen["logged when sent"] == 0
    assert seen["logged after"] == 1
    log = SearchLog.objects.get()
    assert (log.query, log.source, log.result_count, log.user.username) == ("disdetta", "api", 1, "operatore.api")


def test_a_failed_search_log_write_costs_no_answer(session_cookie, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise RuntimeError("the database refused the row")

    monkeypatch.setattr(SearchLog.objects, "create", refuse)
    seen = call("/api/search?q=disdetta", session_cookie)

    assert seen["status"] == 200 and b"Disdetta dopo rimodulazione" in seen["body"]
    assert seen["logged after"] == 0
    assert "work after the response failed" in caplog.text
