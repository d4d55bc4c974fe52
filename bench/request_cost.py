"""Benchmark: what one request costs the web process, measured in process (issues 11 and 14).

The machine is shared, so wall-clock figures are noisy; CPU time of this process, SQL queries and Redis
commands per request are not. Starts the production services like bench/load.py (a throw-away PostgreSQL
with default settings, Redis, an Elasticsearch node on --es-port), migrates, loads the demo KB and indexes
it, then, as a logged-in CSR, calls the load bench's actions (search page, article page, question page,
answer posted) and `GET /api/search` --requests times each, two ways:
- through config.asgi.application (what uvicorn runs), driven in this process without a socket: CPU ms per
  request (time.process_time, every thread of the process: the ASGI handler's threads included);
- through the test client (no ASGI): CPU ms again (the same work without the ASGI handler), SQL queries (CaptureQueriesContext) and Redis commands (the server's
  own `total_commands_processed`) per request.
`--profile DIR` also writes a cProfile of each action to DIR/<action>.prof. --write records the table in
bench/RESULTS.md under --label.

    .venv/bin/python bench/request_cost.py [--requests 200] [--profile DIR] [--write --label before]
"""

import argparse
import asyncio
import cProfile
import datetime
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

from common import replace_section  # noqa: E402
from services import Postgres, Redis  # noqa: E402

SEARCH_TERMS = ["fibra lenta", "modem si riavvia", "puk", "esim", "portabilità", "disdetta linea fissa", "bolleta",
                "addebito doppio", "rimborso", "trasloco", "roaming svizzera", "giga natale", "copertura fwa",
                "ricarica non accreditata", "cancel contract", "sms truffa"]
ACTIONS = ["search", "api search", "article", "question", "answer"]


def configure(postgres, redis, es_url, prefix):
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,testserver", "DATABASE_URL": postgres.url, "REDIS_URL": redis.url,
        "ELASTICSEARCH_URL": es_url, "SEARCH_INDEX_PREFIX": prefix,
        # One bench user sends hundreds of searches a minute; the parallel bound stays on.
        "SEARCH_RATE_PER_MINUTE": "0", "SUGGEST_RATE_PER_MINUTE": "0",
    })
    os.environ.pop("DEBUG", None)


def prepare():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", "--quiet-logins", stdout=open(os.devnull, "w"))
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("search_index", "rebuild", stdout=open(os.devnull, "w"))
    from django.contrib.auth import get_user_model
    from django.db import connections

    from collaboration import access
    from collaboration.models import Question
    from kb.models import ArticlePage

    from django.conf import settings

    # One bench user posts hundreds of answers a minute; the rate is still checked (and counted) on each.
    settings.COLLABORATION_POST_RATE = (10**6, 60)
    csr = get_user_model().objects.get(username="operatore")
    articles = [page.get_url() for page in ArticlePage.objects.live().specific()]
    spaces = access.spaces_with(csr, access.POST)
    questions = list(Question.objects.filter(space__in=spaces, status__in=["open", "answered"]).values_list("pk", flat=True))
    connections.close_all()
    return csr, articles, questions


class Actions:
    """The load bench's actions, as (method, path, form data) for the n-th call."""

    def __init__(self, articles, questions):
        self.articles, self.questions = articles, questions

    def request(self, action, number, csrf_token):
        if action == "search":
            return "GET", f"/search/?{urlencode({'q': SEARCH_TERMS[number % len(SEARCH_TERMS)]})}", None
        if action == "api search":
            return "GET", f"/api/search?{urlencode({'q': SEARCH_TERMS[number % len(SEARCH_TERMS)]})}", None
        if action == "article":
            return "GET", self.articles[number % len(self.articles)], None
        if action == "question":
            return "GET", f"/collaboration/questions/{self.questions[number % len(self.questions)]}/", None
        question = self.questions[number % len(self.questions)]
        body = f"Confermo: ho gestito lo stesso caso oggi, la procedura ha funzionato (rif. costo{number})."
        return "POST", f"/collaboration/questions/{question}/", {"body": body, "csrfmiddlewaretoken": csrf_token}


