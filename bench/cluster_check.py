"""`make cluster-check`: Sportello on a 3-node Elasticsearch cluster survives losing a node.

Starts three nodes from the distribution `scripts/elasticsearch.sh fetch` keeps in the cache (HTTP on
--http-ports, transport on --transport-ports, all on loopback, each with its own data directory and a
320 MB heap, as the user sportello-es when run as root), a throw-away SQLite database with the demo KB and
--questions generated questions, and points Sportello at all three nodes (ELASTICSEARCH_URL with three
addresses) with one replica per index (SEARCH_INDEX_REPLICAS=1). Then, with searches running through the
search service in two threads all along:

1. searches: the node holding the article index's primary is killed (SIGKILL) while operators search and
   while new questions are saved and indexed through the outbox; then it is started again;
2. rebuild: `manage.py search_index rebuild` runs, and the node holding the primary of the question index
   being filled is killed half-way; then it is started again.

Passes when no search failed or fell back to the database, every search found what it found before the
node died, the rebuild exited 0, and after each phase every index equals the database
(`search_index check`) with as many documents as the database has. Prints the figures; --write records
them in bench/RESULTS.md. About 3-5 minutes on 2 cores.

    .venv/bin/python bench/cluster_check.py [--questions 10000] [--write]
"""

import argparse
import datetime
import logging
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

from common import percentile, replace_section  # noqa: E402
from services import ElasticsearchCluster, http_json  # noqa: E402

HEADING = "## Elasticsearch cluster (`make cluster-check`)"
QUERIES = ["rimborso", "disdetta contratto", "fibra lenta", "portabilità numero", "modem non si accende",
           "roaming estero", "fattura doppia", "ricarica non arrivata", "sim bloccata puk", "copertura 5g"]
WORDS = ("fibra modem router bolletta fattura rimborso disdetta recesso portabilità sim esim puk ricarica roaming "
         "giga copertura guasto disservizio reclamo trasloco subentro voltura addebito canone offerta").split()


def configure_environment(workdir, url):
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{workdir / 'cluster.sqlite3'}",
        "ELASTICSEARCH_URL": url,
        "SEARCH_INDEX_REPLICAS": "1",
        "SEARCH_INDEX_PREFIX": "cluster-check",
        # Two threads searching as one operator, back to back, are far over the per-user rate
        # (search/throttle.py): every search would answer "throttled" in no time and test nothing.
        "SEARCH_RATE_PER_MINUTE": "0",
    })
    for name in ("DEBUG", "REDIS_URL"):
        os.environ.pop(name, None)


def manage(*args, **kwargs):
    out = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, capture_output=True, text=True,
                         **kwargs)
    if out.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")
    return out.stdout


def generated_questions(count):
    """`count` questions in the all-operators space, written straight to the table (the rebuild reads it)."""
    import random

    from django.contrib.auth import get_user_model

    from collaboration.models import Question, Space

    space = Space.objects.get(kind=Space.Kind.ALL_OPERATORS)
    author = get_user_model().objects.get(username="operatore")
    rng = random.Random(14)
    questions = []
    for number in range(count):
        words = rng.sample(WORDS, 6)
        body = f"Cliente chiede di {' '.join(words)} (caso {number})."
        questions.append(Question(space=space, author=author, title=f"Domanda su {' '.join(words[:3])} {number}",
                                  body=body, body_html=f"<p>{body}</p>"))
    Question.objects.bulk_create(questions, batch_size=1000)


class Searchers:
    """Operators searching through the search service, in threads, until stopped."""

    def __init__(self, threads=2):
        from django.contrib.auth import get_user_model

        self.user = get_user_model().objects.get(username="operatore")
        self.threads, self.stop_event = threads, threading.Event()
        self.records = []  # (started, query, engine, message, total, seconds, error)
        self.expected = {}
        self.workers = []

    def search(self, query):
        from django.db import close_old_connections

        from search import service

        started = time.monotonic()
        try:
            response = service.search(self.user, query)
            return (started, query, response.engine, response.message, response.total,
                    time.monotonic() - started, "")
        except Exception as error:  # noqa: BLE001  (every failure a user would see is counted)
            return started, query, "", "", 0, time.monotonic() - started, f"{type(error).__name__}: {error}"[:200]
        finally:
            close_old_connections()

    def learn_expected(self):
        """What each query finds on the healthy cluster: the same must be found with a node down."""
        for query in QUERIES:
            for _attempt in range(10):  # a search over its time limit on a busy machine falls back: ask again
                _started, _query, engine, message, total, _seconds, _error = self.search(query)
                if engine == "elasticsearch" and not message:
                    self.expected[query] = total
                    break
            else:
                raise SystemExit(f"{query!r} never answered from Elasticsearch on the healthy cluster")

    def loop(self, offset):
        number = offset
        while not self.stop_event.is_set():
            self.records.append(self.search(QUERIES[number % len(QUERIES)]))
            number += 1

    def start(self):
        self.stop_event.clear()
        self.workers = [threading.Thread(target=self.loop, args=(n * 3,)) for n in range(self.threads)]
        for worker in self.workers:
            worker.start()

    def stop(self):
        self.stop_event.set()
        for worker in self.workers:
            worker.join()
        records, self.records = self.records, []
        return records

    def failures(self, records):
        reasons = Counter()
        for _started, query, engine, message, total, _seconds, error in records:
            if error:
                reasons[error] += 1
            elif engine != "elasticsearch" or message:
                reasons[f"answered by {engine} ({message})"] += 1
            elif total != self.expected[query]:
                reasons[f"{query!r} found {total}, {self.expected[query]} before"] += 1
        return reasons


