"""Crisis read receipts across crises: acknowledgement rate per crisis and per team."""

from django.db.models import Q
from django.utils import timezone

from kb import read_receipts
from kb.models import CrisisPage


def crises_in(period):
    """Crises published that were live at some point of the period, newest first."""
    return (
        CrisisPage.objects.filter(first_published_at__isnull=False, first_published_at__lt=period.end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=period.start))
        .order_by("-first_published_at")
    )


def per_crisis(period, team=None):
    """[{"crisis", "expected", "acknowledged", "rate", "teams": [TeamReceipt]}], optionally for one team."""
    rows = []
    for crisis in crises_in(period):
        receipt = read_receipts.receipt(crisis, now=min(period.end, timezone.now()))
        teams = [row for row in receipt.teams if team is None or row.name == team.name]
        expected = sum(row.expected for row in teams) if team is not None else receipt.expected
        acknowledged = sum(row.acknowledged for row in teams) if team is not None else receipt.acknowledged
        rows.append({
            "crisis": crisis, "expected": expected, "acknowledged": acknowledged,
            "rate": read_receipts.rate(acknowledged, expected), "teams": teams, "timeline": receipt.timeline,
        })
    return rows
