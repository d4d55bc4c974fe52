"""The Social Support Index: one monthly score per team and per product, built from measured parts so
management sees what moves it. Each part is a share (0–1) of what happened in the month, in the viewer's
spaces; the score is the weighted mean of the parts that had something to measure, times 100, and its trend,
like each part's, is the change from the month before. Parts and weights are listed in PARTS (shown in the table's header).
"""

import dataclasses
import datetime

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from collaboration.actions.contributions import DECISIONS
from collaboration.models import Answer, Question
from insights import business_signals, qa_health
from insights.periods import Period


@dataclasses.dataclass(frozen=True)
class Part:
    key: str
    label: str
    weight: float


PARTS = [
    Part("peers", _("Resolved by peers without escalation"), 0.30),
    Part("articles", _("Certified answers turned into articles"), 0.15),
    Part("coverage", _("Escalations resolved within SLA"), 0.20),
    Part("business", _("Market needs decided within SLA"), 0.15),
    Part("channels", _("First answers within the channel's SLA"), 0.20),
]


def months(period):
    """The calendar months the period touches, each as a Period of its whole days."""
    first = period.first_day.replace(day=1)
    found = []
    while first <= period.last_day:
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        found.append(Period(first, following - datetime.timedelta(days=1)))
        first = following
    return found


def previous_month(month):
    last = month.first_day - datetime.timedelta(days=1)
    return Period(last.replace(day=1), last)


def ratio(part, whole):
    return part / whole if whole else None


def parts(viewer, month, team=None, product=None, channel=""):
    """{part key: share or None (nothing to measure)} for one month and one team or product."""
    certified = Answer.objects.filter(question=OuterRef("pk"), certified_at__isnull=False)
    found = (
        qa_health.questions(viewer, month, team, product, channel)
        .exclude(status=Question.Status.DUPLICATE)
        .annotate(has_certified=Exists(certified))
        .aggregate(
            asked=Count("pk"),
            peers=Count("pk", filter=Q(first_response_at__isnull=False, escalated_at__isnull=True)),
            certified=Count("pk", filter=Q(has_certified=True)),
            promoted=Count("pk", filter=Q(has_certified=True, promoted_page__isnull=False)),
            escalated=Count("pk", filter=Q(escalated_at__isnull=False, resolution_due__isnull=False)),
            covered=Count("pk", filter=Q(escalated_at__isnull=False, resolved_at__lte=F("resolution_due"))),
            on_channel=Count("pk", filter=~Q(channel="") & Q(first_response_due__isnull=False)),
            channel_met=Count("pk", filter=~Q(channel="") & Q(first_response_at__lte=F("first_response_due"))),
        )
    )
    needs = business_signals.routed_needs(viewer, month, team, product, channel).filter(decision_due__isnull=False).aggregate(
        due=Count("pk", filter=Q(status__in=DECISIONS) | Q(decision_due__lt=month.end)),
        met=Count("pk", filter=Q(status__in=DECISIONS, decided_at__lte=F("decision_due"))),
    )
    return {
        "peers": ratio(found["peers"], found["asked"]),
        "articles": ratio(found["promoted"], found["certified"]),
        "coverage": ratio(found["covered"], found["escalated"]),
        "business": ratio(needs["met"], needs["due"]),
        "channels": ratio(found["channel_met"], found["on_channel"]),
    }


def score(measured):
    """The weighted mean of the measured parts, 0–100, or None when nothing was measured."""
    present = [(part.weight, measured[part.key]) for part in PARTS if measured[part.key] is not None]
    if not present:
        return None
    return round(100 * sum(weight * value for weight, value in present) / sum(weight for weight, _value in present), 1)


def monthly(viewer, period, scopes, scope_filter, channel=""):
    """One row per month in the period and scope (team or product): month, scope, score, trend (points
    against the month before, None without a score for both), then each part in percent (None: nothing
    measured) and each part's trend in points (None unless measured both months). `scope_filter(scope)`
    gives the {"team": …} or {"product": …} keyword."""
    rows = []
    for scope in scopes:
        for month in months(period):
            measured = parts(viewer, month, channel=channel, **scope_filter(scope))
            measured_before = parts(viewer, previous_month(month), channel=channel, **scope_filter(scope))
            current, before = score(measured), score(measured_before)
            rows.append({
                "month": month.first_day.strftime("%Y-%m"), "scope": str(scope), "score": current,
                "trend": round(current - before, 1) if current is not None and before is not None else None,
                "parts": [None if measured[p.key] is None else round(100 * measured[p.key], 1) for p in PARTS],
                "part_trends": [
                    round(100 * (measured[p.key] - measured_before[p.key]), 1)
                    if measured[p.key] is not None and measured_before[p.key] is not None else None
                    for p in PARTS
                ],
            })
    return rows
