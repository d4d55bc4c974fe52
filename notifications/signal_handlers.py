"""New offers, defects and crises are announced after the publication commits, by a task."""

from django.db import transaction
from wagtail.signals import page_published

from kb.models import CrisisPage, KnownDefectPage, OfferPage


def article_published(sender, instance, **kwargs):
    from notifications.tasks import notify_article_published

    page_id = instance.pk
    transaction.on_commit(lambda: notify_article_published.enqueue(page_id), robust=True)


def register_signal_handlers():
    for model in (OfferPage, KnownDefectPage, CrisisPage):
        page_published.connect(article_published, sender=model, dispatch_uid=f"notifications-published-{model.__name__}")
