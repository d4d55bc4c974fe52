"""Content gaps from the search log: what operators look for and do not find, or find and do not open.

Counted on searches typed by people (the search page and the API); the "similar questions" lookups made
while asking are left out. Queries are grouped case- and space-insensitively.
"""

from django.db.models import Avg, Count, Exists, Min, OuterRef, Q
from django.db.models.functions import Lower, Trim

from search.models import SearchClick, SearchLog

TYPED_SOURCES = ["page", "api"]


def searches(period, team=None):
    log = SearchLog.objects.filter(created_at__gte=period.start, created_at__lt=period.end, source__in=TYPED_SOURCES)
    if team is not None:
        log = log.filter(user__teams=team)
    return log.exclude(query="").annotate(
        term=Lower(Trim("query")), clicked=Exists(SearchClick.objects.filter(search=OuterRef("pk")))
    )


def by_term(period, team=None, limit=20):
    """[{"term", "searches", "no_result", "no_click"}] most searched first."""
    rows = (
        searches(period, team).values("term")
        .annotate(
            searches=Count("pk"),
            no_result=Count("pk", filter=Q(result_count=0)),
            no_click=Count("pk", filter=Q(result_count__gt=0, clicked=False)),
        )
        .order_by("-searches", "term")
    )
    return list(rows[:limit])


def without_results(period, team=None, limit=20):
    return [row for row in by_term(period, team, limit=None) if row["no_result"]][:limit]


def without_clicks(period, team=None, limit=20):
    return [row for row in by_term(period, team, limit=None) if row["no_click"]][:limit]


def click_through(period, team=None):
    """{"searches", "with_results", "clicked", "rate" (% of searches with results that got a click),
    "mean_position" (of the first click, 1 = top; None without clicks)}."""
    log = searches(period, team)
    totals = log.aggregate(searches=Count("pk"), with_results=Count("pk", filter=Q(result_count__gt=0)))
    totals["clicked"] = log.filter(clicked=True).count()
    first_positions = SearchClick.objects.filter(search__in=log.values("pk")).values("search").annotate(first=Min("position"))
    mean = first_positions.aggregate(mean=Avg("first"))["mean"]
    rate = round(100 * totals["clicked"] / totals["with_results"], 1) if totals["with_results"] else 0.0
    return {**totals, "rate": rate, "mean_position": round(mean, 2) if mean is not None else None}

