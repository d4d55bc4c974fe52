"""Load benchmark: --users logged-in CSRs for --duration seconds against the production setup.

Starts the whole production setup on this machine: a throw-away PostgreSQL from Debian's package with every
setting at its default (max_connections included), Redis, an Elasticsearch node (scripts/elasticsearch.sh
on --es-port, or the one at --elasticsearch-url), then migrate, load_demo_data, collectstatic and
`search_index rebuild`, uvicorn (config.asgi:application, --workers, production settings) and one
`run_worker`. Requests carry X-Forwarded-Proto: https, as the TLS proxy in front of production would.

Each simulated CSR is a client of its own (httpx, asyncio, keep-alive) that logs in through the real login
page (CSRF token, password, session cookie), then loops: wait --think seconds on average (reading to the
customer; uniform between half and one and a half times it), then one action, drawn as 60 % a search from
the search page (terms operators type about the demo content), 25 % an article, 10 % a question of the
collaboration space, 5 % an answer posted to such a question (form POST with its CSRF token). The clock
and the figures start once everyone is logged in; logins are reported on their own.

Reported: requests/s, p50/p95/p99 per action, errors by status (a wrong status or a failed connection
both count), the peak of PostgreSQL connections (pg_stat_activity, sampled every second) against the
pool's bound (DATABASES' psycopg pool, per process, times the server and worker processes) or, without a
pool, against max_connections; and, once the outbox is drained, whether every answer the server
acknowledged (302) is in PostgreSQL and in the Elasticsearch index.

--faults restarts uvicorn at 30 s (SIGTERM: a graceful stop, then a new start, as a deploy does) and Redis
at 60 s (SIGKILL and a new start: a crash), and the target becomes no 500 and nothing lost.

    .venv/bin/python bench/load.py [--users 200] [--duration 120] [--faults] [--write]
"""

import argparse
import asyncio
import datetime
import html
import logging
import os
import random
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

from common import percentile, remember_cookies, replace_section, wait_for  # noqa: E402
from services import Postgres, Redis, wait_until  # noqa: E402

PASSWORD = "sportello-load-bench"
MIX = [("search", 60), ("article", 25), ("question", 10), ("answer", 5)]
EXPECTED_STATUS = {"search": 200, "article": 200, "question": 200, "answer": 302, "login": 302}
REQUEST_TIMEOUT = 30
LOGIN_CONCURRENCY = 10
OUTBOX_TIMEOUT = 300
# What operators type about the demo KB (kb/demo/articles.jsonl): keywords, elliptic phrases, typos.
SEARCH_TERMS = [
    "fibra lenta", "fibra lenta la sera", "modem si riavvia", "aurora hub riavvio", "puk", "sim bloccata",
    "puk non accettato", "esim", "attivare esim iphone", "qr code esim", "portabilità", "portabilita numero",
    "passare ad altro operatore", "disdetta", "disdetta linea fissa", "recesso senza penali", "rimodulazione",
    "bolletta alta", "bolleta più alta", "addebito doppio", "addebito non riconosciuto", "sepa",
    "domiciliazione", "rimborso", "nota di credito", "rateizzazione bolletta", "trasloco", "trasloco fibra",
    "voltura", "subentro", "roaming", "roaming svizzera", "roaming extra ue", "giga natale", "offerta under 30",
    "fwa", "copertura fwa", "fwa pioggia", "adsl dismissione", "adsl non aggancia", "ip statico",
    "fibra business", "app tv errore e-401", "fatture pdf", "area clienti lenta", "sms truffa", "phishing",
    "ricarica non accreditata", "ricarica online", "disservizio lombardia", "blackout campania", "maltempo",
    "tv sport cinema", "modem a rate", "cancel contract", "disputed charges", "roaming outside eu",
]


def configure_environment(args, postgres, redis, elasticsearch_url):
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "ELASTICSEARCH_URL": elasticsearch_url,
        "SEARCH_INDEX_PREFIX": args.index_prefix,
    })
    os.environ.pop("DEBUG", None)


def manage(*args):
    out = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")


