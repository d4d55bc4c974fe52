"""The worker's heartbeat: each `run_worker` process records that it is alive, /readyz reads it."""

import datetime
import os
import socket

from django.utils import timezone

# A worker not seen for this long is taken for dead (it beats every SPORTELLO_TICK_SECONDS).
STALE_AFTER = datetime.timedelta(seconds=60)
FORGET_AFTER = datetime.timedelta(days=1)


def beat(worker_id, started_at, now=None):
    from core.models import WorkerHeartbeat

    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at, "seen_at": now},
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def worker_status(now=None):
    """{"ok", "workers": live workers, "last_seen"}: ok when at least one worker beat recently."""
    from core.models import WorkerHeartbeat

    now = now or timezone.now()
    last_seen = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - STALE_AFTER).count()
    return {"ok": alive > 0, "workers": alive, "last_seen": last_seen}
