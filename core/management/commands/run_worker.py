"""The background worker: drains the django-tasks database queue and runs the periodic jobs.

One process does both, so `make run` (and a production deployment) needs no cron entry: every
SPORTELLO_PERIODIC_SECONDS it enqueues the jobs named in SPORTELLO_PERIODIC_TASKS, then a
django-tasks-db worker runs them with everything else in the queue. Every SPORTELLO_TICK_SECONDS it also
records its heartbeat (for /readyz) and sends the live events the channel layer refused (core.live_outbox).
"""

import logging
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker

from core import heartbeat, live

logger = logging.getLogger(__name__)


def enqueue_periodic_tasks():
    for path in settings.SPORTELLO_PERIODIC_TASKS:
        try:
            import_string(path).enqueue()
        except Exception:
            logger.exception("periodic task not enqueued task=%s", path)
        finally:
            close_old_connections()


def tick(worker_id):
    """The worker's frequent chores; a failure (database or Redis down) is logged and retried next tick."""
    for chore in (lambda: heartbeat.beat(worker_id), live.send_pending):
        try:
            chore()
        except Exception:
            logger.exception("worker chore failed")
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "Run the background worker: queued tasks plus scheduled publishing and expiry every minute."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between queue polls")

    def handle(self, interval, **options):
        stop = threading.Event()
        worker_id = get_random_string(32)

        def scheduler():
            next_periodic = time.monotonic()
            while not stop.is_set():
                if time.monotonic() >= next_periodic:
                    enqueue_periodic_tasks()
                    next_periodic = time.monotonic() + settings.SPORTELLO_PERIODIC_SECONDS
                tick(worker_id)
                stop.wait(settings.SPORTELLO_TICK_SECONDS)

        threading.Thread(target=scheduler, name="periodic-tasks", daemon=True).start()
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
        self.stdout.write("Worker started; periodic jobs every %s s" % settings.SPORTELLO_PERIODIC_SECONDS)
        try:
            worker.run()
        finally:
            stop.set()
