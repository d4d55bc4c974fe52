"""Checks the evaluation set's files before anything is imported: `python bench/relevance/validate.py`.

kb/*.jsonl are import_kb lines (README.md, "Importing articles"); queries/*.jsonl are judged queries:
{"id": "...", "class": "keyword"|"customer"|"english", "query": "...", "relevant": {"EXT-ID": 2, ...}}
Grade 2: the article that answers the query (what must come first); grade 1: useful, not the answer.
Exits 1 and lists every problem found.
"""

import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
REQUIRED = {
    "offer": ("offer_code", "eligibility"),
    "defect": ("symptoms",),
    "crisis": ("severity", "what_to_say"),
    "answer": ("customer_question", "approved_answer"),
}
CLASSES = ("keyword", "customer", "english")


def read_lines(path, problems):
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{path.name}:{number}: not JSON ({error.msg})")
            continue
        records.append((number, record))
    return records


def check_articles(problems):
    ids = {}
    for path in sorted((HERE / "kb").glob("*.jsonl")):
        for number, record in read_lines(path, problems):
            where = f"{path.name}:{number}"
            external_id, kind = record.get("external_id"), record.get("type")
            if not external_id or not record.get("title"):
                problems.append(f"{where}: external_id and title are required")
            if external_id in ids:
                problems.append(f"{where}: external_id {external_id} already in {ids[external_id]}")
            ids[external_id] = where
            if kind not in REQUIRED:
                problems.append(f"{where}: type must be one of {', '.join(REQUIRED)}")
                continue
            for name in REQUIRED[kind]:
                if not record.get(name):
                    problems.append(f"{where}: a {kind} needs {name}")
            for name in ("regions", "services", "summary", "body"):
                if name in record and not isinstance(record[name], str):
                    problems.append(f"{where}: {name} must be a string")
            for price in record.get("prices") or []:
                if str(price.get("amount", "0")).startswith("-"):
                    problems.append(f"{where}: a price is zero or more (write a discount as its own label)")
            if record.get("language", "it") not in ("it", "en"):
                problems.append(f"{where}: language must be it or en")
    return ids


def check_queries(article_ids, problems):
    seen = set()
    count = 0
    for path in sorted((HERE / "queries").glob("*.jsonl")):
        for number, record in read_lines(path, problems):
            count += 1
            where = f"{path.name}:{number}"
            if record.get("id") in seen or not record.get("id"):
                problems.append(f"{where}: id missing or repeated")
            seen.add(record.get("id"))
            if record.get("class") not in CLASSES:
                problems.append(f"{where}: class must be one of {', '.join(CLASSES)}")
            text = record.get("query") or ""
            if not text.strip():
                problems.append(f"{where}: empty query")
            if record.get("class") == "customer" and not 10 <= len(text.split()) <= 40:
                problems.append(f"{where}: a customer's message has 10-40 words, this has {len(text.split())}")
            relevant = record.get("relevant") or {}
            if not any(grade == 2 for grade in relevant.values()):
                problems.append(f"{where}: no article judged 2 (the answer)")
            for external_id, grade in relevant.items():
                if external_id not in article_ids:
                    problems.append(f"{where}: judged article {external_id} is not in kb/")
                if grade not in (1, 2):
                    problems.append(f"{where}: grades are 1 or 2")
    return count


def check_pooled(article_ids, problems):
    """judgments/pooled.jsonl: {"query_id", "article", "grade": 0|1|2}, from the assessors (pool.py)."""
    path = HERE / "judgments" / "pooled.jsonl"
    if not path.exists():
        return 0
    records = read_lines(path, problems)
    for number, record in records:
        if record.get("article") not in article_ids or record.get("grade") not in (0, 1, 2):
            problems.append(f"pooled.jsonl:{number}: unknown article or grade not 0, 1 or 2")
    return len(records)


def main():
    problems = []
    article_ids = check_articles(problems)
    queries = check_queries(article_ids, problems)
    pooled = check_pooled(article_ids, problems)
    for problem in problems:
        print(problem)
    print(f"{len(article_ids)} articles, {queries} queries, {pooled} pooled judgments, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
