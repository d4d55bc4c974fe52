"""The relevance harness: `make relevance` (or `python bench/relevance/run.py`).

Imports the evaluation KB (bench/relevance/kb/*.jsonl) into a database of its own, indexes it into the
real Elasticsearch node (ELASTICSEARCH_URL) under the prefix `relevance`, runs every judged query
(bench/relevance/queries/*.jsonl) through each engine as a CSR, and prints top-1, top-3, MRR@10 and the
zero-result rate per query class, engine and split (the tuning half, the held-out half, both).

Options:
  --engines sportello,naive,database   which engines to run (default: all three)
  --failures                           list the tuning half's misses (never the held-out half's)
  --floor bench/relevance/floor.json   exit 1 when a figure is below its floor (CI)
  --fresh                              re-import the KB even if a database for these files exists
  --database-url URL                   import into (once) and search this database instead of the SQLite
                                       file of var/relevance/, e.g. an empty PostgreSQL database: the
                                       `database` engine then measures the fallback as production runs it
  --json PATH                          write every figure as JSON as well
  --write                              record the table in bench/RESULTS.md

The held-out half is never listed query by query: tune on `--failures`, report on `heldout`.
"""

import argparse
import hashlib
import json
import os
import pathlib
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CLASSES = ("keyword", "customer", "english")
ENGINE_NAMES = ("sportello", "naive", "database")
ELASTICSEARCH_ENGINES = {"sportello", "naive"}  # the index is rebuilt only when one of them runs
SPLITS = ("tune", "heldout", "all")


