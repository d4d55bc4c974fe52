"""Business signals that are neither a question nor a market need: a report on an article, an emerging
problem, a spike of searches without result. Each is routed by the impact table like a question
(collaboration.actions.routing.do_route_signal) and worked in the responsible function's queue
(collaboration.actions.signals)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaboration.models.impact import EventKind
from collaboration.models.questions import Priority


class BusinessSignal(models.Model):
    # The event kinds a BusinessSignal carries (questions and needs have their own models).
    KINDS = (EventKind.ARTICLE_REPORT, EventKind.EMERGING_PROBLEM, EventKind.SEARCH_GAP)

    class Source(models.TextChoices):
        """Where an emerging problem or a search gap was seen."""

        REPORT = "report", _("an operator's report")
        WORDS = "words", _("a word rising in questions and market needs")
        TAGS = "tags", _("a tag rising in questions")
        SEARCHES = "searches", _("a search rising")
        NO_RESULT = "no_result", _("searches without result")

    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    source = models.CharField(_("seen in"), max_length=10, choices=Source.choices)
    # What makes two detections the same problem ("search_gap:esim estero", "article_report:12"): while a
    # signal with a key is open, no second one is raised (the constraint below holds it under races).
    key = models.CharField(max_length=250)
    title = models.CharField(_("title"), max_length=255)
    count = models.PositiveIntegerField(_("occurrences"), default=0)
    people = models.PositiveIntegerField(_("operators"), default=0)
    report = models.OneToOneField(
        "collaboration.ArticleReport", on_delete=models.CASCADE, null=True, blank=True, related_name="signal"
    )
    impact_rule = models.ForeignKey("collaboration.ImpactRule", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    responsible_group = models.ForeignKey(
        "auth.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("responsible group")
    )
    # Who works it now: the responsible group, its out-of-hours cover, or the fallback after a second breach.
    assigned_group = models.ForeignKey("auth.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    first_response_due = models.DateTimeField(_("first action due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True, db_index=True)
    first_action_at = models.DateTimeField(_("first action at"), null=True, blank=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    breach_level = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("business signal")
        verbose_name_plural = _("business signals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(closed_at__isnull=True), name="one_open_signal_per_key"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("collaboration:signal", args=[self.pk])

    @property
    def is_open(self):
        return self.closed_at is None

    @property
    def sla_breached(self):
        now = timezone.now()
        late_action = self.first_response_due and not self.first_action_at and now > self.first_response_due
        late_outcome = self.resolution_due and self.is_open and now > self.resolution_due
        return bool(late_action or late_outcome)
