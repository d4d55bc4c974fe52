"""The worker's heartbeat as /readyz reads it: each `run_worker` process records that it is alive."""

import datetime

from django.utils import timezone

# A worker not seen for this long is taken for dead (it beats every SPORTELLO_TICK_SECONDS).
STALE_AFTER = datetime.timedelta(seconds=60)


def beat(worker_id, now=None):
    from core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now or timezone.now()})


def worker_status(now=None):
    """{"ok", "workers": live workers, "last_seen"}: ok when at least one worker beat recently."""
    from core.models import WorkerHeartbeat

    now = now or timezone.now()
    last_seen = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - STALE_AFTER).count()
    return {"ok": alive > 0, "workers": alive, "last_seen": last_seen}
