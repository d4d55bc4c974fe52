"""Benchmark: what Sportello's Elasticsearch requests cost, this code against an earlier commit, side by side.

The machine is shared, so two runs minutes apart do not compare; this runs both versions in one process,
against the same node and the same indices, taking turns query by query (the order flipped every round).
The earlier version is search/queries.py and search/backends/elasticsearch.py as they were at --against
(default: the merge base with `main`), loaded from git next to the current ones; everything else is shared.

For every query (bench/search.py's keywords with typos and elisions, its customers' messages, the same with
a facet filter and on page 2; with --relevance the judged queries of bench/relevance):
1. both versions must give the same answer: hits in the same order with the same scores, snippets, marked
   words, total, facets and "did you mean" (any difference is listed and the exit status is 1);
2. each is timed --rounds times: wall time of the backend's search (building the body, every round trip,
   reading the answer) and the sum of Elasticsearch's `took` over its round trips.
Search-as-you-type (bench/search.py's prefixes) is compared and timed the same way.

    scripts/with-elasticsearch.sh .venv/bin/python bench/search_cost.py [--documents 50000] [--rounds 30]
    .venv/bin/python bench/search_cost.py --relevance   # on `make relevance`'s KB and index (run it first)

Needs ELASTICSEARCH_URL. Loads its own corpus into indices of its own prefix and deletes them at the end,
unless --relevance (which reads the `relevance` indices) or --prefix (the indices of that prefix).
"""

import argparse
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

from common import percentile, production_django  # noqa: E402


def search_bench():
    """bench/search.py, imported under another name (`search` is the app)."""
    spec = importlib.util.spec_from_file_location("search_bench", ROOT / "bench" / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def module_at(revision, path, name):
    source = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=ROOT, check=True, capture_output=True,
                            text=True).stdout
    module = types.ModuleType(name)
    module.__file__ = f"{revision}:{path}"
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def backend_at(revision):
    """The Elasticsearch backend class of `revision`, with that revision's query builder."""
    queries = module_at(revision, "search/queries.py", "queries_before")
    backend = module_at(revision, "search/backends/elasticsearch.py", "elasticsearch_before")
    backend.queries = queries
    return backend


class TookRecorder:
    """The client, adding up Elasticsearch's own `took` of every search and msearch sent through it."""

    def __init__(self, client):
        self.client, self.took = client, 0

    def search(self, **kwargs):
        response = self.client.search(**kwargs)
        self.took += response["took"]
        return response

    def msearch(self, **kwargs):
        response = self.client.msearch(**kwargs)
        self.took += response["took"]
        return response


class Version:
    def __init__(self, label, module):
        from search.client import get_client

        self.label, self.module = label, module
        self.recorder = TookRecorder(get_client())
        module.get_client = lambda: self.recorder
        self.backend = module.ElasticsearchBackend()
        self.samples = {}

    def call(self, case):
        kind, args = case
        if kind == "suggest":
            return self.backend.suggest(None, *args)
        return self.backend.search(None, *args)

    def timed(self, name, case):
        self.recorder.took = 0
        started = time.perf_counter()
        self.call(case)
        wall = (time.perf_counter() - started) * 1000
        walls, tooks = self.samples.setdefault(name, ([], []))
        walls.append(wall)
        tooks.append(self.recorder.took)


def comparable(answer):
    if isinstance(answer, list):
        return answer
    data = answer.__dict__ | {"results": [hit.__dict__ for hit in answer.results]}
    data.pop("took_ms")
    return data


def differences(before, after, cases):
    found = []
    for name, group in cases.items():
        for case in group:
            old, new = comparable(before.call(case)), comparable(after.call(case))
            if old != new:
                keys = [key for key in set(old) | set(new) if old.get(key) != new.get(key)] if isinstance(old, dict) else ["suggestions"]
                found.append(f"{name} {case[1][0]!r}: differs in {sorted(keys)}")
    return found


def cases_for(queries, messages, prefixes, acl):
    search = lambda text, filters=None, page=1, size=10: ("search", (text, filters or {}, page, size, acl))  # noqa: E731
    return {
        "keywords": [search(query) for query in queries],
        "keywords, filtered": [search(query, {"type": "answer"}) for query in queries[::3]],
        "keywords, page 2": [search(query, page=2) for query in queries[1::3]],
        "messages": [search(message) for message in messages],
        "suggest": [("suggest", (prefix, acl, 8)) for prefix in prefixes],
    }


def relevance_queries():
    texts = {"keyword": [], "customer": [], "english": []}
    for path in sorted((ROOT / "bench" / "relevance" / "queries").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts[record["class"]].append(record["query"])
    return texts["keyword"] + texts["english"], texts["customer"]


def summary(samples):
    return statistics.median(samples), percentile(samples, 0.95)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default=None, help="git revision to compare with (default: merge base with main)")
    parser.add_argument("--documents", type=int, default=50000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--relevance", action="store_true", help="use bench/relevance's KB, index and queries")
    parser.add_argument("--prefix", help="search the indices of this prefix as they are instead of loading a corpus")
    args = parser.parse_args()
    revision = args.against or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True,
                                              capture_output=True, text=True).stdout.strip()
    bench = search_bench()
    if args.relevance:
        sys.path.insert(0, str(ROOT / "bench" / "relevance"))
        import run as relevance

        relevance.setup_django(fresh=False)
        workdir = None
        queries, messages = relevance_queries()
    else:
        workdir, prefix, _env = production_django("search-cost")
        if args.prefix:
            from django.conf import settings

            settings.SEARCH_INDEX_PREFIX = prefix = args.prefix
        else:
            print(f"making and indexing {args.documents} synthetic documents into {prefix}-article …", flush=True)
            bench.load_corpus(args.documents)
        queries, messages = bench.QUERIES, bench.MESSAGES

    from search.backends import elasticsearch as current
    from search.client import get_client
    from search.documents import ALL_READERS

    try:
        before, after = Version(f"at {revision[:10]}", backend_at(revision)), Version("this code", current)
        cases = cases_for(queries, messages, bench.PREFIXES, {ALL_READERS})
        found = differences(before, after, cases)
        for number in range(args.rounds):
            for name, group in cases.items():
                for index, case in enumerate(group):
                    # Turns alternate query by query and round by round: neither goes first more often.
                    for version in ([before, after] if (number + index) % 2 else [after, before]):
                        version.timed(name, case)
    finally:
        if workdir is not None:
            if not args.prefix:
                get_client().indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{args.rounds} rounds, {'the relevance KB' if args.relevance else args.prefix or f'{args.documents} synthetic documents'}; "
          f"before = {before.label}, after = {after.label}; ms, p50 / p95")
    print(f"{'':22} {'wall before':>15} {'wall after':>15} {'took before':>15} {'took after':>15}")
    for name in cases:
        figures = [summary(version.samples[name][index]) for index in (0, 1) for version in (before, after)]
        print(f"{name:22} " + " ".join(f"{p50:6.1f} / {p95:6.1f}" for p50, p95 in figures))
    if found:
        print(f"{len(found)} answers differ:")
        print("\n".join(found))
        sys.exit(1)
    print("every answer identical (hits, order, scores, snippets, marked words, total, facets, did you mean)")


if __name__ == "__main__":
    main()
