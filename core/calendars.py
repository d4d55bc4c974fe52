"""Business time: working hours, weekends, Italian public holidays and exceptions, in a calendar's zone.

Pure functions on a `WorkingCalendar` value (no database): the SLA clocks (collaboration.service_levels)
build one from a group's stored calendar and ask `add_working_time` when something is due and
`working_time_between` how much of the organisation's time has passed. `None` as calendar means
round the clock (wall-clock time), which is what groups without a calendar get.
"""

import dataclasses
import datetime
from zoneinfo import ZoneInfo

UTC = datetime.UTC

# Fixed-date national holidays (month, day): Capodanno, Epifania, Liberazione, Festa dei lavoratori,
# Festa della Repubblica, Ferragosto, Ognissanti, Immacolata, Natale, Santo Stefano. Easter Monday moves.
ITALIAN_FIXED_HOLIDAYS = ((1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26))

# A calendar without a single working day in this many days is a configuration error, not a long weekend.
SEARCH_LIMIT_DAYS = 3 * 366


def easter_sunday(year):
    """Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def italian_holidays(year, patron_saint=None):
    """The national public holidays of `year`, plus the local patron saint's day ((month, day)) if given."""
    days = {datetime.date(year, month, day) for month, day in ITALIAN_FIXED_HOLIDAYS}
    days.add(easter_sunday(year) + datetime.timedelta(days=1))
    if patron_saint:
        days.add(datetime.date(year, *patron_saint))
    return days


@dataclasses.dataclass(frozen=True)
class WorkingCalendar:
    """Working hours `opens`–`closes` (local time) on `weekdays` (ISO: 1 = Monday … 7 = Sunday), except
    public holidays and `closed_days`; `open_days` are worked whatever the weekday or holiday."""

    time_zone: str = "Europe/Rome"
    opens: datetime.time = datetime.time(9)
    closes: datetime.time = datetime.time(18)
    weekdays: frozenset = frozenset({1, 2, 3, 4, 5})
    patron_saint: tuple | None = None
    closed_days: frozenset = frozenset()
    open_days: frozenset = frozenset()

    def __post_init__(self):
        if self.closes <= self.opens:
            raise ValueError("A working day must close after it opens.")
        ZoneInfo(self.time_zone)  # an unknown zone fails here, not in the middle of an SLA run

    @property
    def zone(self):
        return ZoneInfo(self.time_zone)

    def is_working_day(self, day):
        if day in self.open_days:
            return True
        if day in self.closed_days or day.isoweekday() not in self.weekdays:
            return False
        return day not in italian_holidays(day.year, self.patron_saint)

    def working_window(self, day):
        """(start, end) of the working hours of `day` in UTC, or None on a day off."""
        if not self.is_working_day(day):
            return None
        start = datetime.datetime.combine(day, self.opens, tzinfo=self.zone).astimezone(UTC)
        end = datetime.datetime.combine(day, self.closes, tzinfo=self.zone).astimezone(UTC)
        return start, end

    def is_open(self, moment):
        window = self.working_window(moment.astimezone(self.zone).date())
        return bool(window and window[0] <= moment < window[1])


def _days_from(moment, calendar):
    day = moment.astimezone(calendar.zone).date()
    for offset in range(SEARCH_LIMIT_DAYS):
        yield day + datetime.timedelta(days=offset)
    raise ValueError("The calendar has no working day.")


def add_working_time(start, duration, calendar):
    """The moment when `duration` of working time has passed since `start` (aware). Starting out of hours,
    the clock starts at the next opening. With `calendar` None the clock never stops."""
    if calendar is None:
        return start + duration
    remaining = duration
    moment = start.astimezone(UTC)
    for day in _days_from(moment, calendar):
        window = calendar.working_window(day)
        if window is None or window[1] <= moment:
            continue
        begin = max(moment, window[0])
        available = window[1] - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
    raise AssertionError("unreachable")  # _days_from raises first


def working_time_between(start, end, calendar):
    """How much working time lies between `start` and `end` (zero if `end` is not after `start`)."""
    if end <= start:
        return datetime.timedelta(0)
    if calendar is None:
        return end - start
    total = datetime.timedelta(0)
    day = start.astimezone(calendar.zone).date()
    last = end.astimezone(calendar.zone).date()
    while day <= last:
        window = calendar.working_window(day)
        if window:
            overlap = min(end, window[1]) - max(start, window[0])
            total += max(overlap, datetime.timedelta(0))
        day += datetime.timedelta(days=1)
    return total


def next_opening(moment, calendar):
    """When the calendar next opens at or after `moment` (the moment itself if it is open)."""
    return add_working_time(moment, datetime.timedelta(0), calendar)