def start_elasticsearch(port):
    """A node from scripts/elasticsearch.sh on `port`; returns its URL and whether it was started here."""
    env = {**os.environ, "ES_PORT": str(port)}
    running = subprocess.run([str(ROOT / "scripts" / "elasticsearch.sh"), "status"], env=env,
                             capture_output=True).returncode == 0
    out = subprocess.run([str(ROOT / "scripts" / "elasticsearch.sh"), "start"], env=env, capture_output=True,
                         text=True)
    if out.returncode:
        raise SystemExit(f"Elasticsearch did not start on {port}:\n{out.stderr[-3000:]}")
    return f"http://127.0.0.1:{port}", not running


def stop_elasticsearch(port):
    subprocess.run([str(ROOT / "scripts" / "elasticsearch.sh"), "stop"], env={**os.environ, "ES_PORT": str(port)},
                   capture_output=True)


def prepare(users):
    """Demo KB, static files, the index, `users` CSRs (one password hash for all: hashing is the login's
    cost, not the setup's); returns the usernames, the article URLs and the questions CSRs may answer."""
    manage("migrate", "--noinput", "-v0")
    manage("load_demo_data", "--quiet-logins")
    manage("collectstatic", "--noinput", "-v0")
    manage("search_index", "rebuild")
    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request would bury the figures
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connections

    from accounts.roles import CSR
    from collaboration import access
    from collaboration.models import Question
    from kb.models import ArticlePage

    User = get_user_model()
    password = make_password(PASSWORD)
    created = User.objects.bulk_create(
        [User(username=f"load-csr-{number}", password=password) for number in range(users)])
    csr = Group.objects.get(name=CSR)
    User.groups.through.objects.bulk_create([User.groups.through(user_id=user.pk, group_id=csr.pk) for user in created])
    articles = [page.get_url() for page in ArticlePage.objects.live().specific()]
    spaces = access.spaces_with(User.objects.get(pk=created[0].pk), access.POST)
    questions = list(Question.objects.filter(space__in=spaces, status__in=["open", "answered"])
                     .values_list("pk", flat=True))
    connections.close_all()  # this process holds no connection during the run
    return [user.username for user in created], articles, questions


def pool_bound(processes):
    """The most connections the configured psycopg pool lets `processes` processes open, or None without a
    pool (Django's `pool` option: True means psycopg_pool's defaults, min_size 4 and max_size = min_size)."""
    from django.conf import settings

    pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
    if not pool:
        return None
    options = pool if isinstance(pool, dict) else {}
    return (options.get("max_size") or options.get("min_size", 4)) * processes


