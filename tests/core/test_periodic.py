"""Several workers tick the periodic jobs; each job is enqueued once per period, not once per worker."""

import datetime
import threading

import pytest
from django.db import close_old_connections
from django.utils import timezone

from core import periodic
from core.models import PeriodicRun
from tests.core import blocking_tasks

PERIOD = datetime.timedelta(seconds=60)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # like every transactional test here: the flush keeps the content types
def test_of_workers_ticking_at_once_exactly_one_claims_the_job():
    now = timezone.now()
    workers = 6
    start = threading.Barrier(workers)
    results = []

    def tick():
        try:
            start.wait()
            results.append(periodic.claim("kb.tasks.publish_scheduled_pages", PERIOD, now))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=tick) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * (workers - 1) + [True]
    run = PeriodicRun.objects.get()
    assert run.next_run_at == now + PERIOD and run.last_run_at == now


@pytest.mark.django_db
def test_a_job_is_due_again_one_period_later_and_a_slightly_early_tick_still_runs_it():
    now = timezone.now()
    assert periodic.claim("job", PERIOD, now)
    assert not periodic.claim("job", PERIOD, now + PERIOD / 2)
    assert periodic.claim("job", PERIOD, now + PERIOD - datetime.timedelta(milliseconds=300))
    assert not periodic.claim("job", PERIOD, now + PERIOD + datetime.timedelta(seconds=5))


@pytest.mark.django_db
def test_two_workers_enqueue_each_job_once_per_period(settings):
    settings.SPORTELLO_PERIODIC_TASKS = ["tests.core.blocking_tasks.record_tick", "no.such.task"]
    settings.SPORTELLO_PERIODIC_SECONDS = 60
    blocking_tasks.TICKS.clear()
    now = timezone.now()
    first = periodic.enqueue_due(now)
    second = periodic.enqueue_due(now + datetime.timedelta(seconds=2))  # the other worker's tick
    assert (first, second) == (["tests.core.blocking_tasks.record_tick"], [])
    assert len(blocking_tasks.TICKS) == 1
    assert periodic.enqueue_due(now + datetime.timedelta(seconds=60)) == ["tests.core.blocking_tasks.record_tick"]
    assert len(blocking_tasks.TICKS) == 2
