"""What the background workers share: each one's sign of life, for the task leases (core.task_leases)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running worker writes `seen_at` every SPORTELLO_TASK_HEARTBEAT_SECONDS. Once it is older than
    SPORTELLO_TASK_LEASE_SECONDS the worker is taken for dead and the tasks it claimed are run again."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    seen_at = models.DateTimeField(_("last seen at"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.worker_id


class PendingLiveEvent(models.Model):
    """An event for open pages that the channel layer refused (Redis down); the worker sends it when the
    layer is back (core.live_outbox). An event that carries a whole state (`state`, e.g. the crisis banners)
    is kept once per group: only the newest matters, and a later successful send supersedes it."""

    group = models.CharField(_("group"), max_length=200)
    event = models.JSONField(_("event"))
    state = models.CharField(_("state"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending live event")
        verbose_name_plural = _("pending live events")
        ordering = ["id"]

    def __str__(self):
        return f"{self.event.get('type', '?')} → {self.group}"


class PeriodicRun(models.Model):
    """When a periodic job (SPORTELLO_PERIODIC_TASKS) is next due. Every worker started without
    `--no-periodic` ticks, but only the one whose conditional update moves `next_run_at` enqueues the job
    (core.periodic), so several workers enqueue each job once per period, not once each."""

    name = models.CharField(_("job"), max_length=200, primary_key=True)
    next_run_at = models.DateTimeField(_("next run at"))
    last_run_at = models.DateTimeField(_("last run at"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self):
        return self.name
