"""Numbers, percentages, dates and times as the reader's language writes them: the one place that decides.

Pages, CSV exports and chart labels all format through these functions, so "26,8 %" never sits beside
"1.09", nor an ISO date beside a day/month one. Times are local (settings.TIME_ZONE, the footer says so);
"today" and "yesterday" are said only when true.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _


MAX_DECIMALS = 2


def number(value, decimals=None):
    """With the language's decimal separator: an integer as is; a fraction with `decimals` places, by
    default those its metric rounded it to (1.09, 50.0), at most two."""
    if value is None:
        return "—"
    if isinstance(value, int) and decimals is None:
        return formats.number_format(value)
    value = float(value)
    if decimals is None:
        decimals = min(len(repr(round(value, MAX_DECIMALS)).partition(".")[2]) or 1, MAX_DECIMALS)
    return formats.number_format(round(value, decimals), decimals)


def percent(value, decimals=1):
    """A share in percent: "26,8 %" in Italian, "26.8%" in English."""
    if value is None:
        return "—"
    return _("%(value)s%%") % {"value": number(value, decimals)}


def local(value):
    return timezone.localtime(value) if isinstance(value, datetime.datetime) and timezone.is_aware(value) else value


def date(value):
    """A day (or the local day of a moment): dd/mm/yyyy."""
    if value is None:
        return "—"
    return formats.date_format(local(value), "SHORT_DATE_FORMAT")


def date_time(value):
    """A moment in local time: dd/mm/yyyy hh:mm."""
    if value is None:
        return "—"
    return formats.date_format(local(value), "SHORT_DATETIME_FORMAT")


def time(value):
    return formats.time_format(local(value), "TIME_FORMAT")


def moment(value, now=None):
    """When something happened or will, for a sentence: "at 14:30" today, "yesterday at 18:10",
    "tomorrow at 09:00", otherwise "on 24/11/2026 at 07:40"."""
    if value is None:
        return "—"
    day = local(value).date()
    today = timezone.localdate(now) if now else timezone.localdate()
    at = time(value)
    if day == today:
        return _("at %(time)s") % {"time": at}
    if day == today - datetime.timedelta(days=1):
        return _("yesterday at %(time)s") % {"time": at}
    if day == today + datetime.timedelta(days=1):
        return _("tomorrow at %(time)s") % {"time": at}
    return _("on %(date)s at %(time)s") % {"date": date(value), "time": at}


class Percent(float):
    """A share in percent kept as a number (for charts and sorting) that displays as one."""


def cell(value):
    """A table cell, for a page or a CSV export: every kind of value through the functions above."""
    if isinstance(value, Percent):
        return percent(value)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return "—" if value is None else value
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, datetime.datetime):
        return date_time(value)
    if isinstance(value, datetime.date):
        return date(value)
    return value
