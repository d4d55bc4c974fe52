"""Content gaps from the search log: what operators look for and do not find, or find and do not open.

Counted on searches typed by people (the search page, the side panel and the API: search.search_log_index); the "similar questions" lookups made
while asking are left out. Queries are grouped by `SearchLog.term`: case and spacing do not matter.

Operators type customers' names and tax codes into search. A term is shown (on a page or in an export)
only once SEARCH_TERM_MIN_USERS different operators searched it (`shareable`), so no filter, however
narrow, shows what one person searched; totals and rates still count every search.
"""

from django.conf import settings
from django.db.models import Count, Q, Sum

from search.models import SearchLog
from search.search_log_index import TYPED_SOURCES


def searches(period, team=None):
    log = SearchLog.objects.filter(created_at__gte=period.start, created_at__lt=period.end, source__in=TYPED_SOURCES)
    if team is not None:
        log = log.filter(user__teams=team)
    return log.exclude(term="")


def by_term(period, team=None, limit=20):
    """[{"term", "searches", "no_result", "no_click", "clicked", "position_sum", "users"}] most searched
    first; every term if `limit` is None. One pass over the log: the dashboard derives every table and the
    rates from it. Pass the rows through `shareable` before showing a term."""
    rows = (
        searches(period, team).values("term")
        .annotate(
            searches=Count("pk"),
            no_result=Count("pk", filter=Q(result_count=0)),
            no_click=Count("pk", filter=Q(result_count__gt=0, first_click_position__isnull=True)),
            clicked=Count("first_click_position"),
            position_sum=Sum("first_click_position"),
            users=Count("user", distinct=True),
        )
        .order_by("-searches", "term")
    )
    return list(rows if limit is None else rows[:limit])


def min_users():
    return settings.SEARCH_TERM_MIN_USERS


def shareable(rows):
    """The rows whose term enough different operators searched to be shown to anyone."""
    return [row for row in rows if row["users"] >= min_users()]


def without_results(rows, limit=20):
    """Of `by_term(..., limit=None)` rows, the terms that found nothing, most searched first."""
    return [row for row in rows if row["no_result"]][:limit]


def without_clicks(rows, limit=20):
    return [row for row in rows if row["no_click"]][:limit]


def click_through(period, team=None, rows=None):
    """{"searches", "with_results", "clicked", "rate" (% of searches with results where a result was
    opened), "mean_position" (of the first result opened, 1 = top; None without clicks)}. Pass `rows`
    (every term, from `by_term`) to reuse them."""
    rows = by_term(period, team, limit=None) if rows is None else rows
    total = sum(row["searches"] for row in rows)
    with_results = total - sum(row["no_result"] for row in rows)
    clicked = sum(row["clicked"] for row in rows)
    positions = sum(row["position_sum"] or 0 for row in rows)
    return {
        "searches": total, "with_results": with_results, "clicked": clicked,
        "rate": round(100 * clicked / with_results, 1) if with_results else 0.0,
        "mean_position": round(positions / clicked, 2) if clicked else None,
    }
