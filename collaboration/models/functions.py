"""Business functions and their calendars: when a group works, who covers nights and weekends, who leads.

The time arithmetic is core.calendars; these models only store what an administrator configures and
turn it into a `WorkingCalendar` (`as_working_calendar`).
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet

from core.calendars import WorkingCalendar


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s.") % {"zone": value})


def validate_weekdays(value):
    if not value or any(char not in "1234567" for char in value) or len(set(value)) != len(value):
        raise ValidationError(_("Write the working weekdays as digits, 1 = Monday … 7 = Sunday (e.g. 12345)."))


@register_snippet
class BusinessCalendar(ClusterableModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=60, default="Europe/Rome", validators=[validate_time_zone])
    opens = models.TimeField(_("opens at"), default=datetime.time(9))
    closes = models.TimeField(_("closes at"), default=datetime.time(18))
    weekdays = models.CharField(
        _("working weekdays"), max_length=7, default="12345", validators=[validate_weekdays],
        help_text=_("Digits, 1 = Monday … 7 = Sunday."),
    )
    patron_saint_month = models.PositiveSmallIntegerField(_("patron saint: month"), null=True, blank=True)
    patron_saint_day = models.PositiveSmallIntegerField(_("patron saint: day"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("time_zone"), FieldPanel("opens"), FieldPanel("closes"), FieldPanel("weekdays")]),
        FieldRowPanel([FieldPanel("patron_saint_month"), FieldPanel("patron_saint_day")], heading=_("Local holiday")),
        InlinePanel("exceptions", heading=_("Exceptions"), label=_("exception")),
    ]

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("A working day must close after it opens.")})
        if bool(self.patron_saint_month) != bool(self.patron_saint_day):
            raise ValidationError({"patron_saint_day": _("Give both the month and the day, or neither.")})
        if self.patron_saint_month:
            try:
                datetime.date(2024, self.patron_saint_month, self.patron_saint_day)
            except ValueError:
                raise ValidationError({"patron_saint_day": _("This day does not exist.")}) from None

    def as_working_calendar(self):
        exceptions = list(self.exceptions.all())
        return WorkingCalendar(
            time_zone=self.time_zone, opens=self.opens, closes=self.closes,
            weekdays=frozenset(int(char) for char in self.weekdays),
            patron_saint=(self.patron_saint_month, self.patron_saint_day) if self.patron_saint_month else None,
            closed_days=frozenset(e.day for e in exceptions if not e.open),
            open_days=frozenset(e.day for e in exceptions if e.open),
        )


class CalendarException(models.Model):
    """A day that breaks the rule: closed (a company holiday) or open (a Saturday before a launch)."""

    calendar = ParentalKey(BusinessCalendar, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("calendar"))
    day = models.DateField(_("day"))
    open = models.BooleanField(_("open (else closed)"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("day"), FieldPanel("open"), FieldPanel("note")])]

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        constraints = [models.UniqueConstraint(fields=["calendar", "day"], name="one_exception_per_calendar_day")]
        ordering = ["day"]


@register_snippet
class BusinessFunction(models.Model):
    """A group seen as an organisation unit: its calendar, its lead and who covers when it is closed."""

    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="business_function", verbose_name=_("group"))
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.PROTECT, null=True, blank=True, related_name="functions",
        verbose_name=_("calendar"), help_text=_("Empty: the group works round the clock."),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("lead"), help_text=_("Told at the first breach of a service level."),
    )
    fallback_group = models.ForeignKey(
        "auth.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("fallback group"),
        help_text=_("Answers out of hours (nights, weekends, holidays) and takes over at the second breach."),
    )
    out_of_hours_note = models.CharField(
        _("out-of-hours cover"), max_length=300, blank=True,
        help_text=_("Shown on the group's questions, e.g. the on-call rota and how to reach it."),
    )

    panels = [
        FieldPanel("group"),
        MultiFieldPanel([FieldPanel("calendar"), FieldPanel("lead")], heading=_("Working time")),
        MultiFieldPanel([FieldPanel("fallback_group"), FieldPanel("out_of_hours_note")], heading=_("Out of hours")),
    ]

    class Meta:
        verbose_name = _("business function")
        verbose_name_plural = _("business functions")
        ordering = ["group__name"]

    def __str__(self):
        return self.group.name

    def clean(self):
        if self.fallback_group_id and self.fallback_group_id == self.group_id:
            raise ValidationError({"fallback_group": _("A group cannot be its own fallback.")})

    def working_calendar(self):
        return self.calendar.as_working_calendar() if self.calendar_id else None
