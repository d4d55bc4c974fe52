"""Ranking measures of the relevance harness, kept free of Django so they are easy to check by hand.

A query's `rank` is the 1-based position of the first article judged 2 (the answer) in the first ten
results, or None when the answer is not among them. top-1, top-3 and MRR@10 follow the usual TREC
definitions on that rank; `zero` is a query that returned no result at all.
"""

import hashlib
from dataclasses import dataclass

CUTOFF = 10


def split_of(query_id):
    """'tune' or 'heldout', fixed by the query's id alone: nobody chooses which half a query lands in."""
    return "tune" if int(hashlib.sha1(query_id.encode()).hexdigest(), 16) % 2 == 0 else "heldout"


def first_answer_rank(ranked_ids, relevant):
    for position, external_id in enumerate(ranked_ids[:CUTOFF], start=1):
        if relevant.get(external_id) == 2:
            return position
    return None


@dataclass
class Outcome:
    query_id: str
    query_class: str
    split: str
    rank: int | None
    total: int


@dataclass
class Figures:
    queries: int
    top1: float
    top3: float
    mrr: float
    zero: float

    def as_dict(self):
        return {"queries": self.queries, "top1": self.top1, "top3": self.top3, "mrr": self.mrr, "zero": self.zero}


def figures(outcomes):
    """Percentages (top-1, top-3, zero-result rate) and MRR@10 over `outcomes`."""
    count = len(outcomes)
    if not count:
        return Figures(0, 0.0, 0.0, 0.0, 0.0)
    ranks = [outcome.rank for outcome in outcomes]
    return Figures(
        queries=count,
        top1=round(100 * sum(rank == 1 for rank in ranks) / count, 1),
        top3=round(100 * sum(rank is not None and rank <= 3 for rank in ranks) / count, 1),
        mrr=round(sum(1 / rank for rank in ranks if rank) / count, 3),
        zero=round(100 * sum(outcome.total == 0 for outcome in outcomes) / count, 1),
    )
