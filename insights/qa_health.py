"""Q&A health: how fast and how well questions get answered. Only questions the viewer may read count."""

import bisect
import datetime
import statistics
from collections import Counter

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from collaboration import access
from collaboration.models import Answer


def questions(viewer, period, team=None, product=None):
    found = access.visible_questions(viewer).filter(created_at__gte=period.start, created_at__lt=period.end)
    if team is not None:
        found = found.filter(author__teams=team)
    if product is not None:
        found = found.filter(product=product)
    return found


def share(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def timings(found):
    """[(asked at, first answered at or None)] of the questions: fetched once for the median and the days."""
    return list(found.values_list("created_at", "first_response_at"))


def summary(found, times):
    """Counts and shares for a queryset of questions (see `questions`) and their `timings`."""
    totals = found.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(first_response_at__isnull=False)),
        with_sla=Count("pk", filter=Q(first_response_due__isnull=False)),
        within_sla=Count("pk", filter=Q(first_response_due__isnull=False, first_response_at__lte=F("first_response_due"))),
        escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
        breached=Count("pk", filter=Q(resolution_due__lt=Coalesce("resolved_at", Now()))),
        promoted=Count("pk", filter=Q(promoted_page__isnull=False)),
    )
    waits = [(answered_at - asked_at).total_seconds() / 60 for asked_at, answered_at in times if answered_at]
    certified = Answer.objects.filter(question__in=found.values("pk"), certified_at__isnull=False).count()
    return {
        **totals,
        "answered_share": share(totals["answered"], totals["total"]),
        "within_sla_share": share(totals["within_sla"], totals["with_sla"]),
        "median_minutes_to_first_answer": round(statistics.median(waits), 1) if waits else None,
        "certified": certified,
    }


def per_day(times, period):
    """[(local date, questions asked)] for every day of the period, empty days included.

    Each time is placed between the days' local midnights by bisection: no time-zone conversion per row."""
    days = period.days
    midnights = [timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)) for day in days[1:]]
    counts = Counter(bisect.bisect_right(midnights, asked_at) for asked_at, _answered_at in times)
    return [(day, counts.get(index, 0)) for index, day in enumerate(days)]


def by_group(found):
    """[{"group", "escalated", "breached"}] per responsible group of escalated questions."""
    return list(
        found.filter(escalated_at__isnull=False)
        .values(group=Coalesce(F("assigned_group__name"), F("responsible_group__name")))
        .annotate(escalated=Count("pk"), breached=Count("pk", filter=Q(resolution_due__lt=Coalesce("resolved_at", Now()))))
        .order_by("-escalated", "group")
    )