class ConnectionSampler(threading.Thread):
    """Connections of PostgreSQL's clients (this sampler excluded), sampled every second."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.samples, self.stopped = url, [], threading.Event()

    def run(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            self.max_connections = int(connection.execute("SHOW max_connections").fetchone()[0])
            while not self.stopped.wait(1):
                count = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                    "AND pid <> pg_backend_pid()").fetchone()[0]
                self.samples.append(count)

    def stop(self):
        self.stopped.set()
        self.join()


class Server:
    """uvicorn with the production settings; its output goes to a log file the report reads."""

    def __init__(self, port, workers, log):
        self.port, self.workers, self.log, self.process = port, workers, log, None

    def start(self):
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(self.workers), "--lifespan", "off", "--no-access-log",
             "--timeout-keep-alive", "75"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
        )
        wait_for(self.port, timeout=120)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self):
        self.stop()
        self.start()


class Operator:
    """One CSR's browser: its own connection and cookies. Production cookies are Secure, and this client
    speaks plain HTTP to uvicorn behind a pretend TLS proxy, so the cookies are kept here by hand."""

    def __init__(self, base, username, recorder):
        self.base, self.username, self.recorder = base, username, recorder
        self.client = httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, follow_redirects=False,
                                        headers={"X-Forwarded-Proto": "https", "Accept-Language": "it"})
        self.cookies = {}
        self.origin = base.replace("http://", "https://")

    async def request(self, kind, method, url, data=None):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if method == "POST":
            headers.update(Origin=self.origin, Referer=f"{self.origin}{url}")
        started = time.monotonic()
        try:
            response = await self.client.request(method, url, headers=headers, data=data)
        except httpx.HTTPError as error:
            self.recorder.record(kind, started, type(error).__name__)
            return None
        remember_cookies(self.cookies, response)
        status = response.status_code
        self.recorder.record(kind, started, str(status) if status != EXPECTED_STATUS.get(kind, 200) else "ok")
        return response

    async def log_in(self):
        page = await self.request("login page", "GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text) if page is not None else None
        if not token:
            return False
        response = await self.request("login", "POST", "/accounts/login/", data={
            "csrfmiddlewaretoken": html.unescape(token.group(1)), "username": self.username, "password": PASSWORD,
            "next": "/"})
        return response is not None and response.status_code == 302 and "sessionid" in self.cookies

    async def act(self, kind, rng, targets):
        if kind == "search":
            await self.request(kind, "GET", f"/search/?{httpx.QueryParams(q=rng.choice(SEARCH_TERMS))}")
        elif kind == "article":
            await self.request(kind, "GET", rng.choice(targets["articles"]))
        elif kind == "question":
            await self.request(kind, "GET", f"/collaboration/questions/{rng.choice(targets['questions'])}/")
        else:
            await self.post_answer(rng, targets)

    async def post_answer(self, rng, targets):
        question = rng.choice(targets["questions"])
        token = f"verificacarico{secrets.token_hex(6)}"
        body = f"Confermo: ho gestito lo stesso caso oggi, la procedura ha funzionato (rif. {token})."
        response = await self.request("answer", "POST", f"/collaboration/questions/{question}/", data={
            "body": body, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
        acknowledged = response is not None and response.status_code == 302
        self.recorder.answers.append((question, token, acknowledged))

    async def close(self):
        await self.client.aclose()


class Recorder:
    def __init__(self):
        self.started = None
        self.requests = []  # (kind, at seconds from the start, latency seconds, outcome)
        self.answers = []  # (question id, token, acknowledged by the server)

    def record(self, kind, started, outcome):
        now = time.monotonic()
        self.requests.append((kind, started - (self.started or started), now - started, outcome))


async def operate(operator, rng, targets, think, ends):
    kinds, weights = zip(*MIX)
    await asyncio.sleep(rng.uniform(0, think))
    while time.monotonic() < ends:
        await operator.act(rng.choices(kinds, weights)[0], rng, targets)
        await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


async def inject_faults(recorder, server, redis, faults):
    """Restart uvicorn at 30 s and Redis at 60 s of the run, each on time even if the other is still
    going on; note when and how long each took."""

    async def at(seconds, name, action):
        await asyncio.sleep(max(0, recorder.started + seconds - time.monotonic()))
        began = time.monotonic() - recorder.started
        await asyncio.to_thread(action)
        faults.append((name, began, time.monotonic() - recorder.started - began))

    await asyncio.gather(at(30, "uvicorn restart", server.restart), at(60, "Redis restart", redis.restart))


async def run(usernames, targets, args, server, redis):
    base = f"http://127.0.0.1:{args.port}"
    recorder = Recorder()
    operators = [Operator(base, username, recorder) for username in usernames]
    try:
        print(f"logging {len(operators)} CSRs in through the login page, {LOGIN_CONCURRENCY} at a time …", flush=True)
        limit = asyncio.Semaphore(LOGIN_CONCURRENCY)

        async def log_in(operator):
            async with limit:
                return await operator.log_in()

        login_started = time.monotonic()
        logged_in = await asyncio.gather(*(log_in(operator) for operator in operators))
        login_seconds = time.monotonic() - login_started
        logins = [(kind, latency, outcome) for kind, _at, latency, outcome in recorder.requests]
        recorder.requests.clear()
        print(f"logged in: {sum(logged_in)}/{len(operators)} in {login_seconds:.0f} s", flush=True)
        active = [operator for operator, ok in zip(operators, logged_in) if ok]

        print(f"running {len(active)} CSRs for {args.duration} s (think {args.think} s) …", flush=True)
        recorder.started = time.monotonic()
        ends = recorder.started + args.duration
        faults = []
        tasks = [operate(operator, random.Random(number), targets, args.think, ends)
                 for number, operator in enumerate(active)]
        if args.faults:
            tasks.append(inject_faults(recorder, server, redis, faults))
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - recorder.started
        return recorder, {"logins": logins, "login_seconds": login_seconds, "logged_in": sum(logged_in),
                          "elapsed": elapsed, "faults": faults}
    finally:
        await asyncio.gather(*(operator.close() for operator in operators))


def wait_for_outbox():
    """Seconds until the worker has applied every outbox job (PostgreSQL may still refuse connections
    for a while if the run exhausted them: keep asking)."""
    from django.db import OperationalError, close_old_connections

    from search.models import IndexJob

    def drained():
        try:
            return not IndexJob.objects.exists()
        except OperationalError:
            close_old_connections()
            return False

    started = time.monotonic()
    try:
        wait_until(drained, OUTBOX_TIMEOUT, "the outbox was not drained")
    except RuntimeError:
        return None  # reported as such; the answers not indexed by then count as lost
    return time.monotonic() - started


def answers_kept(answers):
    """(in PostgreSQL, in the index) for the acknowledged answers; plus unacknowledged ones stored anyway."""
    from django.db import close_old_connections

    from collaboration.models import Answer
    from search.client import get_client
    from search.indexing import alias

    close_old_connections()
    stored = set()
    for question, token, _ok in answers:
        if Answer.objects.filter(question_id=question, body__contains=token).exists():
            stored.add(token)
    client = get_client()
    client.indices.refresh(index=alias("question"))
    questions = sorted({question for question, _token, _ok in answers})
    texts = {}
    for start in range(0, len(questions), 500):
        response = client.mget(index=alias("question"), ids=[str(pk) for pk in questions[start:start + 500]])
        for doc in response["docs"]:
            source = doc.get("_source") or {}
            texts[int(doc["_id"])] = f"{source.get('text_it', '')} {source.get('text_en', '')}"
    indexed = {token for question, token, _ok in answers if token in texts.get(question, "")}
    acknowledged = [token for _question, token, ok in answers if ok]
    return {
        "acknowledged": len(acknowledged),
        "in_database": sum(token in stored for token in acknowledged),
        "in_index": sum(token in indexed for token in acknowledged),
        "unacknowledged_stored": sum(token in stored for _q, token, ok in answers if not ok),
        "unacknowledged": len(answers) - len(acknowledged),
    }


def server_errors(log_path, limit=5):
    """The most frequent error lines of uvicorn's and the worker's logs (numbers and ids blanked)."""
    lines = Counter()
    for line in log_path.read_text(errors="replace").splitlines():
        if re.search(r"(Error|Exception|FATAL)", line) and not line.startswith((" ", "Traceback")):
            lines[re.sub(r"\d+", "N", line.split(" ", 3)[-1])[:160]] += 1
    return lines.most_common(limit)


def summarise(recorder, meta, args):
    by_kind = defaultdict(list)
    outcomes = Counter()
    outcome_kinds = defaultdict(Counter)
    for kind, _at, latency, outcome in recorder.requests:
        by_kind[kind].append(latency * 1000)
        if outcome != "ok":
            outcomes[outcome] += 1
            outcome_kinds[outcome][kind] += 1
    rows = []
    for kind, _weight in MIX:
        values = by_kind.get(kind, [])
        errors = sum(1 for k, _at, _l, outcome in recorder.requests if k == kind and outcome != "ok")
        rows.append((kind, values, errors))
    everything = [latency * 1000 for _k, _at, latency, _o in recorder.requests]
    rows.append(("all", everything, sum(outcomes.values())))
    return rows, outcomes, outcome_kinds


def figures_text(rows, outcomes, outcome_kinds, meta, connections, answers, args):
    elapsed = meta["elapsed"]
    lines = ["| action | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |", "|---|---|---|---|---|---|---|"]
    for kind, values, errors in rows:
        if values:
            lines.append(f"| {kind} | {len(values)} | {len(values) / elapsed:.1f} | {percentile(values, 0.5):.0f} | "
                         f"{percentile(values, 0.95):.0f} | {percentile(values, 0.99):.0f} | {errors} |")
        else:
            lines.append(f"| {kind} | 0 | 0 | – | – | – | {errors} |")
    logins = [latency * 1000 for kind, latency, _o in meta["logins"] if kind == "login"]
    login_errors = sum(1 for _k, _l, outcome in meta["logins"] if outcome != "ok")
    notes = [
        f"Logins (before the clock): {meta['logged_in']}/{args.users} in {meta['login_seconds']:.0f} s, "
        f"{LOGIN_CONCURRENCY} at a time, login POST p50 {percentile(logins, 0.5):.0f} ms, "
        f"p95 {percentile(logins, 0.95):.0f} ms, {login_errors} errors." if logins else "No login succeeded.",
        "Errors by status: " + (", ".join(
            f"{outcome} x{count} ({', '.join(f'{kind} {n}' for kind, n in outcome_kinds[outcome].most_common())})"
            for outcome, count in outcomes.most_common()) or "none") + ".",
        f"PostgreSQL connections: peak {connections['peak']} (median {connections['median']}), "
        f"max_connections {connections['max_connections']}, "
        + (f"pool bound {connections['bound']} ({connections['processes']} processes)."
           if connections["bound"] else "no connection pool configured (bound: max_connections)."),
        f"Answers: {answers['acknowledged']} acknowledged (302), {answers['in_database']} of them in PostgreSQL, "
        f"{answers['in_index']} in the Elasticsearch index ("
        + (f"outbox drained {answers['drain_seconds']:.0f} s after the run" if answers["drain_seconds"] is not None
           else f"outbox NOT drained {OUTBOX_TIMEOUT} s after the run")
        + f"); {answers['unacknowledged']} posts failed, {answers['unacknowledged_stored']} of which were "
        "stored anyway.",
    ]
    for name, began, took in meta["faults"]:
        notes.append(f"Fault: {name} at {began:.0f} s, took {took:.1f} s.")
    return lines, notes


def targets_met(outcomes, connections, answers, args):
    bound = connections["bound"] or connections["max_connections"]
    kept = answers["in_database"] == answers["acknowledged"] == answers["in_index"]
    if args.faults:
        no_500 = not any(outcome.startswith("5") for outcome in outcomes)
        return [("no 5xx answer", no_500), (f"connections <= {bound}", connections["peak"] <= bound),
                ("every acknowledged answer in PostgreSQL and the index", kept)]
    return [("0 errors", not outcomes), (f"connections <= {bound}", connections["peak"] <= bound),
            ("every acknowledged answer in PostgreSQL and the index", kept)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load, after the logins")
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between a CSR's actions")
    parser.add_argument("--faults", action="store_true", help="restart uvicorn at 30 s and Redis at 60 s")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    parser.add_argument("--port", type=int, default=8045, help="uvicorn's port")
    parser.add_argument("--pg-port", type=int, default=5445)
    parser.add_argument("--redis-port", type=int, default=6415)
    parser.add_argument("--es-port", type=int, default=9265, help="port of the node started here")
    parser.add_argument("--elasticsearch-url", help="use this cluster instead of starting a node")
    parser.add_argument("--index-prefix", default="load-bench")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, database files)")
    parser.add_argument("--write", action="store_true", help="record the figures in bench/RESULTS.md")
    args = parser.parse_args()
    if args.faults and args.duration <= 60:
        parser.error("--faults needs --duration over 60 s (Redis restarts at 60 s)")

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, args.users * 4 + 1024), hard), hard))
    workdir = Path(tempfile.mkdtemp(prefix="sportello-load-"))
    os.chmod(workdir, 0o755)  # PostgreSQL runs as `postgres` when this runs as root
    log_path = workdir / "server.log"
    started_es, processes = False, []
    postgres, redis = Postgres(workdir, args.pg_port), Redis(workdir, args.redis_port)
    try:
        print(f"PostgreSQL on {args.pg_port}, Redis on {args.redis_port}, Elasticsearch …", flush=True)
        postgres.start()
        redis.start()
        if args.elasticsearch_url:
            es_url = args.elasticsearch_url
        else:
            es_url, started_es = start_elasticsearch(args.es_port)
        configure_environment(args, postgres, redis, es_url)
        print(f"migrate, demo KB, static files, index, {args.users} CSRs (work dir {workdir}) …", flush=True)
        usernames, articles, questions = prepare(args.users)
        targets = {"articles": articles, "questions": questions}
        log = open(log_path, "w")
        worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "run_worker"], cwd=ROOT, stdout=log,
                                  stderr=subprocess.STDOUT)
        processes.append(worker)
        server = Server(args.port, args.workers, log)
        server.start()
        sampler = ConnectionSampler(postgres.url)
        sampler.start()
        recorder, meta = asyncio.run(run(usernames, targets, args, server, redis))
        sampler.stop()
        # The load is over: the web server goes, so the connections it holds cannot stop the worker and
        # this check from reaching PostgreSQL.
        server.stop()
        print("waiting for the worker to drain the outbox …", flush=True)
        drain_seconds = wait_for_outbox()
        answers = answers_kept(recorder.answers)
        answers["drain_seconds"] = drain_seconds
        samples = sorted(sampler.samples)
        processes_count = args.workers + 1
        connections = {"peak": max(samples), "median": samples[len(samples) // 2],
                       "max_connections": sampler.max_connections, "bound": pool_bound(processes_count),
                       "processes": processes_count}
        errors_logged = server_errors(log_path)
    finally:
        for process in processes:
            process.terminate()
            process.wait(30)
        if "server" in locals():
            server.stop()
        redis.stop()
        postgres.stop()
        if started_es:
            stop_elasticsearch(args.es_port)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    rows, outcomes, outcome_kinds = summarise(recorder, meta, args)
    table, notes = figures_text(rows, outcomes, outcome_kinds, meta, connections, answers, args)
    checks = targets_met(outcomes, connections, answers, args)
    print("\n".join(["", *table, "", *notes]))
    if errors_logged:
        print("Most frequent errors in the server's and worker's logs:")
        for line, count in errors_logged:
            print(f"  x{count}: {line}")
    for label, ok in checks:
        print(f"[{'ok' if ok else 'MISSED'}] {label}")
    if args.write:
        write_results(args, table, notes, checks, errors_logged)
    return 0 if all(ok for _label, ok in checks) else 1


def write_results(args, table, notes, checks, errors_logged):
    heading = "## Load with faults (`bench/load.py --faults`)" if args.faults else "## Load (`bench/load.py`)"
    setup = (f"{args.users} logged-in CSRs for {args.duration} s (after their logins), each waiting "
             f"{args.think / 2:g}–{args.think * 1.5:g} s between actions: 60 % search page, 25 % article, 10 % "
             f"question, 5 % answer posted. uvicorn with {args.workers} workers and one `run_worker`, production "
             "settings, PostgreSQL 15 (Debian, default settings), Redis, one Elasticsearch node; load generator "
             f"(httpx, asyncio) on the same machine. Run on {datetime.date.today()}, on the 2-core machine shared "
             "with other engineers' test runs at the same time.")
    if args.faults:
        setup += " uvicorn restarted at 30 s (graceful stop, new start), Redis killed and restarted at 60 s."
    text = [heading, "", setup, "", *table, "", *[f"- {note}" for note in notes]]
    if errors_logged:
        text += ["- Most frequent errors in the server's and worker's logs:"]
        text += [f"  - x{count}: `{line}`" for line, count in errors_logged]
    text += ["", *[f"- {'met' if ok else 'MISSED'}: {label}" for label, ok in checks]]
    replace_section(ROOT / "bench" / "RESULTS.md", heading, "\n".join(text) + "\n")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
