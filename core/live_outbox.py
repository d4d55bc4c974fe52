"""The live outbox: events the channel layer could not take wait in the database until it can.

A crisis published while Redis is down is committed; its broadcast must not be lost with the error.
`core.live` keeps refused events here; the worker (`run_worker`, every SPORTELLO_TICK_SECONDS) sends them
in order once the layer answers again. State events (the full crisis banner list) are kept only in their
newest version per group, and dropped once a newer one went out directly.
"""

import logging

from django.db import transaction
from django.db.models import F

logger = logging.getLogger(__name__)

BATCH_SIZE = 200


def keep(pairs, state, error):
    """Store (group, event) pairs the layer refused. Never raises: it runs after commit."""
    from core.models import PendingLiveEvent

    try:
        with transaction.atomic():
            if state:
                PendingLiveEvent.objects.filter(state=state, group__in=[group for group, _event in pairs]).delete()
            PendingLiveEvent.objects.bulk_create(
                PendingLiveEvent(group=group, event=event, state=state or "", last_error=str(error)[:2000])
                for group, event in pairs
            )
    except Exception:
        logger.exception("live events lost count=%d first_type=%s", len(pairs), pairs[0][1].get("type"))


def supersede(pairs, state):
    """A newer version of `state` reached these groups: older pending versions must never follow it."""
    from core.models import PendingLiveEvent

    try:
        PendingLiveEvent.objects.filter(state=state, group__in=[group for group, _event in pairs]).delete()
    except Exception:
        logger.exception("pending live events not superseded state=%s", state)


def flush(send, limit=BATCH_SIZE):
    """Send pending events in order with `send(pairs)` (raises when the layer is down). Returns (sent,
    still pending). Safe to run from several workers: rows are locked while being sent."""
    from core.models import PendingLiveEvent

    with transaction.atomic():
        rows = PendingLiveEvent.objects.order_by("id")
        if transaction.get_connection().features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        rows = list(rows[:limit])
        if not rows:
            return 0, 0
        try:
            send([(row.group, row.event) for row in rows])
        except Exception as error:
            PendingLiveEvent.objects.filter(pk__in=[row.pk for row in rows]).update(
                attempts=F("attempts") + 1, last_error=str(error)[:2000]
            )
            logger.warning("pending live events not sent count=%d error=%s", len(rows), error)
            return 0, len(rows)
        PendingLiveEvent.objects.filter(pk__in=[row.pk for row in rows]).delete()
    logger.info("pending live events sent count=%d", len(rows))
    return len(rows), 0


def backlog():
    """What /readyz and the health page show: pending events and the oldest one's time."""
    from core.models import PendingLiveEvent

    oldest = PendingLiveEvent.objects.order_by("id").values_list("created_at", flat=True).first()
    return {"pending": PendingLiveEvent.objects.count(), "oldest": oldest}
