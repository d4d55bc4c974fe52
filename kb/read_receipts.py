"""Read receipts of a crisis: who of the front line has acknowledged its current version, per team and over
time. A read of an older version (before new information was published) is shown apart, never counted as
read (kb.crisis_versions)."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import roles
from accounts.models import Team
from kb import crisis_versions

STEPS = [datetime.timedelta(minutes=minutes) for minutes in (5, 15, 30, 60, 180, 360, 720, 1440, 10080)]
NO_TEAM = "—"


def expected_readers():
    """Who must read crisis briefings: every active CSR."""
    return get_user_model().objects.filter(is_active=True, groups__name=roles.CSR).distinct()


def cumulative(start, end, times, max_points=24):
    """[(moment, how many of `times` are ≤ moment)] at regular steps from `start` to `end` (both aware).

    The step is the smallest of 5 min … 1 week giving at most `max_points` points; the last point is `end`.
    """
    if end <= start:
        return [(end, sum(1 for moment in times if moment <= end))]
    span = end - start
    step = next((step for step in STEPS if span / step <= max_points), STEPS[-1])
    moments, moment = [], start + step
    while moment < end:
        moments.append(moment)
        moment += step
    moments.append(end)
    ordered = sorted(times)
    return [(moment, sum(1 for at in ordered if at <= moment)) for moment in moments]


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class TeamReceipt:
    name: str
    expected: int = 0
    acknowledged: int = 0

    @property
    def rate(self):
        return rate(self.acknowledged, self.expected)


@dataclass
class Receipt:
    crisis: object
    rows: list = field(default_factory=list)  # (user, team names, acknowledgement of the current version or None)
    teams: list = field(default_factory=list)
    timeline: list = field(default_factory=list)  # (moment, acknowledged so far, rate)
    earlier: list = field(default_factory=list)  # (user, team names, acknowledgement of an older version only)
    version: object = None  # kb.crisis_versions.Publication that started the current version

    @property
    def expected(self):
        return len(self.rows)

    @property
    def acknowledged(self):
        return sum(1 for _user, _teams, ack in self.rows if ack)

    @property
    def rate(self):
        return rate(self.acknowledged, self.expected)

    @property
    def missing(self):
        return [(user, teams) for user, teams, ack in self.rows if not ack]


def team_names_of(user_ids):
    """{user id: [team names]}, in one query."""
    names = {}
    for user_id, name in Team.members.through.objects.filter(user_id__in=user_ids).values_list("user_id", "team__name"):
        names.setdefault(user_id, []).append(name)
    return names


def per_team(team_names, acknowledged_ids):
    """[TeamReceipt] by team name; users of no team count under NO_TEAM."""
    teams = {}
    for user_id, names in team_names.items():
        for name in names or [NO_TEAM]:
            team = teams.setdefault(name, TeamReceipt(name))
            team.expected += 1
            team.acknowledged += user_id in acknowledged_ids
    return sorted(teams.values(), key=lambda team: team.name)


def readers_and_teams():
    """{expected reader id: [team names]}: computed once when several crises are counted."""
    reader_ids = list(expected_readers().values_list("pk", flat=True))
    names = team_names_of(reader_ids)
    return {user_id: names.get(user_id, []) for user_id in reader_ids}


def receipt(crisis, now=None):
    """Everything the read-receipt page shows for one crisis, user by user."""
    now = now or timezone.now()
    history = crisis_versions.history(crisis)
    acknowledgements = {ack.user_id: ack for ack in crisis.acknowledgements.all()}
    current = {user_id: ack for user_id, ack in acknowledgements.items() if not history.acknowledged_before(ack.revision_id)}
    readers = list(expected_readers().order_by("last_name", "first_name", "username"))
    team_names = team_names_of([user.pk for user in readers])
    rows = [(user, team_names.get(user.pk, []), current.get(user.pk)) for user in readers]
    earlier = [
        (user, team_names.get(user.pk, []), acknowledgements[user.pk])
        for user in readers if user.pk in acknowledgements and user.pk not in current
    ]
    teams = per_team({user.pk: names for user, names, _ack in rows}, set(current))
    version = history.version
    start = version.published_at if version and version.published_at else crisis.first_published_at or crisis.started_at
    times = [ack.acknowledged_at for _user, _names, ack in rows if ack]
    timeline = [(moment, count, rate(count, len(rows))) for moment, count in cumulative(start, now, times)]
    return Receipt(crisis, rows, teams, timeline, earlier, version)
