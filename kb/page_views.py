"""Counting article reads: one row per article and local day.

Reads are added up in the process and written at most every FLUSH_SECONDS, by the request that finds the
buffer due: a page view costs no database write (bench/pages.py). A process that stops loses at most
that many seconds of counts, which a "most read" ranking can afford.
"""

import threading
import time
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kb.models import ArticlePage, ArticleViewDay

FLUSH_SECONDS = 10

_pending = Counter()
_lock = threading.Lock()
_last_flush = time.monotonic()


def record_view(article_id, day=None):
    """Count one read of the article (today by default); written with the next due flush."""
    global _last_flush
    with _lock:
        _pending[(article_id, day or timezone.localdate())] += 1
        if time.monotonic() - _last_flush < FLUSH_SECONDS:
            return
        _last_flush = time.monotonic()
    flush()


def flush():
    """Write the counted reads now (of articles that still exist)."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
    existing = set(ArticlePage.objects.filter(pk__in={article_id for article_id, _day in batch}).values_list("pk", flat=True))
    for (article_id, day), count in batch.items():
        if article_id in existing:
            add(article_id, day, count)


def add(article_id, day, count):
    """Concurrent first writes of a day race on the unique constraint: the loser adds to the winner's row."""
    if ArticleViewDay.objects.filter(article_id=article_id, day=day).update(views=F("views") + count):
        return
    try:
        with transaction.atomic():
            ArticleViewDay.objects.create(article_id=article_id, day=day, views=count)
    except IntegrityError:
        ArticleViewDay.objects.filter(article_id=article_id, day=day).update(views=F("views") + count)
