"""Benchmark: the team leads' insight dashboards over one year of contact-center activity.

Builds a throw-away SQLite database with the demo KB, then generates one year of activity ending today
(bench/insights_data.py, bulk inserts, no actions): --searches search-log rows by ~300 generated CSRs in 10 teams (a Zipf-like mix
of a few hundred Italian queries, ~8 % without results, ~35 % with one click on a demo article), --questions
questions in the demo spaces with their answers, service levels, escalations and certifications, market
needs with their +1s, reports on articles, and the read receipts of a dozen crises. Then starts uvicorn on
the production settings (DEBUG off), logs in as the demo team lead and measures every dashboard over the
default 28 days, over the whole year, and over the year for one team: p50, p95 and max of --requests
sequential requests after 3 warm-up requests, against the target p95 <= 300 ms. A dashboard that does not
answer 200 is reported with its status and the start of its body. Last, each year page is rendered
in-process (after one warm-up) to count its SQL queries, their time and the slowest one. Prints the figures
and, with --write, records them in bench/RESULTS.md.

    .venv/bin/python bench/insights.py [--requests 30] [--searches 200000] [--questions 20000] [--write]
    .venv/bin/python bench/insights.py --generate-only   # generate, then time the metric functions directly
"""

import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

from common import Client, free_port, logged_in_session, percentile, replace_section, wait_for  # noqa: E402
from insights_data import YEAR_DAYS, child_generate  # noqa: E402
from pages import environment  # noqa: E402  (the same production settings on a throw-away database)

HEADING = "## Insights (`bench/insights.py`)"
DASHBOARDS = ["content-gaps", "emerging", "questions", "knowledge", "needs", "crises"]
FROM_PARAMETER = "start"  # the filter form's first day (insights.filters.FilterForm); the last day defaults to today
TARGET_P95_MS = 300
WARM_UP = 3
WORKERS = 2

def manage(env, *args):
    out = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{out.stderr[-3000:]}")


def child(env, *args):
    """Run this script in a child process with the bench settings; return its last output line."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, args)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"bench step {args[0]} failed:\n{out.stderr[-3000:]}")
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


def child_timings():
    """The metric functions called directly over the year period, as the team lead: best of 3, in ms."""
    from django.contrib.auth import get_user_model

    from insights import content_gaps, qa_health
    from insights.periods import Period

    viewer = get_user_model().objects.get(username="teamleader")
    year = Period.ending_today(YEAR_DAYS)
    def qa_summary():
        found = qa_health.questions(viewer, year)
        return qa_health.summary(found), len(qa_health.per_day(found, year))

    calls = {
        "content_gaps.by_term": lambda: content_gaps.by_term(year, limit=None)[:3],
        "content_gaps.click_through": lambda: content_gaps.click_through(year),
        "qa_health.summary and per_day": qa_summary,
    }
    timings = {}
    for name, call in calls.items():
        samples = []
        for _ in range(3):
            started = time.perf_counter()
            result = call()
            samples.append(time.perf_counter() - started)
        timings[name] = {"ms": round(min(samples) * 1000, 1), "result": result}
    print(json.dumps(timings, default=str))


def child_setup():
    """A session for the demo team lead, the team measured alone and the first days of both periods."""
    from django.contrib.auth import get_user_model

    from accounts.models import Team
    from insights.periods import Period

    user = get_user_model().objects.get(username="teamleader")
    session_key = logged_in_session(user)
    team = Team.objects.get(members=user)
    print(json.dumps({
        "session": session_key, "team": team.pk, "team_name": team.name,
        "default_from": Period.ending_today().first_day.isoformat(),
        "year_from": Period.ending_today(YEAR_DAYS).first_day.isoformat(),
    }))


def child_queries(session_key, urls):
    """Each page rendered in-process after one warm-up: status, time, SQL queries, their total time, the slowest."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(SERVER_NAME="127.0.0.1", HTTP_ACCEPT_LANGUAGE="it")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    found = {}
    for name, url in json.loads(urls).items():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            status_code = client.get(url).status_code
            elapsed = time.perf_counter() - started
        slowest = max(ctx.captured_queries, key=lambda query: float(query["time"]), default={"time": 0, "sql": ""})
        found[name] = {
            "status": status_code, "ms": round(elapsed * 1000), "queries": len(ctx.captured_queries),
            "sql_ms": round(sum(float(query["time"]) for query in ctx.captured_queries) * 1000),
            "slowest_ms": round(float(slowest["time"]) * 1000), "slowest_sql": slowest["sql"][:400],
        }
    print(json.dumps(found))


