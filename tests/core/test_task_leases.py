"""A worker killed mid-task loses nothing: its task is reclaimed once its lease expires and run again by
another worker, and running it twice notifies nobody twice (notifications de-duplicated by event)."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts import roles
from core import task_leases
from core.models import WorkerHeartbeat
from kb.models import OfferPage
from notifications import services
from notifications.models import Kind, Notification
from notifications.tasks import notify_article_published
from tests.core.blocking_tasks import notify_half_then_wait
from tests.factories import make_user, published_article

ROOT = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 3


def database_url():
    """The test database, for a worker started as a separate process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}@"
    return f"postgres://{credentials}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(tmp_path, name):
    env = {key: value for key, value in os.environ.items() if key not in ("ELASTICSEARCH_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev", DATABASE_URL=database_url(), DEBUG="0",
        TASK_HEARTBEAT_SECONDS="0.5", TASK_LEASE_SECONDS=str(LEASE_SECONDS),
    )
    log = open(tmp_path / f"{name}.log", "w")
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_worker", "--no-periodic", "--interval", "0.2"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def enqueue(task, *args):
    return DatabaseBackend("default", {"OPTIONS": {}}).enqueue(task, list(args), {})


def running_task(worker_ids, started_seconds_ago):
    result = enqueue(notify_article_published, 1)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=worker_ids,
        started_at=timezone.now() - datetime.timedelta(seconds=started_seconds_ago),
    )
    return result.id


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_of_a_killed_worker_is_run_again_and_notifies_each_reader_once(home, tmp_path):
    offer = published_article(OfferPage, title="Fibra 2.5 Giga a 24,90")
    readers = [make_user(f"operatore{number}", roles.CSR) for number in range(6)]
    Notification.objects.all().delete()  # a fresh audience for the task below
    reached, gate = tmp_path / "reached", tmp_path / "gate"
    result = enqueue(notify_half_then_wait, offer.pk, str(reached), str(gate))

    first = start_worker(tmp_path, "first")
    try:
        wait_for(reached.exists, 90, "the first worker to claim the task")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == TaskResultStatus.RUNNING and len(task.worker_ids) == 1
    assert Notification.objects.filter(kind=Kind.OFFER, page=offer).count() == len(readers) // 2

    gate.write_text("go")
    second = start_worker(tmp_path, "second")
    try:
        wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status != TaskResultStatus.RUNNING or
                 len(DBTaskResult.objects.get(pk=result.id).worker_ids) > 1, 90, "the task to be reclaimed")
        wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL, 60,
                 "the second worker to finish the task")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)
    task = DBTaskResult.objects.get(pk=result.id)
    assert len(task.worker_ids) == 2 and task.worker_ids[0] != task.worker_ids[1]
    assert task.finished_at - task.started_at < datetime.timedelta(seconds=60)
    notified = sorted(Notification.objects.filter(kind=Kind.OFFER, page=offer).values_list("user_id", flat=True))
    assert notified == sorted(reader.pk for reader in readers)
    assert task.return_value == len(readers) - len(readers) // 2
    assert not WorkerHeartbeat.objects.exists()  # both are gone: the killed one expired, the other left


@pytest.mark.django_db
def test_only_tasks_of_silent_workers_are_reclaimed(settings):
    settings.SPORTELLO_TASK_LEASE_SECONDS = 30
    task_leases.beat("alive")
    WorkerHeartbeat.objects.create(worker_id="dead", seen_at=timezone.now() - datetime.timedelta(seconds=31))
    alive = running_task(["alive"], started_seconds_ago=600)
    dead = running_task(["dead"], started_seconds_ago=600)
    never_beat = running_task(["vanished"], started_seconds_ago=600)
    just_claimed = running_task(["starting"], started_seconds_ago=5)

    assert task_leases.reclaim_expired() == (2, 0)
    status = {str(pk): value for pk, value in DBTaskResult.objects.values_list("pk", "status")}
    assert status[alive] == status[just_claimed] == TaskResultStatus.RUNNING
    assert status[dead] == status[never_beat] == TaskResultStatus.READY
    assert not WorkerHeartbeat.objects.filter(worker_id="dead").exists()


@pytest.mark.django_db
def test_a_task_whose_workers_keep_dying_fails_after_the_last_attempt(settings):
    settings.SPORTELLO_TASK_MAX_ATTEMPTS = 3
    doomed = running_task(["one", "two", "three"], started_seconds_ago=600)
    assert task_leases.reclaim_expired() == (0, 1)
    task = DBTaskResult.objects.get(pk=doomed)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "core.task_leases.LeaseExpired" and "3 attempts" in task.traceback


@pytest.mark.django_db
def test_notifying_one_event_twice_stores_it_once_per_recipient(csr, csr2):
    first = services.notify([csr.pk], Kind.OFFER, "Fibra", "/offerte/", event="offer:page:7")
    again = services.notify([csr.pk, csr2.pk], Kind.OFFER, "Fibra", "/offerte/", event="offer:page:7")
    assert [n.user_id for n in first] == [csr.pk] and [n.user_id for n in again] == [csr2.pk]
    assert Notification.objects.filter(event="offer:page:7").count() == 2


@pytest.mark.django_db
def test_the_worker_refuses_a_heartbeat_longer_than_half_the_lease(settings):
    from django.core.management import CommandError, call_command

    settings.SPORTELLO_TASK_HEARTBEAT_SECONDS, settings.SPORTELLO_TASK_LEASE_SECONDS = 40, 60
    with pytest.raises(CommandError, match="at most half"):
        call_command("run_worker")
