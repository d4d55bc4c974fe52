"""Core state: live events waiting for the channel layer, and the worker's heartbeat."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class WorkerHeartbeat(models.Model):
    """The last sign of life of each background worker (`run_worker`), for /readyz."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname}:{self.pid}"