CHILDREN = {"generate": child_generate, "timings": child_timings, "setup": child_setup, "queries": child_queries}


# --- Measuring the dashboards over HTTP (this process) ---


def dashboard_url(name, **params):
    query = urlencode({key: value for key, value in params.items() if value})
    return f"/insights/{name}/" + (f"?{query}" if query else "")


def cases(setup):
    """(dashboard, period, url, first day) of every measurement: the default 28 days, the year, the year for a team."""
    first_day = setup["year_from"]
    for name in DASHBOARDS:
        yield name, "28 days (default)", dashboard_url(name), setup["default_from"]
        yield name, "year", dashboard_url(name, **{FROM_PARAMETER: first_day}), first_day
        url = dashboard_url(name, **{FROM_PARAMETER: first_day, "team": setup["team"]})
        yield name, f"year, team {setup['team_name']}", url, first_day


def probe(client, url):
    """Status and body of one request on the client's keep-alive connection (Client.get only says non-200)."""
    client.connection.request("GET", url, headers=client.headers)
    response = client.connection.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def excerpt(status_code, body, lines=6):
    text = [line.strip() for line in re.sub(r"<[^>]*>", "\n", body).splitlines() if line.strip()]
    return f"HTTP {status_code}: " + " | ".join(text[:lines])[:500]


def latency(port, session_key, url, first_day, requests):
    """p50, p95, max (ms) of `requests` sequential requests after WARM_UP ones; {"error": …} unless all are 200
    and the page says it covers the period from `first_day` (an ignored parameter would measure 28 days)."""
    client = Client(port, session_key)
    try:
        status_code, body = probe(client, url)  # the first warm-up request, which also checks the answer
        if status_code != 200:
            return {"error": excerpt(status_code, body)}
        shown = datetime.date.fromisoformat(first_day).strftime("%d/%m/%Y")
        if shown not in body:
            return {"error": f"the page does not show the period from {shown}: {excerpt(status_code, body)}"}
        for _ in range(WARM_UP - 1):
            client.get(url)
        samples = [client.get(url) for _ in range(requests)]
    except RuntimeError:  # a later request did not answer 200: show what it answers now
        return {"error": excerpt(*probe(client, url))}
    except OSError as error:
        return {"error": f"no answer: {error!r}"}
    return {
        "p50": statistics.median(samples) * 1000, "p95": percentile(samples, 0.95) * 1000, "max": max(samples) * 1000,
    }


def passed(figures):
    return "error" not in figures and figures["p95"] <= TARGET_P95_MS


def show(name, period, figures):
    if "error" in figures:
        print(f"{name:<13} {period:<32} FAILED  {figures['error']}", flush=True)
        return
    print(f"{name:<13} {period:<32} p50 {figures['p50']:7.1f} ms  p95 {figures['p95']:7.1f} ms  "
          f"max {figures['max']:7.1f} ms  {'pass' if passed(figures) else 'MISSES p95 ≤ 300 ms'}", flush=True)


def start_server(env, port):
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(WORKERS), "--lifespan", "off", "--no-access-log",
         "--log-level", "warning"],
        env=env, cwd=ROOT,
    )


def print_generation(generated):
    print(f"generated one year of activity in {generated['seconds']:.1f} s:")
    for label, count in generated["rows"].items():
        print(f"  {label:<26} {count:>8}")


