"""Template filters for core.formatting: `{{ value|percent }}`, `{{ moment|moment }}`, …"""

from django import template

from core import formatting

register = template.Library()

register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.filter("short_date", formatting.date)
register.filter("short_datetime", formatting.date_time)
register.filter("moment", formatting.moment)
register.filter("cell", formatting.cell)
