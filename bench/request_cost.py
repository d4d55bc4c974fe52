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

`--against DIR` measures two versions side by side in one run instead: DIR is another copy of Sportello
(`git archive <commit> | tar -x -C DIR`, same migrations), this one the other. Each runs in a child process
of its own over the same services and data, and the children take turns, block by block (--blocks, in
alternating order), so the machine's load weighs on both alike; CPU ms is each child's own process time.

    .venv/bin/python bench/request_cost.py [--requests 200] [--profile DIR] [--write --label before]
    .venv/bin/python bench/request_cost.py --against /tmp/sportello-main [--requests 30 --blocks 8] [--write]
"""

import argparse
import asyncio
import cProfile
import datetime
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
# A child of --against runs the code of the copy it measures (SPORTELLO_COST_ROOT), with this file's helpers.
CODE_ROOT = Path(os.environ.get("SPORTELLO_COST_ROOT", ROOT))
sys.path.insert(0, str(CODE_ROOT))
sys.path.append(str(ROOT / "bench"))

from common import replace_section  # noqa: E402
from services import Postgres, Redis  # noqa: E402

SEARCH_TERMS = ["fibra lenta", "modem si riavvia", "puk", "esim", "portabilità", "disdetta linea fissa", "bolleta",
                "addebito doppio", "rimborso", "trasloco", "roaming svizzera", "giga natale", "copertura fwa",
                "ricarica non accreditata", "cancel contract", "sms truffa"]
ACTIONS = ["search", "api search", "home", "article", "question", "answer"]


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
        if action == "home":
            return "GET", "/", None
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
    in other threads, which cProfile does not see), into directory/<action>.prof. CPU time, not wall time:
    on a shared machine, waiting for PostgreSQL or Elasticsearch would otherwise swamp the figures."""
    profiler = cProfile.Profile(time.process_time)
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


def cpu_block(driver, actions, action, count, offset):
    """(CPU ms, wall ms) per request of `count` calls of `action` through the ASGI handler, from call `offset`."""

    async def run():
        for number in range(offset, offset + count):
            method, path, data = actions.request(action, number, driver.cookies.get("csrftoken", ""))
            status, _body = await driver.call(method, path, data)
            if status != EXPECTED.get(action, 200):
                raise SystemExit(f"{action} {path} answered {status}")

    started_cpu, started_wall = time.process_time(), time.perf_counter()
    asyncio.run(run())
    return (time.process_time() - started_cpu) * 1000 / count, (time.perf_counter() - started_wall) * 1000 / count


def child(spec_path):
    """One side of --against: set up the copy at CODE_ROOT, log in, then run the blocks the parent asks for
    (one JSON command a line on stdin, one JSON answer a line on stdout)."""
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # anything the copy prints goes to stderr, not into the answers
    spec = json.loads(Path(spec_path).read_text())
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    import config
    from config.asgi import application

    settings.COLLABORATION_POST_RATE = (10**6, 60)
    call_command("collectstatic", "--noinput", verbosity=0)
    actions = Actions(spec["articles"], spec["questions"])
    driver = AsgiDriver(application)
    log_in_asgi(driver)
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(get_user_model().objects.get(username="operatore"))
    client.get("/", secure=True)  # the CSRF cookie
    answers.write(json.dumps({"code": str(Path(config.__file__).resolve().parent.parent)}) + "\n")
    answers.flush()
    for line in sys.stdin:
        command = json.loads(line)
        if command["do"] == "cpu":
            cpu, wall = cpu_block(driver, actions, command["action"], command["count"], command["offset"])
            answer = {"cpu": cpu, "wall": wall}
        else:
            queries, commands = round_trips(client, spec["redis_url"], actions, command["action"], command["count"])
            answer = {"sql": queries, "redis": commands}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
    return 0