def primary_holder(cluster, index_pattern):
    """The node holding the primary of the newest index matching the pattern (and the index's name)."""
    node = cluster.alive()[0]
    shards = http_json(f"{node.url}/_cat/shards/{index_pattern}?format=json&h=index,prirep,node,state")
    primaries = sorted((shard["index"], shard["node"]) for shard in shards if shard["prirep"] == "p" and shard["node"])
    index, name = primaries[-1]
    return cluster.node(name), index


def index_equals_database():
    """(in sync?, {kind: (documents in the index, in the database, differences)})"""
    from search import reindex
    from search.client import get_client
    from search.indexing import KINDS, alias

    client, figures = get_client(), {}
    for kind in KINDS:
        client.indices.refresh(index=alias(kind))
        difference = reindex.check(kind)
        problems = len(difference.missing) + len(difference.extra) + len(difference.stale)
        figures[kind] = (client.count(index=alias(kind))["count"], len(KINDS[kind].versions()), problems)
    return all(indexed == expected and not problems for indexed, expected, problems in figures.values()), figures


def save_questions_while_degraded(count):
    """New questions saved through the ORM (signals queue them in the outbox), then the outbox applied."""
    from django.contrib.auth import get_user_model

    from collaboration.models import Question, Space
    from search import outbox

    space = Space.objects.get(kind=Space.Kind.ALL_OPERATORS)
    author = get_user_model().objects.get(username="operatore2")
    for number in range(count):
        Question.objects.create(space=space, author=author, title=f"Nodo spento, domanda {number}",
                                body="Salvata mentre un nodo era spento.", body_html="<p>Salvata.</p>")
    return outbox.process_all()


def phase_searches(cluster, searchers, seconds):
    victim, index = primary_holder(cluster, "cluster-check-article-*")
    searchers.start()
    time.sleep(seconds / 3)
    killed_at = time.monotonic()
    victim.kill()
    applied, postponed = save_questions_while_degraded(50)
    time.sleep(seconds * 2 / 3)
    records = searchers.stop()
    after = [record for record in records if record[0] >= killed_at]
    in_sync, figures = index_equals_database()
    result = {"victim": victim.name, "index": index, "records": records, "after": after,
              "failures": searchers.failures(records), "indexed_while_down": (applied, postponed),
              "in_sync_degraded": in_sync, "figures_degraded": figures}
    cluster.start([victim])
    result["in_sync"], result["figures"] = index_equals_database()
    return result


def phase_rebuild(cluster, searchers):
    command = [sys.executable, "-u", str(ROOT / "manage.py"), "search_index", "rebuild"]
    searchers.start()
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               bufsize=1)
    output, victim, index, killed_after, total = [], None, None, None, None
    buffer = ""
    while True:
        char = process.stdout.read(1)
        if not char:
            break
        if char not in "\r\n":
            buffer += char
            continue
        line, buffer = buffer, ""
        output.append(line)
        progress = re.match(r"question \[[#.]+\] (\d+)/(\d+)", line)
        if progress and victim is None and 0 < int(progress.group(1)) < int(progress.group(2)):
            victim, index = primary_holder(cluster, "cluster-check-question-*")
            victim.kill()
            killed_after, total = int(progress.group(1)), int(progress.group(2))
    returncode = process.wait()
    records = searchers.stop()
    result = {"returncode": returncode, "seconds": time.monotonic() - started, "victim": victim and victim.name,
              "index": index, "killed_after": killed_after, "total": total,
              "output": [line for line in output if "alias switched" in line or "rror" in line],
              "records": records, "failures": searchers.failures(records)}
    result["in_sync_degraded"], result["figures_degraded"] = index_equals_database()
    if victim:
        cluster.start([victim])
    result["in_sync"], result["figures"] = index_equals_database()
    return result


def latency_line(records):
    seconds = [record[5] * 1000 for record in records]
    if not seconds:
        return "no searches"
    return (f"{len(seconds)} searches, p50 {percentile(seconds, 0.5):.0f} ms, p95 {percentile(seconds, 0.95):.0f} ms, "
            f"max {max(seconds):.0f} ms")


