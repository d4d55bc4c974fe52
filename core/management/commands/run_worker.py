"""The background worker: drains the django-tasks database queue and runs the periodic jobs.

One process does both, so `make run` (and a production deployment) needs no cron entry: every
SPORTELLO_PERIODIC_SECONDS it enqueues the jobs named in SPORTELLO_PERIODIC_TASKS, then a
django-tasks-db worker runs them with everything else in the queue. Several workers may all tick: each job is
enqueued once per period by whichever claims it first (core.periodic).

A third thread keeps the worker's lease (core.task_leases): it beats every SPORTELLO_TASK_HEARTBEAT_SECONDS
(the heartbeat /readyz reads) and puts back in the queue the tasks of workers that stopped beating, so a killed
worker loses nothing. A fourth sends, every SPORTELLO_TICK_SECONDS, the live events the channel layer refused
(core.live_outbox).
"""

import logging
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from core import live, task_leases
from core import periodic as periodic_jobs

logger = logging.getLogger(__name__)


def enqueue_periodic_tasks():
    try:
        periodic_jobs.enqueue_due()
    finally:
        close_old_connections()


def keep_lease(worker_id):
    try:
        task_leases.beat(worker_id)
        task_leases.reclaim_expired()
    except Exception:
        logger.exception("worker heartbeat failed worker=%s", worker_id)
    finally:
        close_old_connections()


def send_refused_live_events():
    """A failure (database or Redis still down) is logged and retried at the next tick."""
    try:
        live.send_pending()
    except Exception:
        logger.exception("sending refused live events failed")
    finally:
        close_old_connections()


def every(seconds, stop, job):
    """Run `job` now and then every `seconds` until `stop` is set, in a daemon thread."""

    def loop():
        while not stop.is_set():
            job()
            stop.wait(seconds)

    threading.Thread(target=loop, daemon=True).start()


class Command(BaseCommand):
    help = "Run the background worker: queued tasks plus scheduled publishing and expiry every minute."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between queue polls")
        parser.add_argument(
            "--no-periodic", action="store_false", dest="periodic",
            help="Only run queued tasks; leave the periodic jobs to another worker",
        )

    def handle(self, interval, periodic, **options):
        heartbeat, lease = settings.SPORTELLO_TASK_HEARTBEAT_SECONDS, settings.SPORTELLO_TASK_LEASE_SECONDS
        if not 0 < heartbeat * 2 <= lease:
            raise CommandError(
                f"TASK_HEARTBEAT_SECONDS ({heartbeat}) must be positive and at most half of TASK_LEASE_SECONDS ({lease})."
            )
        worker_id = get_random_string(32)
        stop = threading.Event()
        task_leases.beat(worker_id)  # before the first claim: a new worker is never taken for dead
        every(heartbeat, stop, lambda: keep_lease(worker_id))
        every(settings.SPORTELLO_TICK_SECONDS, stop, send_refused_live_events)
        if periodic:
            every(settings.SPORTELLO_PERIODIC_SECONDS, stop, enqueue_periodic_tasks)
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        self.stdout.write(
            "Worker %s started; lease %s s; periodic jobs %s"
            % (worker_id, lease, f"every {settings.SPORTELLO_PERIODIC_SECONDS} s" if periodic else "off")
        )
        try:
            worker.run()
        finally:
            stop.set()
            task_leases.forget(worker_id)
