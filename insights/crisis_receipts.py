"""Crisis read receipts across crises: acknowledgement rate per crisis and per team."""

from django.db.models import Q
from django.utils import timezone

from insights.knowledge_use import Readable
from kb import crisis_versions, read_receipts
from kb.models import CrisisPage


def crises_in(period):
    """Crises published that were live at some point of the period, newest first."""
    return (
        CrisisPage.objects.filter(first_published_at__isnull=False, first_published_at__lt=period.end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=period.start))
        .order_by("-first_published_at")
    )


def readers_in(team=None):
    """{expected reader id: [team names]}, only the team's members if a team is given."""
    readers = read_receipts.readers_and_teams()
    if team is None:
        return readers
    return {user_id: names for user_id, names in readers.items() if team.name in names}


def per_crisis(period, team=None, viewer=None):
    """[{"crisis", "expected", "acknowledged", "rate", "teams": [TeamReceipt]}], optionally for one team, and
    only the crises `viewer` may read when given (a crisis restricted to some groups is not another's to see).

    Only reads of each crisis's current version count (kb.crisis_versions). Who must read, their teams and
    the versions are looked up once; each crisis costs one query for its readers."""
    readers = readers_in(team)
    crises = list(crises_in(period))
    if viewer is not None:
        readable = Readable(viewer).ids(crisis.pk for crisis in crises)
        crises = [crisis for crisis in crises if crisis.pk in readable]
    versions = crisis_versions.histories(crises)
    rows = []
    for crisis in crises:
        acknowledged = set(
            crisis.acknowledgements.filter(user_id__in=list(readers), revision_id=versions[crisis.pk].version_revision_id)
            .values_list("user_id", flat=True)
        )
        teams = read_receipts.per_team(readers, acknowledged)
        if team is not None:
            teams = [row for row in teams if row.name == team.name]
        rows.append({
            "crisis": crisis, "expected": len(readers), "acknowledged": len(acknowledged),
            "rate": read_receipts.rate(len(acknowledged), len(readers)), "teams": teams,
        })
    return rows


def timeline(crisis, period, team=None):
    """[(moment, read so far, rate)] of one crisis until the end of the period (or now)."""
    readers = readers_in(team)
    version = crisis_versions.history(crisis).version
    times = list(
        crisis.acknowledgements.filter(user_id__in=list(readers), revision_id=version.revision_id if version else None)
        .values_list("acknowledged_at", flat=True)
    )
    start = version.published_at if version and version.published_at else crisis.first_published_at or crisis.started_at
    end = min(period.end, timezone.now())
    return [(moment, count, read_receipts.rate(count, len(readers))) for moment, count in read_receipts.cumulative(start, end, times)]
