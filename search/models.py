"""What search keeps in the database: the indexing outbox and the log of searches and clicks."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexJob(models.Model):
    """One pending change to the search index (the outbox).

    Written in the same transaction as the content change, so a change that commits is never lost even
    if Elasticsearch is down; the worker applies jobs and deletes them, retrying failures with back-off.
    """

    class Action(models.TextChoices):
        INDEX = "index", _("index")
        DELETE = "delete", _("delete")

    kind = models.CharField(_("kind"), max_length=30, help_text=_("Which index: article, question, …"))
    object_id = models.BigIntegerField(_("object id"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now, db_index=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("index job")
        verbose_name_plural = _("index jobs")
        ordering = ["id"]

    def __str__(self):
        return f"{self.action} {self.kind} {self.object_id}"


class SearchLog(models.Model):
    """One search as a user ran it, for the content-gap and trend dashboards."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(_("role"), max_length=30, blank=True)
    query = models.CharField(_("query"), max_length=1000, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    result_count = models.PositiveIntegerField(_("results"))
    latency_ms = models.PositiveIntegerField(_("latency (ms)"))
    engine = models.CharField(_("engine"), max_length=20)
    source = models.CharField(_("source"), max_length=20, default="page", help_text=_("page, api or similar"))
    # For the content-gap dashboard over a year of log in one index-only pass (bench/insights.py): the
    # query as grouped (lower case, single spaces) and the position of the first result opened, if any.
    term = models.CharField(_("term"), max_length=200, blank=True, editable=False)
    first_click_position = models.PositiveIntegerField(_("first opened position"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        indexes = [
            models.Index(
                fields=["term", "created_at", "source", "result_count", "first_click_position"], name="searchlog_terms"
            )
        ]

    def __str__(self):
        return self.query

    def save(self, *args, **kwargs):
        self.term = search_term(self.query)
        super().save(*args, **kwargs)


def search_term(query):
    """How searches are grouped on the dashboards: case and spacing do not matter."""
    return " ".join(query.lower().split())[:200]


class SearchClick(models.Model):
    search = models.ForeignKey(SearchLog, on_delete=models.CASCADE, related_name="clicks")
    result_type = models.CharField(_("result type"), max_length=30)
    result_id = models.BigIntegerField(_("result id"))
    position = models.PositiveIntegerField(_("position"), help_text=_("1 for the first result"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("search click")
        verbose_name_plural = _("search clicks")