def fingerprint():
    digest = hashlib.sha256()
    sources = [HERE / "kb", ROOT / "kb" / "migrations", ROOT / "search" / "migrations", ROOT / "search" / "thesaurus"]
    for path in sorted(path for folder in sources for path in folder.glob("*.*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def setup_django(fresh, database_url=None):
    sys.path.insert(0, str(ROOT))
    if database_url:
        # The KB is imported when the database holds none of it yet; --fresh does not empty it.
        database = database_url
        os.environ.pop("DATABASE_TEST_URL", None)
    else:
        (ROOT / "var" / "relevance").mkdir(parents=True, exist_ok=True)
        database = ROOT / "var" / "relevance" / f"kb-{fingerprint()}.sqlite3"
        if fresh and database.exists():
            database.unlink()
        database_url = f"sqlite:///{database}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings

    if not settings.ELASTICSEARCH_URL:
        sys.exit("relevance: ELASTICSEARCH_URL is not set; run `make relevance`, which starts a node.")
    settings.SEARCH_INDEX_PREFIX = "relevance"
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return database


def load_kb():
    from kb.importing import import_articles
    from kb.models import ArticlePage

    if ArticlePage.objects.exclude(external_id="").exists():
        return 0
    imported = 0
    for path in sorted((HERE / "kb").glob("*.jsonl")):
        with open(path, "rb") as handle:
            report = import_articles(handle)
        if report.failed:
            sys.exit(f"relevance: {path.name} has lines that do not import: {report.errors[:5]}")
        imported += report.created
    return imported


def index_kb():
    from search import indexing, reindex
    from search.indexing import KINDS

    indexing.ensure_indices()
    for kind in KINDS:
        reindex.rebuild(kind)


def csr():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(username="relevance-csr")
    if created:
        user.groups.add(Group.objects.get(name="CSR"))
    return user


def pooled_judgments():
    """{query id: {article: grade}} from the assessors' pass over the engines' pooled results (pool.py)."""
    judged = {}
    path = HERE / "judgments" / "pooled.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                judged.setdefault(record["query_id"], {})[record["article"]] = record["grade"]
    return judged


def read_queries(known_ids):
    """Every judged query whose answer is in the imported KB (validate.py makes that all of them), with
    the pooled judgments added; the writers' own judgments stand where both exist."""
    from metrics import split_of

    pooled = pooled_judgments()
    queries = []
    for path in sorted((HERE / "queries").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                record["split"] = split_of(record["id"])
                extra = {article: grade for article, grade in pooled.get(record["id"], {}).items() if grade}
                record["relevant"] = {**extra, **record["relevant"]}
                if all(external_id in known_ids for external_id in record["relevant"]):
                    queries.append(record)
    return queries


def evaluate(engine, user, queries):
    from metrics import Outcome, first_answer_rank

    outcomes, misses = [], []
    for record in queries:
        ranked, total = engine(user, record["query"])
        rank = first_answer_rank(ranked, record["relevant"])
        outcomes.append(Outcome(record["id"], record["class"], record["split"], rank, total))
        if rank != 1:
            misses.append((record, rank, ranked[:3]))
    return outcomes, misses


def table(results):
    from metrics import figures

    report = {}
    lines = []
    header = f"{'split':8} {'class':9} {'engine':10} {'n':>4} {'top-1':>6} {'top-3':>6} {'MRR@10':>7} {'zero':>6}"
    lines.append(header)
    lines.append("-" * len(header))
    for split in SPLITS:
        for query_class in (*CLASSES, "overall"):
            for engine_name, outcomes in results.items():
                chosen = [
                    o for o in outcomes
                    if (split == "all" or o.split == split) and (query_class == "overall" or o.query_class == query_class)
                ]
                numbers = figures(chosen)
                report.setdefault(split, {}).setdefault(query_class, {})[engine_name] = numbers.as_dict()
                lines.append(
                    f"{split:8} {query_class:9} {engine_name:10} {numbers.queries:>4} {numbers.top1:>6.1f} "
                    f"{numbers.top3:>6.1f} {numbers.mrr:>7.3f} {numbers.zero:>6.1f}"
                )
        lines.append("")
    return "\n".join(lines), report


def record(report, articles, queries):
    sys.path.insert(0, str(ROOT / "bench"))
    from common import replace_section

    engines = list(next(iter(report["all"].values())))
    lines = [
        "## Relevance (`make relevance`)",
        "",
        f"{articles} articles, {len(queries)} judged queries (bench/relevance/README.md), on the real node; run on "
        f"{time.strftime('%Y-%m-%d')}. Held-out half first: it was never looked at query by query while tuning. "
        "Percentages: top-1, top-3, zero results; MRR@10 as a fraction.",
        "",
    ]
    for split in ("heldout", "tune", "all"):
        lines += [f"**{split}**", "", "| class | engine | n | top-1 | top-3 | MRR@10 | zero |", "|---|---|---|---|---|---|---|"]
        for query_class in (*CLASSES, "overall"):
            for engine in engines:
                f = report[split][query_class][engine]
                lines.append(f"| {query_class} | {engine} | {f['queries']} | {f['top1']} | {f['top3']} | {f['mrr']} | {f['zero']} |")
        lines.append("")
    replace_section(ROOT / "bench" / "RESULTS.md", "## Relevance (`make relevance`)", "\n".join(lines))


def below_floor(report, floor):
    """Every (split, class, engine, measure) whose figure is under its floor; zero rates are ceilings."""
    failures = []
    for split, classes in floor.items():
        for query_class, engines in classes.items():
            for engine_name, measures in engines.items():
                actual = report.get(split, {}).get(query_class, {}).get(engine_name)
                if actual is None:
                    failures.append(f"{split}/{query_class}/{engine_name}: not measured")
                    continue
                for measure, bound in measures.items():
                    value = actual[measure]
                    bad = value > bound if measure == "zero" else value < bound
                    if bad:
                        failures.append(f"{split}/{query_class}/{engine_name} {measure} = {value} (floor {bound})")
    return failures


def print_failures(misses, titles):
    print("Tuning half, answer not first:")
    for record, rank, top in misses:
        if record["split"] != "tune":
            continue
        expected = [titles.get(key, key) for key, grade in record["relevant"].items() if grade == 2]
        print(f"- [{record['class']}] {record['id']} {record['query']!r} rank={rank}")
        print(f"    want: {expected[0]}")
        for key in top:
            print(f"    got:  {titles.get(key, key)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default=",".join(ENGINE_NAMES))
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--floor")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--database-url")
    parser.add_argument("--json")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))

    started = time.monotonic()
    setup_django(args.fresh, args.database_url)
    imported = load_kb()
    engine_names = args.engines.split(",")
    if set(engine_names) & ELASTICSEARCH_ENGINES:
        index_kb()
    from engines import ENGINES, ExternalIds
    from kb.models import ArticlePage

    ids = ExternalIds()
    user = csr()
    queries = read_queries(set(ids.by_page.values()))
    print(f"relevance: {len(ids.by_page)} articles ({imported} imported now), {len(queries)} queries, "
          f"set up in {time.monotonic() - started:.0f} s")
    results, all_misses = {}, {}
    for name in engine_names:
        results[name], all_misses[name] = evaluate(ENGINES[name](ids), user, queries)
    text, report = table(results)
    print(text)
    if args.failures:
        titles = dict(ArticlePage.objects.exclude(external_id="").values_list("external_id", "title"))
        print_failures(all_misses.get("sportello", next(iter(all_misses.values()))), titles)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(report, indent=2))
    if args.write:
        record(report, len(ids.by_page), queries)
    if args.floor:
        failures = below_floor(report, json.loads(pathlib.Path(args.floor).read_text()))
        for failure in failures:
            print(f"BELOW FLOOR: {failure}")
        if failures:
            return 1
        print("relevance: every figure at or above its floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
