"""Pooling, as TREC does it: the unjudged articles the engines rank in their top 3, for an assessor.

    python bench/relevance/pool.py OUT.jsonl [ENGINE,ENGINE]

Writes one line per (query, article) that no judgment covers yet, with the query and the article's
text, in an order that does not say which engine found it. An assessor who sees neither the code nor
the engines grades each (0, 1, 2) into `judgments/pooled.jsonl`, which `run.py` adds to the queries'
own judgments. Unjudged articles are otherwise counted as wrong, which penalises an engine for
finding a second article that answers as well as the judged one (two areas' writers each wrote one on
moving house, for instance).
"""

import json
import pathlib
import random
import sys

import run

DEPTH = 3


def main(out, engines):
    run.setup_django(False)
    run.load_kb()
    run.index_kb()
    from engines import ENGINES, ExternalIds
    from kb.models import ArticlePage

    ids = ExternalIds()
    user = run.csr()
    queries = run.read_queries(set(ids.by_page.values()))
    judged = run.pooled_judgments()
    pages = {page.external_id: page.specific for page in ArticlePage.objects.exclude(external_id="")}
    pool, lines = {}, []
    instances = {name: ENGINES[name](ids) for name in engines}
    for record in queries:
        known = set(record["relevant"]) | set(judged.get(record["id"], {}))
        for name, engine in instances.items():
            ranked, _total = engine(user, record["query"])
            for external_id in ranked[:DEPTH]:
                if external_id in pages and external_id not in known:
                    pool.setdefault((record["id"], external_id), record)
    for (query_id, external_id), record in pool.items():
        page = pages[external_id]
        answers = [external_id for external_id, grade in record["relevant"].items() if grade == 2]
        lines.append({
            "query_id": query_id, "query": record["query"], "article": external_id,
            "title": page.title, "summary": page.summary, "type": page.type_code,
            "text": " ".join(run_text(page))[:1500],
            "judged_answer_title": pages[answers[0]].title if answers and answers[0] in pages else "",
        })
    random.Random(7).shuffle(lines)
    with open(out, "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{len(lines)} unjudged (query, article) pairs from the top {DEPTH} of {', '.join(instances)}")


def run_text(page):
    from search.kinds import searchable_text

    return searchable_text(page, skip={"title"})


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    main(sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else ",".join(run.ENGINE_NAMES)).split(","))
