"""Counting article reads: one row per article and local day, incremented in the database."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kb.models import ArticleViewDay


def record_view(article_id, day=None):
    """Add one read of the article today. Concurrent first reads of the day race on the unique
    constraint: the loser adds its read to the row the winner created."""
    day = day or timezone.localdate()
    if ArticleViewDay.objects.filter(article_id=article_id, day=day).update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            ArticleViewDay.objects.create(article_id=article_id, day=day, views=1)
    except IntegrityError:
        ArticleViewDay.objects.filter(article_id=article_id, day=day).update(views=F("views") + 1)
