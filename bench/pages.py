"""Benchmark: logged-in CSR pages served by the production ASGI server (uvicorn, DEBUG off).

Builds a throw-away database with the demo KB (plus --extra synthetic articles, to show that the query
count does not grow with the number of articles), starts uvicorn on loopback, and measures the home page,
one article of each type and a section index: latency at concurrency 1 and throughput at concurrency 10.
Prints the figures and, with --write, records them in bench/RESULTS.md.

    .venv/bin/python bench/pages.py [--requests 300] [--extra 2000] [--workers 2] [--write]
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

from common import Client, free_port, logged_in_session, percentile, replace_section, wait_for  # noqa: E402


def environment(workdir):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
    }
    env.pop("DEBUG", None)
    env.pop("ELASTICSEARCH_URL", None)
    return env


def child(env, *args):
    """Run this script in a child process with the bench settings; return its last output line."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, args)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"bench step {args[0]} failed:\n{out.stderr[-3000:]}")
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


def prepare(env, extra):
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo_data", "--quiet-logins"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    if extra:
        child(env, "add-articles", extra)


def child_add_articles(count):
    """Add `count` published answers, so query counts can be compared with a bigger KB."""
    from kb.models import AnswerPage
    from kb.site_tree import section_for_type

    section = section_for_type("answer")
    for number in range(int(count)):
        page = AnswerPage(
            title=f"Procedura sintetica {number}",
            slug=f"procedura-sintetica-{number}",
            summary="Articolo generato per il benchmark.",
            customer_question="Domanda di prova?",
            approved_answer="Risposta di prova.",
            review_by="2027-12-31",
        )
        section.add_child(instance=page)
        page.save_revision().publish()


def child_session():
    """A real session for the demo CSR, for the load client to send as a cookie."""
    from django.contrib.auth import get_user_model

    print(logged_in_session(get_user_model().objects.get(username="operatore")))


def child_urls():
    from kb.models import AnswerPage, CrisisPage, KnownDefectPage, OfferPage

    urls = {"home": "/", "section index": "/procedure/"}
    for model in (OfferPage, KnownDefectPage, CrisisPage, AnswerPage):
        page = model.objects.visible_to_readers().exclude(slug__startswith="procedura-sintetica").order_by("pk").first()
        urls[model.__name__] = page.url
    print(json.dumps(urls))


def child_queries(session_key, urls):
    from django.conf import settings
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(SERVER_NAME="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    counts = {}
    for name, url in json.loads(urls).items():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        counts[name] = len(ctx.captured_queries)
    print(json.dumps(counts))


CHILDREN = {"add-articles": child_add_articles, "session": child_session, "urls": child_urls, "queries": child_queries}


def latency(port, session_key, url, requests):
    client = Client(port, session_key)
    for _ in range(20):
        client.get(url)
    samples = [client.get(url) for _ in range(requests)]
    return {
        "p50": statistics.median(samples) * 1000,
        "p95": percentile(samples, 0.95) * 1000,
        "max": max(samples) * 1000,
    }


def throughput(port, session_key, url, concurrency, seconds):
    done = [0] * concurrency
    samples = [[] for _ in range(concurrency)]
    stop = time.perf_counter() + seconds

    def run(index):
        client = Client(port, session_key)
        while time.perf_counter() < stop:
            samples[index].append(client.get(url))
            done[index] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    flat = [s for chunk in samples for s in chunk]
    return {"rps": sum(done) / elapsed, "p95": percentile(flat, 0.95) * 1000, "tool": "Python threads"}


WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.3f %d\\n", summary.requests, summary.duration,
    latency:percentile(95) / 1000.0, summary.errors.status + summary.errors.connect + summary.errors.read))
end
"""


def throughput_wrk(port, session_key, url, concurrency, seconds):
    """Debian's wrk as the load generator: a C client leaves the Python server the CPU it needs."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    out = subprocess.run(
        ["wrk", f"-t{min(concurrency, 2)}", f"-c{concurrency}", f"-d{int(seconds)}s", "-s", script.name,
         "-H", f"Cookie: sessionid={session_key}", "-H", "Accept-Language: it", f"http://127.0.0.1:{port}{url}"],
        capture_output=True, text=True, check=True,
    )
    os.unlink(script.name)
    requests, duration_us, p95_ms, errors = out.stdout.split("RESULT ")[1].split()
    if int(errors):
        raise RuntimeError(f"wrk saw {errors} errors:\n{out.stdout}")
    return {"rps": int(requests) / (int(duration_us) / 1e6), "p95": float(p95_ms), "tool": "wrk"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--extra", type=int, default=1000, help="synthetic articles added to the demo KB")
    parser.add_argument("--workers", type=int, default=2)
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
    print(f"preparing database ({args.extra} extra articles) in {workdir} …", flush=True)
    prepare(env, args.extra)
    session_key = child(env, "session")
    urls = json.loads(child(env, "urls"))
    counts = json.loads(child(env, "queries", session_key, json.dumps(urls)))
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(args.workers), "--lifespan", "off", "--no-access-log",
         "--log-level", "warning"],
        env=env, cwd=ROOT,
    )
    try:
        wait_for(port)
        rows = []
        for name, url in urls.items():
            figures = latency(port, session_key, url, args.requests)
            rows.append((name, url, figures, counts[name]))
            print(f"{name:<16} c=1  p50 {figures['p50']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
                  f"max {figures['max']:6.1f} ms  queries {counts[name]}", flush=True)
        article_url = urls["AnswerPage"]
        measure = throughput_wrk if shutil.which("wrk") else throughput
        load = measure(port, session_key, article_url, 10, args.seconds)
        print(f"article page  c=10  {load['rps']:.0f} requests/s  p95 {load['p95']:.1f} ms  ({load['tool']})")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    if args.write:
        write_results(rows, load, args)


def write_results(rows, load, args):
    lines = [
        "## Pages (`bench/pages.py`)",
        "",
        f"uvicorn, {args.workers} workers, production settings (DEBUG off), SQLite, demo KB + {args.extra} "
        f"synthetic articles; logged-in CSR; {args.requests} sequential requests per page after 20 warm-up "
        f"requests; throughput over {args.seconds:.0f} s with 10 keep-alive connections ({load['tool']}). Run on "
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores. Targets: article p95 ≤ 30 ms, home p95 ≤ 50 ms, "
        "≤ 20 queries, article ≥ 100 requests/s at concurrency 10.",
        "",
        "| page | p50 ms | p95 ms | max ms | SQL queries |",
        "|---|---|---|---|---|",
    ]
    for name, _url, figures, count in rows:
        lines.append(f"| {name} | {figures['p50']:.1f} | {figures['p95']:.1f} | {figures['max']:.1f} | {count} |")
    lines += ["", f"Article page at concurrency 10: **{load['rps']:.0f} requests/s**, p95 {load['p95']:.1f} ms.", ""]
    replace_section(ROOT / "bench" / "RESULTS.md", "## Pages (`bench/pages.py`)", "\n".join(lines))


if __name__ == "__main__":
    main()