def print_timings(timings):
    print("metric functions over the year, called directly (best of 3):")
    for name, timing in timings.items():
        print(f"  {name:<28} {timing['ms']:8.1f} ms  {json.dumps(timing['result'], ensure_ascii=False)[:300]}")


def print_queries(queries):
    print("year pages rendered in-process after one warm-up (SQL queries, their time, the slowest one):")
    for name, found in queries.items():
        print(f"  {name:<13} HTTP {found['status']}  {found['ms']} ms  {found['queries']} queries  "
              f"SQL {found['sql_ms']} ms  slowest {found['slowest_ms']} ms: {found['slowest_sql'][:300]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="measured requests per dashboard and period")
    parser.add_argument("--searches", type=int, default=200_000)
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--generate-only", action="store_true", help="generate, then time metric functions directly")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database to investigate")
    parser.add_argument("--write", action="store_true", help="record the figures in bench/RESULTS.md")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import django

        django.setup()
        CHILDREN[args.child[0]](*args.child[1:])
        return

    workdir = Path(tempfile.mkdtemp(prefix="sportello-bench-"))
    env = environment(workdir)
    server = None
    try:
        print(f"preparing database in {workdir} …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo_data", "--quiet-logins")
        generated = json.loads(child(env, "generate", args.searches, args.questions))
        print_generation(generated)
        if args.generate_only:
            print_timings(json.loads(child(env, "timings")))
            return
        manage(env, "collectstatic", "--noinput", "-v0")
        setup = json.loads(child(env, "setup"))
        port = free_port()
        server = start_server(env, port)
        wait_for(port)
        rows = []
        for name, period, url, first_day in cases(setup):
            figures = latency(port, setup["session"], url, first_day, args.requests)
            show(name, period, figures)
            rows.append((name, period, figures))
        year_urls = {name: url for name, period, url, _first_day in cases(setup) if period == "year"}
        print_queries(json.loads(child(env, "queries", setup["session"], json.dumps(year_urls))))
    finally:
        if server:
            server.terminate()
            server.wait(10)
        if args.keep:
            print(f"kept the database: DATABASE_URL={env['DATABASE_URL']}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.write:
        write_results(rows, generated, args)


def write_results(rows, generated, args):
    volumes = generated["rows"]
    lines = [
        HEADING,
        "",
        f"One year of generated activity ending on the day of the run: {volumes['searches']} searches "
        f"({volumes['search clicks']} clicks) by {volumes['CSRs']} CSRs in {volumes['teams']} teams, "
        f"{volumes['questions']} questions, {volumes['answers']} answers, {volumes['market needs']} market needs "
        f"({volumes['market need +1s']} +1s), {volumes['article reports']} article reports, {volumes['crises']} crises "
        f"({volumes['crisis acknowledgements']} acknowledgements); generated in {generated['seconds']:.0f} s. "
        f"uvicorn, {WORKERS} workers, production settings (DEBUG off), SQLite, no Elasticsearch; logged-in team lead; "
        f"{args.requests} sequential requests per dashboard and period after {WARM_UP} warm-up requests. Run on "
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores. Target: p95 ≤ {TARGET_P95_MS} ms.",
        "",
        f"| dashboard | period | p50 ms | p95 ms | max ms | p95 ≤ {TARGET_P95_MS} ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, period, figures in rows:
        if "error" in figures:
            lines.append(f"| {name} | {period} | — | — | — | fail: {figures['error'][:120].replace('|', '/')} |")
        else:
            lines.append(f"| {name} | {period} | {figures['p50']:.1f} | {figures['p95']:.1f} | {figures['max']:.1f} | "
                         f"{'pass' if passed(figures) else 'fail'} |")
    lines.append("")
    replace_section(ROOT / "bench" / "RESULTS.md", HEADING, "\n".join(lines))


if __name__ == "__main__":
    main()
