"""Business time (core.calendars): working hours, weekends, Italian public holidays computed from the
calendar (Easter Monday from the computus), exceptions and time zones. Pure functions: no database."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from core.calendars import WorkingCalendar, add_working_time, easter_sunday, italian_holidays, working_time_between

ROME = ZoneInfo("Europe/Rome")
HOURS = datetime.timedelta(hours=1)
# 9:00–18:00, Monday to Friday: Friday 19:00 is after closing, so 4 working hours are Monday 9:00–13:00.
OFFICE = WorkingCalendar(time_zone="Europe/Rome", opens=datetime.time(9), closes=datetime.time(18))


def rome(*args):
    return datetime.datetime(*args, tzinfo=ROME)


def test_friday_evening_plus_four_working_hours_is_monday_at_one():
    assert add_working_time(rome(2026, 11, 27, 19), 4 * HOURS, OFFICE) == rome(2026, 11, 30, 13)


def test_time_left_on_friday_carries_over_the_weekend():
    assert add_working_time(rome(2026, 11, 27, 16), 4 * HOURS, OFFICE) == rome(2026, 11, 30, 11)


@pytest.mark.parametrize(("year", "expected"), [(2024, (3, 31)), (2025, (4, 20)), (2026, (4, 5)), (2038, (4, 25))])
def test_easter_is_computed(year, expected):
    assert easter_sunday(year) == datetime.date(year, *expected)


def test_easter_monday_is_a_holiday():
    # Easter 2026 is 5 April: Good Friday is worked, Easter Monday 6 April is not.
    assert add_working_time(rome(2026, 4, 3, 17), 2 * HOURS, OFFICE) == rome(2026, 4, 7, 10)


def test_liberation_day_is_a_holiday():
    # 25 April 2025 is a Friday: Thursday 17:00 + 2 hours ends on Monday 28 April at 10:00.
    assert add_working_time(rome(2025, 4, 24, 17), 2 * HOURS, OFFICE) == rome(2025, 4, 28, 10)


def test_republic_day_is_a_holiday():
    # 2 June 2026 is a Tuesday.
    assert add_working_time(rome(2026, 6, 1, 17), 2 * HOURS, OFFICE) == rome(2026, 6, 3, 10)


def test_holidays_of_a_year_and_the_patron_saint():
    days = italian_holidays(2026, patron_saint=(12, 7))
    assert datetime.date(2026, 4, 6) in days  # Easter Monday
    assert datetime.date(2026, 12, 7) in days  # Sant'Ambrogio, Milan
    assert len(days) == 12


def test_exceptions_close_and_open_days():
    calendar = WorkingCalendar(
        closed_days=frozenset({datetime.date(2026, 11, 30)}), open_days=frozenset({datetime.date(2026, 11, 28)})
    )
    # Saturday 28 is open, Monday 30 closed: Friday 19:00 + 10 hours = Saturday 9–18 then Tuesday 9–10.
    assert add_working_time(rome(2026, 11, 27, 19), 10 * HOURS, calendar) == rome(2026, 12, 1, 10)


def test_the_clock_runs_in_the_calendars_time_zone():
    london = WorkingCalendar(time_zone="Europe/London")
    start = datetime.datetime(2026, 11, 30, 9, tzinfo=ROME)  # 8:00 in London, before opening
    assert add_working_time(start, HOURS, london) == datetime.datetime(2026, 11, 30, 10, tzinfo=ZoneInfo("Europe/London"))


def test_working_time_between_counts_only_working_hours():
    assert working_time_between(rome(2026, 11, 27, 17), rome(2026, 11, 30, 10), OFFICE) == 2 * HOURS
    assert working_time_between(rome(2026, 11, 30, 10), rome(2026, 11, 27, 17), OFFICE) == datetime.timedelta(0)


def test_without_a_calendar_the_clock_never_stops():
    assert add_working_time(rome(2026, 11, 27, 19), 4 * HOURS, None) == rome(2026, 11, 27, 23)


def test_a_calendar_that_never_opens_is_refused():
    with pytest.raises(ValueError):
        add_working_time(rome(2026, 1, 1), HOURS, WorkingCalendar(weekdays=frozenset()))
    with pytest.raises(ValueError):
        WorkingCalendar(opens=datetime.time(18), closes=datetime.time(9))
