"""The indexing outbox: content changes become IndexJob rows in the same transaction, and are applied
to Elasticsearch after commit, by a task, and again by the worker until they succeed.

Saving content therefore never waits on, or fails because of, Elasticsearch.
"""

import datetime
import logging

from django.db import connection, transaction
from django.utils import timezone

from search.models import IndexJob

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_BACKOFF_SECONDS = 300


def queue(kind, object_ids, action=IndexJob.Action.INDEX):
    """Record that these objects must be (re)indexed or deleted; apply after the transaction commits."""
    from search.client import enabled

    object_ids = list(object_ids)
    # Without Elasticsearch (the embedded default) there is no index to keep; `search_index rebuild`
    # fills one when ELASTICSEARCH_URL is set later.
    if not object_ids or not enabled():
        return
    IndexJob.objects.bulk_create([IndexJob(kind=kind, object_id=pk, action=action) for pk in object_ids])
    transaction.on_commit(enqueue_processing, robust=True)


def enqueue_processing():
    from search.tasks import process_index_jobs

    try:
        process_index_jobs.enqueue()
    except Exception:
        # The jobs are safe in the outbox; the worker's periodic run will apply them.
        logger.exception("index job processing not enqueued")


def backoff(attempts):
    return datetime.timedelta(seconds=min(2**attempts, MAX_BACKOFF_SECONDS))


def due_jobs(limit):
    jobs = IndexJob.objects.filter(next_attempt_at__lte=timezone.now()).order_by("id")
    if connection.features.has_select_for_update_skip_locked:
        jobs = jobs.select_for_update(skip_locked=True)
    return list(jobs[:limit])


def process(limit=BATCH_SIZE):
    """Apply due jobs to the index. Returns (applied, failed). Safe to run from several workers."""
    from search import indexing
    from search.client import enabled

    if not enabled():
        return 0, 0
    with transaction.atomic():
        jobs = due_jobs(limit)
        if not jobs:
            return 0, 0
        by_kind = {}
        for job in jobs:
            by_kind.setdefault(job.kind, {})[job.object_id] = job.action
        try:
            for kind, actions in by_kind.items():
                indexing.apply(kind, actions)
        except indexing.IndexingUnavailable as error:
            now = timezone.now()
            for job in jobs:
                job.attempts += 1
                job.last_error = str(error)[:2000]
                job.next_attempt_at = now + backoff(job.attempts)
            IndexJob.objects.bulk_update(jobs, ["attempts", "last_error", "next_attempt_at"])
            logger.warning("index jobs postponed count=%s error=%s", len(jobs), error)
            return 0, len(jobs)
        IndexJob.objects.filter(pk__in=[job.pk for job in jobs]).delete()
    return len(jobs), 0


def process_all():
    """Drain every due job (used by the worker and by `search_index update`)."""
    applied = failed = 0
    while True:
        done, postponed = process()
        applied += done
        failed += postponed
        if not done:
            return applied, failed


def backlog():
    """What the health page shows: pending jobs and the age of the oldest."""
    oldest = IndexJob.objects.order_by("created_at").values_list("created_at", flat=True).first()
    failing = IndexJob.objects.filter(attempts__gt=0).order_by("-attempts").first()
    return {
        "pending": IndexJob.objects.count(),
        "oldest": oldest,
        "last_error": failing.last_error if failing else "",
    }
