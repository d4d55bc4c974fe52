"""Leases on claimed tasks, so that a worker killed mid-task does not lose the task for good.

django-tasks-db marks a task RUNNING when a worker claims it and nothing ever looks at it again: after a
`kill -9`, an out-of-memory kill or a lost host it stays RUNNING forever. Here every worker beats
(`beat`) while it lives; a RUNNING task whose worker has not beaten for SPORTELLO_TASK_LEASE_SECONDS is
put back in the queue (`reclaim_expired`), or failed once it was claimed SPORTELLO_TASK_MAX_ATTEMPTS
times. A task may therefore run more than once: every task must be idempotent (notifications are
de-duplicated by event and recipient, see notifications.services.notify).
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


class LeaseExpired(Exception):
    """Recorded as the error of a task whose workers all died before finishing it."""


def lease():
    return datetime.timedelta(seconds=settings.SPORTELLO_TASK_LEASE_SECONDS)


def beat(worker_id, now=None):
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now or timezone.now()})


def forget(worker_id):
    """A worker leaving cleanly: its (finished) tasks need no lease any more."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def owner(task_result):
    return task_result.worker_ids[-1] if task_result.worker_ids else None


def expired(now=None):
    """RUNNING tasks whose worker stopped beating more than a lease ago (or never beat at all)."""
    now = now or timezone.now()
    cutoff = now - lease()
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff).only("id", "worker_ids")
    return [(task_result.pk, task_result.worker_ids) for task_result in running if owner(task_result) not in alive]


def reclaim_expired(now=None):
    """Queue again (or fail, past the attempts) every task whose lease expired. Returns (requeued, failed)."""
    now = now or timezone.now()
    requeued = failed = 0
    for task_id, worker_ids in expired(now):
        with exclusive_transaction(DBTaskResult.objects.db):
            task_result = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
            if task_result is None or task_result.status != TaskResultStatus.RUNNING or task_result.worker_ids != worker_ids:
                continue  # finished, or reclaimed and claimed again, meanwhile
            attempts = len(task_result.worker_ids)
            if attempts >= settings.SPORTELLO_TASK_MAX_ATTEMPTS:
                task_result.set_failed(LeaseExpired(f"worker {owner(task_result)} stopped after {attempts} attempts"))
                failed += 1
                logger.error("task failed: lease expired task=%s path=%s attempts=%d", task_id, task_result.task_path, attempts)
                continue
            task_result.status = TaskResultStatus.READY
            task_result.save(update_fields=["status"])
            requeued += 1
            logger.warning(
                "task requeued: lease expired task=%s path=%s worker=%s attempts=%d",
                task_id, task_result.task_path, owner(task_result), attempts,
            )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - lease()).delete()
    return requeued, failed
