"""English reads and writes dates as Italian does, so a date means the same in every language of Sportello.

Django's English formats read 10/11/2027 as October 11 and refuse 30/06/2027, while Italian reads them
day first: an admin in English silently swapped day and month. Both languages now accept the same
formats: ISO (what the admin's date pickers write, WAGTAIL_DATE_FORMAT) and day/month/year.
core/checks.py keeps it so. Dates and times are shown the same way too (day first, 24-hour clock: what a
contact center in Italy reads in either language, core/formatting.py); numbers keep English separators.
"""

from django.conf.locale.it.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT"]
