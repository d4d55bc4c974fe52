#!/usr/bin/env python3
"""Check Sportello's text analysis (search/analysis.py) on a running Elasticsearch node.

    .venv/bin/python scripts/check_analysis.py [--url http://127.0.0.1:9200]

Creates a throw-away index with the analysis settings, runs `_analyze` on pairs of words that must meet
(a plural and its singular, an elided article and its noun, …), prints the tokens, deletes the index and
exits 1 if any pair does not meet. The URL defaults to $ELASTICSEARCH_URL. Needs only the standard
library, plus the elasticsearch package that search/analysis.py imports its DSL from.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search.analysis import fold, index_settings, normalise  # noqa: E402

ITALIAN, ENGLISH = "sportello_italian", "sportello_english"
PLAIN, SHINGLE, LOWERCASE = "sportello_plain", "sportello_shingle", "sportello_lowercase"


def identity(text):
    return text


# (what must hold, analyzer or normalizer, Python preparation, text, text or token it must share a token with)
CASES = [
    ("plural finds singular", ITALIAN, normalise, "fatture", "fattura"),
    ("participle forms meet", ITALIAN, normalise, "riconosciuti", "riconosciuto"),
    ("elided article stripped", ITALIAN, normalise, "l'offerta", "offerta"),
    ("typographic apostrophe, normalised", ITALIAN, normalise, "dell\u2019utenza", "utenza"),
    ("case", ITALIAN, normalise, "FATTURA", "fattura"),
    ("accents, folded field", PLAIN, fold, "perché", "perche"),
    ("accents and case, folded field", PLAIN, fold, "VELOCITA", "velocità"),
    ("elision of an unknown word, folded field", PLAIN, fold, "dall\u2019app", "app"),
    ("English plural", ENGLISH, normalise, "invoices", "invoice"),
    ("English British spelling", ENGLISH, normalise, "cancelled", "cancel"),
    ("English plural of a prefixed word", ENGLISH, normalise, "refunds", "refund"),
    ("shingles for the phrase suggester", SHINGLE, normalise, "Fattura non pagata", "fattura non"),
    ("lowercase normalizer for facets", LOWERCASE, identity, "Fibra FTTH", "fibra ftth"),
]

# What the node does without the Python normalisation: printed, not required.
NOTES = [
    ("typographic apostrophe, raw", ITALIAN, identity, "dell\u2019utenza"),
    ("accented stop word, stemmed field", ITALIAN, normalise, "perché"),
    ("elision of an unknown word, stemmed field", ITALIAN, normalise, "dall'app"),
]


class Node:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{method} {path}: HTTP {error.code}: {error.read().decode(errors='replace')}")
        except urllib.error.URLError as error:
            raise SystemExit(f"cannot reach Elasticsearch at {self.url}: {error.reason}")

    def tokens(self, index, name, text):
        kind = "normalizer" if name == LOWERCASE else "analyzer"
        answer = self.request("POST", f"/{index}/_analyze", {kind: name, "text": text})
        return [token["token"] for token in answer["tokens"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200"))
    args = parser.parse_args()
    node = Node(args.url)
    info = node.request("GET", "/_nodes?filter_path=**.version,**.modules.name")
    for details in info["nodes"].values():
        modules = ", ".join(module["name"] for module in details.get("modules", []))
        print(f"Elasticsearch {details['version']} at {node.url}; modules: {modules}")

    index = f"sportello-check-analysis-{uuid.uuid4().hex[:8]}"
    node.request("PUT", f"/{index}", {"settings": {"number_of_shards": 1, "number_of_replicas": 0, **index_settings()}})
    failures = 0
    try:
        for label, name, prepare, text, other in CASES:
            left, right = node.tokens(index, name, prepare(text)), node.tokens(index, name, prepare(other))
            ok = bool(set(left) & set(right))
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {label:44} {name:19} {text!r} → {left}  |  {other!r} → {right}")
        for label, name, prepare, text in NOTES:
            print(f"note {label:44} {name:19} {text!r} → {node.tokens(index, name, prepare(text))}")
    finally:
        node.request("DELETE", f"/{index}")
    print(f"{len(CASES) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