def verdict(ok):
    return "ok" if ok else "FAILED"


def report(searches, rebuild):
    checks = [
        ("searches while a node was killed: none failed or fell back", not searches["failures"]),
        ("questions saved while the node was down were indexed", searches["indexed_while_down"][1] == 0),
        ("index equals the database with the node down (searches phase)", searches["in_sync_degraded"]),
        ("index equals the database after the node rejoined (searches phase)", searches["in_sync"]),
        ("rebuild exited 0 with a node killed half-way", rebuild["returncode"] == 0 and rebuild["victim"]),
        ("searches during the rebuild: none failed or fell back", not rebuild["failures"]),
        ("index equals the database after the rebuild, node down", rebuild["in_sync_degraded"]),
        ("index equals the database after the node rejoined (rebuild phase)", rebuild["in_sync"]),
    ]
    lines = [
        f"Phase 1, searches: killed {searches['victim']} (primary of {searches['index']}); "
        f"{latency_line(searches['records'])}; after the kill: {latency_line(searches['after'])}; "
        f"50 questions saved with the node down, outbox applied {searches['indexed_while_down'][0]}, "
        f"postponed {searches['indexed_while_down'][1]}.",
        f"Phase 2, rebuild: killed {rebuild['victim']} (primary of {rebuild['index']}) after "
        f"{rebuild['killed_after']}/{rebuild['total']} questions; rebuild exit {rebuild['returncode']} in "
        f"{rebuild['seconds']:.0f} s; searches meanwhile: {latency_line(rebuild['records'])}.",
    ]
    for phase in (searches, rebuild):
        for reason, count in phase["failures"].most_common(10):
            lines.append(f"  failure x{count}: {reason}")
    table = ["| kind | documents in the index | in the database | differences |", "|---|---|---|---|"]
    table += [f"| {kind} | {indexed} | {expected} | {problems} |"
              for kind, (indexed, expected, problems) in rebuild["figures"].items()]
    return checks, lines, table


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--http-ports", default="9281,9282,9283")
    parser.add_argument("--transport-ports", default="9381,9382,9383")
    parser.add_argument("--questions", type=int, default=10000, help="generated questions, so the rebuild lasts")
    parser.add_argument("--search-seconds", type=int, default=30)
    parser.add_argument("--write", action="store_true", help="record the figures in bench/RESULTS.md")
    args = parser.parse_args()
    http_ports = [int(port) for port in args.http_ports.split(",")]
    transport_ports = [int(port) for port in args.transport_ports.split(",")]

    workdir = Path(tempfile.mkdtemp(prefix="sportello-cluster-"))
    os.chmod(workdir, 0o755)  # the nodes run as sportello-es when this runs as root
    cluster = ElasticsearchCluster(workdir / "es", http_ports, transport_ports)
    try:
        print(f"starting 3 Elasticsearch nodes ({cluster.url}) …", flush=True)
        started = time.monotonic()
        cluster.start()
        print(f"cluster green after {time.monotonic() - started:.0f} s", flush=True)
        configure_environment(workdir, cluster.url)
        print(f"demo KB and {args.questions} questions in {workdir} …", flush=True)
        manage("migrate", "--noinput", "-v0")
        manage("load_demo_data", "--quiet-logins")
        import django

        django.setup()
        # Each retry on another node is logged with its traceback; the figures say what users saw.
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)
        generated_questions(args.questions)
        manage("search_index", "rebuild")
        searchers = Searchers()
        searchers.learn_expected()
        print("phase 1: a node killed during searches …", flush=True)
        searches = phase_searches(cluster, searchers, args.search_seconds)
        print("phase 2: a node killed during `search_index rebuild` …", flush=True)
        rebuild = phase_rebuild(cluster, searchers)
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    checks, lines, table = report(searches, rebuild)
    print("\n".join(lines + [""] + table + [""]))
    for label, ok in checks:
        print(f"[{verdict(ok)}] {label}")
    if args.write:
        write_results(checks, lines, table, args)
    return 0 if all(ok for _label, ok in checks) else 1


def write_results(checks, lines, table, args):
    text = [
        HEADING,
        "",
        f"Three Elasticsearch 8.19 nodes (320 MB heap each) on one machine, every index with one replica, "
        f"ELASTICSEARCH_URL listing the three nodes; SQLite, demo KB plus {args.questions} generated questions; "
        f"two threads searching through the search service throughout. Run on {datetime.date.today()}, "
        "2 cores shared with other engineers' test runs.",
        "",
        *[f"- {line}" if not line.startswith("  ") else f"  {line.strip()}" for line in lines],
        "",
        "After the rebuild and the node's return:",
        "",
        *table,
        "",
        *[f"- {verdict(ok)}: {label}" for label, ok in checks],
    ]
    replace_section(ROOT / "bench" / "RESULTS.md", HEADING, "\n".join(text) + "\n")


if __name__ == "__main__":
    sys.exit(main())
