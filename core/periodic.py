"""The periodic jobs, enqueued once per period however many workers tick.

Each job has a `PeriodicRun` row. A worker's tick claims a due job with one conditional UPDATE
(`next_run_at <= now` → `now + period`); the database serialises the updates on the row, so of workers
ticking at the same moment exactly one sees a row changed and enqueues. No lock is held between ticks, and a
worker that dies leaves nothing to clean up: the next tick of any other worker claims the job when due.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import PeriodicRun

logger = logging.getLogger(__name__)


def claim(name, period, now=None):
    """True for the one caller that takes the job `name` when it is due; it is then due `period` later.
    A tenth of the period (at most a second) is forgiven, so a tick that wakes a little early still runs."""
    now = now or timezone.now()
    PeriodicRun.objects.bulk_create([PeriodicRun(name=name, next_run_at=now)], ignore_conflicts=True)
    slack = min(period / 10, datetime.timedelta(seconds=1))
    claimed = PeriodicRun.objects.filter(name=name, next_run_at__lte=now + slack).update(
        next_run_at=now + period, last_run_at=now
    )
    return claimed == 1


def enqueue_due(now=None):
    """Enqueue every periodic job this worker claims; one failing job does not stop the others. A job's
    period is SPORTELLO_PERIODIC_SECONDS unless SPORTELLO_PERIODIC_TASK_SECONDS names another."""
    periods = settings.SPORTELLO_PERIODIC_TASK_SECONDS
    enqueued = []
    for path in settings.SPORTELLO_PERIODIC_TASKS:
        period = datetime.timedelta(seconds=periods.get(path, settings.SPORTELLO_PERIODIC_SECONDS))
        try:
            if claim(path, period, now):
                import_string(path).enqueue()
                enqueued.append(path)
        except Exception:
            logger.exception("periodic task not enqueued task=%s", path)
    return enqueued
