"""The date range every dashboard filters by: whole local (Italian) days, as aware datetimes."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

DEFAULT_DAYS = 28


@dataclass(frozen=True)
class Period:
    first_day: datetime.date
    last_day: datetime.date

    @property
    def start(self):
        return timezone.make_aware(datetime.datetime.combine(self.first_day, datetime.time.min))

    @property
    def end(self):
        """Exclusive: midnight after the last day, local time."""
        return timezone.make_aware(datetime.datetime.combine(self.last_day + datetime.timedelta(days=1), datetime.time.min))

    @property
    def days(self):
        return [self.first_day + datetime.timedelta(days=n) for n in range((self.last_day - self.first_day).days + 1)]

    @classmethod
    def ending_today(cls, days=DEFAULT_DAYS, today=None):
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)
