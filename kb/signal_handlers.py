"""Keeping cached knowledge-base data fresh. Handlers only hand work to `transaction.on_commit`, robust: what
runs after commit logs its errors and never fails the request that committed."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from kb import events, view_restrictions
from kb.models import CrisisPage


def crisis_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    transaction.on_commit(events.notify_crisis_banners, robust=True)


def register_signal_handlers():
    for signal in (page_published, page_unpublished):
        signal.connect(crisis_changed, sender=CrisisPage, dispatch_uid=f"kb-crisis-{id(signal)}")
    post_delete.connect(crisis_changed, sender=CrisisPage, dispatch_uid="kb-crisis-deleted")
    view_restrictions.register_signal_handlers()
