"""The workers' heartbeat as /readyz reads it: each `run_worker` process beats for its task lease
(core.task_leases.beat); a worker not seen for a lease is taken for dead."""

import datetime

from django.conf import settings
from django.utils import timezone

from core.task_leases import beat  # noqa: F401  (the one writer of heartbeats; tests call it from here too)


def worker_status(now=None):
    """{"ok", "workers": live workers, "last_seen"}: ok when at least one worker beat within a lease."""
    from core.models import WorkerHeartbeat

    now = now or timezone.now()
    stale_after = datetime.timedelta(seconds=settings.SPORTELLO_TASK_LEASE_SECONDS)
    last_seen = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - stale_after).count()
    return {"ok": alive > 0, "workers": alive, "last_seen": last_seen}
