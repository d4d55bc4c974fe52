"""A task for tests/core/test_task_leases.py that a worker can be killed in: it notifies the first half of
an article's readers (as a crash between two batches would leave it), says so in a file, then waits for a
gate file before doing the whole publication notice."""

import time
from pathlib import Path

from django_tasks import task

from notifications import audiences, services
from notifications.models import Kind
from notifications.tasks import notify_article_published


@task()
def notify_half_then_wait(page_id, reached, gate):
    from wagtail.models import Page

    page = Page.objects.get(pk=page_id).specific
    readers = sorted(audiences.interested(page, audiences.article_readers(page)).values_list("pk", flat=True))
    services.notify(readers[: len(readers) // 2], Kind.OFFER, page.title, page.url or "/", page=page, event=f"offer:page:{page_id}")
    Path(reached).write_text("notified half")
    deadline = time.monotonic() + 120
    while not Path(gate).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return notify_article_published.call(page_id)


TICKS = []


@task()
def record_tick():
    """A periodic job for tests/core/test_periodic.py: counts how often it was enqueued (run at once by the
    test settings' immediate backend)."""
    TICKS.append(time.monotonic())