class Side:
    """A child process measuring the copy at `root`."""

    def __init__(self, root, spec_path):
        self.root = Path(root).resolve()
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(spec_path)],
            env={**os.environ, "SPORTELLO_COST_ROOT": str(self.root)}, cwd=self.root,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        ready = self.read()
        if Path(ready["code"]) != self.root:
            raise SystemExit(f"the child for {self.root} imported Sportello from {ready['code']}")

    def read(self):
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the child for {self.root} stopped (exit {self.process.wait()})")
        return json.loads(line)

    def ask(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self.read()

    def close(self):
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(60)


def side_by_side(args, redis_url, articles, questions, workdir):
    """[(action, {side: (CPU ms mean, [block means], SQL, Redis)})] for --against (before) and this copy (after)."""
    spec_path = Path(workdir) / "spec.json"
    spec_path.write_text(json.dumps({"articles": articles, "questions": questions, "redis_url": redis_url}))
    sides = {}
    try:
        sides["before"] = Side(args.against, spec_path)
        sides["after"] = Side(ROOT, spec_path)
        rows = []
        for action in ACTIONS:
            blocks = {name: [] for name in sides}
            for name, side in sides.items():
                side.ask(do="cpu", action=action, count=10, offset=0)  # warm-up
            for block in range(args.blocks):
                order = list(sides) if block % 2 == 0 else list(sides)[::-1]
                for name in order:
                    answer = sides[name].ask(do="cpu", action=action, count=args.requests,
                                             offset=10 + block * args.requests)
                    blocks[name].append(answer["cpu"])
            row = {}
            for name, side in sides.items():
                trips = side.ask(do="trips", action=action, count=min(args.requests, 30))
                row[name] = (sum(blocks[name]) / len(blocks[name]), blocks[name], trips["sql"], trips["redis"])
            rows.append((action, row))
            before, after = row["before"], row["after"]
            print(f"{action:12} CPU {before[0]:6.2f} -> {after[0]:6.2f} ms ({after[0] / before[0] - 1:+.0%})  "
                  f"SQL {before[2]:5.1f} -> {after[2]:5.1f}  Redis {before[3]:5.1f} -> {after[3]:5.1f}", flush=True)
        return rows
    finally:
        for side in sides.values():
            side.close()


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        return child(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pg-port", type=int, default=5446)
    parser.add_argument("--redis-port", type=int, default=6416)
    parser.add_argument("--elasticsearch-url", default=os.environ.get("ELASTICSEARCH_URL"))
    parser.add_argument("--profile", metavar="DIRECTORY", help="also write a cProfile of each action there")
    parser.add_argument("--label", default="after")
    parser.add_argument("--against", metavar="DIRECTORY", help="another copy of Sportello, measured side by side")
    parser.add_argument("--blocks", type=int, default=8, help="with --against: turns per action and side")
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
        if args.against:
            rows = side_by_side(args, redis_server.url, articles, questions, workdir)
        else:
            rows = one_copy(args, redis_server, csr, articles, questions)
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
        (write_side_by_side if args.against else write_results)(args, rows)
    return 0


def one_copy(args, redis_server, csr, articles, questions):
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
    return rows


def write_side_by_side(args, rows):
    heading = "## Cost per request, side by side (`bench/request_cost.py --against`)"
    lines = [heading, "",
             "A logged-in CSR, production settings, PostgreSQL (default settings), Redis, one Elasticsearch node, "
             "demo KB. Two copies of Sportello, each in a process of its own over the same services and data: "
             f"*before* `{args.label}`, *after* this branch. Per action, {args.blocks} turns of {args.requests} "
             "requests each through config.asgi.application (no socket, no uvicorn), the two processes taking "
             "turns in alternating order after 10 warm-up requests each; CPU: time.process_time of each process, "
             "mean of the turns (lowest and highest turn in brackets); SQL and Redis per request through the test "
             f"client. Run on {datetime.date.today()} on the shared 2-core machine.", "",
             "| action | CPU ms before | CPU ms after | change | SQL before → after | Redis before → after |",
             "|---|---|---|---|---|---|"]
    for action, row in rows:
        (cpu_b, blocks_b, sql_b, redis_b), (cpu_a, blocks_a, sql_a, redis_a) = row["before"], row["after"]
        lines.append(f"| {action} | {cpu_b:.1f} ({min(blocks_b):.1f}–{max(blocks_b):.1f}) | "
                     f"{cpu_a:.1f} ({min(blocks_a):.1f}–{max(blocks_a):.1f}) | {cpu_a / cpu_b - 1:+.0%} | "
                     f"{sql_b:.1f} → {sql_a:.1f} | {redis_b:.1f} → {redis_a:.1f} |")
    replace_section(ROOT / "bench" / "RESULTS.md", heading, "\n".join(lines) + "\n")


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
