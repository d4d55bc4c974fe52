"""SLA clocks on the responsible group's business calendar, and who covers a group when it is closed.

A group without a `BusinessFunction` or without a calendar works round the clock: its clocks are
wall-clock minutes, as before calendars existed.
"""

import datetime
import zoneinfo

from django.conf import settings

from collaboration.models import BusinessFunction
from core.calendars import add_working_time, working_time_between


def business_function(group):
    if group is None:
        return None
    return BusinessFunction.objects.select_related("calendar", "fallback_group", "lead").filter(group=group).first()


def working_calendar(group):
    function = business_function(group)
    return function.working_calendar() if function else None


def due_after(start, minutes, group):
    """When `minutes` of `group`'s working time have passed since `start`."""
    return add_working_time(start, datetime.timedelta(minutes=minutes), working_calendar(group))


def working_minutes_between(start, end, group):
    return working_time_between(start, end, working_calendar(group)).total_seconds() / 60


def time_zone_of(group):
    """The zone the group's times are shown in: its calendar's, else the site's."""
    function = business_function(group)
    name = function.calendar.time_zone if function and function.calendar_id else settings.TIME_ZONE
    return zoneinfo.ZoneInfo(name)


def cover_group(group, moment):
    """Who answers for `group` at `moment`: the group while it is open, its fallback group out of hours
    (when it names one), else the group itself, whose clock waits for it to open."""
    function = business_function(group)
    if function is None or function.fallback_group_id is None:
        return group
    calendar = function.working_calendar()
    if calendar is None or calendar.is_open(moment):
        return group
    return function.fallback_group
