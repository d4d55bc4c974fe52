"""English reads typed dates as Italian does, so a date means the same in every language of Sportello.

Django's English formats read 10/11/2027 as October 11 and refuse 30/06/2027, while Italian reads them
day first: an admin in English silently swapped day and month. Both languages now accept the same
formats: ISO (what the admin's date pickers write, WAGTAIL_DATE_FORMAT) and day/month/year.
core/checks.py keeps it so.
"""

from django.conf.locale.it.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS"]
