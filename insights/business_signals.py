"""Signals to the business: per business function (the responsible group the impact table routed them to),
what it received in the period (questions, market needs, and the other signals: article reports,
emerging problems, search gaps), how fast it acted against its SLAs, how much went back to the front line
with an answer or a decision, and how old its oldest open item is. Only what the viewer may read counts.

One figure, one function: the within-SLA share of questions is qa_health's definition (first answer at or
before the first-response due time), a need's decision is on time when decided at or before its due time,
a signal's first action likewise. A signal has no channel, team or product: filtering by one leaves
signals out.
"""

import statistics

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from collaboration import access
from collaboration.actions.contributions import DECISIONS
from collaboration.models import EventKind, Question
from insights import qa_health
from insights.qa_health import share


def routed_needs(viewer, period, team=None, product=None, channel=""):
    needs = access.visible_needs(viewer).filter(
        created_at__gte=period.start, created_at__lt=period.end, responsible_group__isnull=False
    )
    if team is not None:
        needs = needs.filter(author__teams=team)
    if product is not None:
        needs = needs.filter(product=product)
    if channel:
        needs = needs.filter(channel=channel)
    return needs


def routed_signals(viewer, period, team=None, product=None, channel=""):
    if team is not None or product is not None or channel:
        return access.visible_signals(viewer).none()
    return access.visible_signals(viewer).filter(
        created_at__gte=period.start, created_at__lt=period.end, responsible_group__isnull=False
    )


def per_function(viewer, period, team=None, product=None, channel="", now=None):
    """One row per responsible group, by name: received, first answers within SLA (%), decisions within SLA
    (%), median hours to a decision, closed with an answer or decision sent back (%), oldest open (days)."""
    now = now or timezone.now()
    found = qa_health.questions(viewer, period, team, product, channel).filter(responsible_group__isnull=False)
    asked = found.values("responsible_group__name").annotate(
        received=Count("pk"),
        with_sla=Count("pk", filter=Q(first_response_due__isnull=False)),
        within_sla=Count("pk", filter=Q(first_response_due__isnull=False, first_response_at__lte=F("first_response_due"))),
        closed=Count("pk", filter=Q(resolved_at__isnull=False) | Q(status=Question.Status.ANSWERED)),
        oldest_open=Min("created_at", filter=Q(status=Question.Status.OPEN, resolved_at__isnull=True)),
    )
    needs = routed_needs(viewer, period, team, product, channel)
    flagged = needs.values("responsible_group__name").annotate(
        received=Count("pk"),
        decided=Count("pk", filter=Q(status__in=DECISIONS)),
        decided_in_sla=Count("pk", filter=Q(status__in=DECISIONS, decided_at__lte=F("decision_due"))),
        oldest_open=Min("created_at", filter=~Q(status__in=DECISIONS)),
    )
    raised = routed_signals(viewer, period, team, product, channel).values("responsible_group__name").annotate(
        received=Count("pk"),
        with_sla=Count("pk", filter=Q(first_response_due__isnull=False)),
        within_sla=Count("pk", filter=Q(first_response_due__isnull=False, first_action_at__lte=F("first_response_due"))),
        closed=Count("pk", filter=Q(closed_at__isnull=False)),
        oldest_open=Min("created_at", filter=Q(closed_at__isnull=True)),
    )
    hours = {}
    for group, created, decided in needs.filter(decided_at__isnull=False).values_list(
        "responsible_group__name", "created_at", "decided_at"
    ):
        hours.setdefault(group, []).append((decided - created).total_seconds() / 3600)

    groups = {}
    for row in asked:
        groups.setdefault(row["responsible_group__name"], {})["questions"] = row
    for row in flagged:
        groups.setdefault(row["responsible_group__name"], {})["needs"] = row
    for row in raised:
        groups.setdefault(row["responsible_group__name"], {})["signals"] = row
    empty = {"received": 0, "with_sla": 0, "within_sla": 0, "closed": 0, "decided": 0, "decided_in_sla": 0, "oldest_open": None}
    rows = []
    for name in sorted(groups):
        q, n, s = (groups[name].get(part, empty) for part in ("questions", "needs", "signals"))
        oldest = min((when for when in (q["oldest_open"], n["oldest_open"], s["oldest_open"]) if when), default=None)
        received = q["received"] + n["received"] + s["received"]
        rows.append({
            "function": name,
            "received": received,
            "first_answer_within_sla": share(q["within_sla"] + s["within_sla"], q["with_sla"] + s["with_sla"]),
            "decisions_within_sla": share(n["decided_in_sla"], n["decided"]),
            "median_hours_to_decision": round(statistics.median(hours[name]), 1) if name in hours else None,
            "closed_with_answer": share(q["closed"] + n["decided"] + s["closed"], received),
            "oldest_open_days": (now - oldest).days if oldest else None,
        })
    return rows


def signals_per_kind(viewer, period, team=None, product=None, channel="", now=None):
    """The signals other than questions and needs, per function and event kind: received, first actions
    within SLA (%), closed with an outcome (%), oldest open (days)."""
    now = now or timezone.now()
    rows = routed_signals(viewer, period, team, product, channel).values("responsible_group__name", "kind").annotate(
        received=Count("pk"),
        with_sla=Count("pk", filter=Q(first_response_due__isnull=False)),
        within_sla=Count("pk", filter=Q(first_response_due__isnull=False, first_action_at__lte=F("first_response_due"))),
        closed=Count("pk", filter=Q(closed_at__isnull=False)),
        oldest_open=Min("created_at", filter=Q(closed_at__isnull=True)),
    ).order_by("responsible_group__name", "kind")
    return [{
        "function": row["responsible_group__name"],
        "kind": str(EventKind(row["kind"]).label),
        "received": row["received"],
        "first_action_within_sla": share(row["within_sla"], row["with_sla"]),
        "closed_with_outcome": share(row["closed"], row["received"]),
        "oldest_open_days": (now - row["oldest_open"]).days if row["oldest_open"] else None,
    } for row in rows]
