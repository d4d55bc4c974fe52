"""What the background workers share: each one's sign of life, for the task leases (core.task_leases)."""

from django.db import models
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
