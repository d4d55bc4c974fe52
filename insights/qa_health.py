"""Q&A health: how fast and how well questions get answered. Only questions the viewer may read count."""

import bisect
import datetime
from collections import Counter

from django.db.models import CharField, Count, F, Q
from django.db.models.functions import Cast, Coalesce, Now, Substr
from django.utils import timezone

from collaboration import access
from collaboration.models import Answer


def questions(viewer, period, team=None, product=None, channel=""):
    found = access.visible_questions(viewer).filter(created_at__gte=period.start, created_at__lt=period.end)
    if team is not None:
        found = found.filter(author__teams=team)
    if product is not None:
        found = found.filter(product=product)
    if channel:
        found = found.filter(channel=channel)
    return found


def share(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def summary(found):
    """Counts and shares for a queryset of questions (see `questions`)."""
    totals = found.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(first_response_at__isnull=False)),
        with_sla=Count("pk", filter=Q(first_response_due__isnull=False)),
        within_sla=Count("pk", filter=Q(first_response_due__isnull=False, first_response_at__lte=F("first_response_due"))),
        escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
        breached=Count("pk", filter=Q(resolution_due__lt=Coalesce("resolved_at", Now()))),
        promoted=Count("pk", filter=Q(promoted_page__isnull=False)),
    )
    certified = Answer.objects.filter(question__in=found.values("pk"), certified_at__isnull=False).count()
    return {
        **totals,
        "answered_share": share(totals["answered"], totals["total"]),
        "within_sla_share": share(totals["within_sla"], totals["with_sla"]),
        "median_minutes_to_first_answer": median_minutes_to_first_answer(found),
        "certified": certified,
    }


def median_minutes_to_first_answer(found):
    """The median of `first_response_minutes`, read from the middle of the sorted column (no rows loaded)."""
    minutes = found.filter(first_response_minutes__isnull=False).order_by("first_response_minutes")
    count = minutes.count()
    if not count:
        return None
    middle = list(minutes.values_list("first_response_minutes", flat=True)[(count - 1) // 2:count // 2 + 1])
    return round(sum(middle) / len(middle), 1)


def per_day(found, period):
    """[(local date, questions asked)] for every day of the period, empty days included.

    The database counts per UTC hour ("YYYY-MM-DD HH", the same text on SQLite and PostgreSQL, whose
    connections Django keeps in UTC); each hour goes to its local day by bisection between the days' local
    midnights, which always fall on a UTC hour in Italy. No per-row time-zone conversion."""
    hours = (
        found.order_by().annotate(hour=Substr(Cast("created_at", CharField()), 1, 13))
        .values("hour").annotate(count=Count("pk")).values_list("hour", "count")
    )
    days = period.days
    midnights = [
        timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)).astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H")
        for day in days[1:]
    ]
    counts = Counter()
    for hour, count in hours:
        counts[bisect.bisect_right(midnights, hour)] += count
    return [(day, counts.get(index, 0)) for index, day in enumerate(days)]


def per_week(daily):
    """[(Monday, questions)] from `per_day` rows: for long periods, where 365 rows would drown the page."""
    weeks = Counter()
    for day, count in daily:
        weeks[day - datetime.timedelta(days=day.weekday())] += count
    return sorted(weeks.items())


def by_group(found):
    """[{"group", "escalated", "breached"}] per responsible group of escalated questions."""
    return list(
        found.filter(escalated_at__isnull=False)
        .values(group=Coalesce(F("assigned_group__name"), F("responsible_group__name")))
        .annotate(escalated=Count("pk"), breached=Count("pk", filter=Q(resolution_due__lt=Coalesce("resolved_at", Now()))))
        .order_by("-escalated", "group")
    )