class AsgiDriver:
    """Calls Django's ASGI application as uvicorn does (one scope per request), keeping the cookies."""

    def __init__(self, application):
        self.application, self.cookies = application, {}

    async def call(self, method, path, data=None):
        parts = urlsplit(path)
        body = urlencode(data).encode() if data else b""
        headers = [(b"host", b"127.0.0.1"), (b"x-forwarded-proto", b"https"), (b"accept-language", b"it"),
                   (b"cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()).encode())]
        if method == "POST":
            headers += [(b"content-type", b"application/x-www-form-urlencoded"),
                        (b"content-length", str(len(body)).encode()), (b"origin", b"https://127.0.0.1"),
                        (b"referer", f"https://127.0.0.1{parts.path}".encode())]
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": unquote(parts.path), "raw_path": parts.path.encode(),
                 "query_string": parts.query.encode(), "root_path": "", "headers": headers,
                 "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
        sent = [{"type": "http.request", "body": body, "more_body": False}]
        status, chunks = None, []

        async def receive():
            if sent:
                return sent.pop()
            await asyncio.sleep(3600)

        async def send(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message["headers"]:
                    if name.lower() == b"set-cookie":
                        for key, morsel in SimpleCookie(value.decode()).items():
                            self.cookies[key] = morsel.value
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.application(scope, receive, send)
        return status, b"".join(chunks)


def log_in_asgi(driver):
    _status, page = asyncio.run(driver.call("GET", "/accounts/login/"))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    status, _body = asyncio.run(driver.call("POST", "/accounts/login/", {
        "csrfmiddlewaretoken": token, "username": "operatore", "password": "sportello-demo", "next": "/"}))
    if status != 302:
        raise SystemExit(f"login through ASGI answered {status}")


EXPECTED = {"answer": 302}


def cpu_per_request(driver, actions, action, requests):
    """CPU ms per request of `action` through the ASGI handler, after 10 warm-up calls."""

    async def run(count, offset):
        for number in range(offset, offset + count):
            method, path, data = actions.request(action, number, driver.cookies.get("csrftoken", ""))
            status, _body = await driver.call(method, path, data)
            if status != EXPECTED.get(action, 200):
                raise SystemExit(f"{action} {path} answered {status}")

    asyncio.run(run(10, 0))
    started_cpu, started_wall = time.process_time(), time.perf_counter()
    asyncio.run(run(requests, 10))
    return ((time.process_time() - started_cpu) * 1000 / requests,
            (time.perf_counter() - started_wall) * 1000 / requests)


def round_trips(client, redis_url, actions, action, requests):
    """(SQL queries, Redis commands) per request of `action` through the test client (warm caches)."""
    import redis
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    server = redis.Redis.from_url(redis_url)

    def commands():
        return server.info("stats")["total_commands_processed"]

    for number in range(10):
        method, path, data = actions.request(action, number, client.cookies["csrftoken"].value)
        getattr(client, method.lower())(path, data or {}, secure=True)
    queries = redis_commands = 0
    for number in range(10, 10 + requests):
        method, path, data = actions.request(action, number, client.cookies["csrftoken"].value)
        before = commands()
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method.lower())(path, data or {}, secure=True)
        redis_commands += commands() - before - 1  # the INFO of `before` counts once it has run
        queries += len(captured)
        if response.status_code != EXPECTED.get(action, 200):
            raise SystemExit(f"{action} {path} answered {response.status_code}")
    return queries / requests, redis_commands / requests


def profile(client, actions, action, requests, directory):
    """cProfile of `requests` calls of `action` through the test client (the ASGI handler runs the view
    in other threads, which cProfile does not see), into directory/<action>.prof."""
    profiler = cProfile.Profile()
    profiler.enable()
    for number in range(requests):
        method, path, data = actions.request(action, number, client.cookies["csrftoken"].value)
        getattr(client, method.lower())(path, data or {}, secure=True)
    profiler.disable()
    profiler.dump_stats(Path(directory) / f"{action.replace(' ', '-')}.prof")


def client_cpu(client, actions, action, requests):
    """CPU ms per request of `action` through the test client: the same work without the ASGI handler."""
    started = time.process_time()
    for number in range(requests):
        method, path, data = actions.request(action, number, client.cookies["csrftoken"].value)
        getattr(client, method.lower())(path, data or {}, secure=True)
    return (time.process_time() - started) * 1000 / requests


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pg-port", type=int, default=5446)
    parser.add_argument("--redis-port", type=int, default=6416)
    parser.add_argument("--elasticsearch-url", default=os.environ.get("ELASTICSEARCH_URL"))
    parser.add_argument("--profile", metavar="DIRECTORY", help="also write a cProfile of each action there")
    parser.add_argument("--label", default="after")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not args.elasticsearch_url:
        raise SystemExit("set ELASTICSEARCH_URL or --elasticsearch-url (scripts/with-elasticsearch.sh)")

    workdir = Path(tempfile.mkdtemp(prefix="sportello-cost-"))
    os.chmod(workdir, 0o755)
    postgres, redis_server = Postgres(workdir, args.pg_port), Redis(workdir, args.redis_port)
    prefix = f"cost-{os.getpid()}"
    try:
        postgres.start()
        redis_server.start()
        configure(postgres, redis_server, args.elasticsearch_url, prefix)
        csr, articles, questions = prepare()
        actions = Actions(articles, questions)
        from django.test import Client

        from config.asgi import application

        driver = AsgiDriver(application)
        log_in_asgi(driver)
        client = Client(HTTP_ACCEPT_LANGUAGE="it")
        client.force_login(csr)
        client.get("/", secure=True)  # the CSRF cookie
        rows = []
        for action in ACTIONS:
            cpu, wall = cpu_per_request(driver, actions, action, args.requests)
            queries, commands = round_trips(client, redis_server.url, actions, action, min(args.requests, 50))
            without_asgi = client_cpu(client, actions, action, args.requests)
            rows.append((action, cpu, without_asgi, wall, queries, commands))
            if args.profile:
                profile(client, actions, action, min(args.requests, 50), args.profile)
            print(f"{action:12} CPU {cpu:6.2f} ms (without ASGI {without_asgi:6.2f})  wall {wall:6.2f} ms  "
                  f"SQL {queries:5.1f}  Redis {commands:5.1f}", flush=True)
    finally:
        from search.client import get_client

        try:
            get_client().indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
        except Exception as error:  # the node is gone: nothing left to clean
            print(f"indices not deleted: {error}", file=sys.stderr)
        redis_server.stop()
        postgres.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if args.write:
        write_results(args, rows)
    return 0


def write_results(args, rows):
    heading = f"## Cost per request, {args.label} (`bench/request_cost.py`)"
    lines = [heading, "",
             f"A logged-in CSR, production settings, PostgreSQL (default settings), Redis, one Elasticsearch node, "
             f"demo KB; {args.requests} requests per action after 10 warm-up ones, in one process. CPU: "
             "time.process_time of the process over config.asgi.application (no socket, no uvicorn); SQL and Redis: "
             f"per request through the test client. Run on {datetime.date.today()} on the shared 2-core machine "
             "(CPU time is the process's own; wall time is noisy).", "",
             "| action | CPU ms (ASGI) | CPU ms (test client) | wall ms (ASGI) | SQL queries | Redis commands |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {action} | {cpu:.1f} | {without_asgi:.1f} | {wall:.0f} | {queries:.1f} | {commands:.1f} |"
              for action, cpu, without_asgi, wall, queries, commands in rows]
    replace_section(ROOT / "bench" / "RESULTS.md", heading, "\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
