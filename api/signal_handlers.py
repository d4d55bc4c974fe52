"""Keeping the reply check's rules (api.reply_check.rules) in step with what is published. Handlers only
hand the work to `transaction.on_commit`, robust, and ignore raw fixture loads."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from api.reply_check import rules
from collaboration.models import Answer
from kb.models import CrisisPage, OfferPage


def content_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    transaction.on_commit(rules.forget, robust=True)


def answer_saved(sender, instance, **kwargs):
    """Certifying, revoking or editing a certified or revoked answer changes the rules; posting one does not."""
    if kwargs.get("raw") or (instance.certified_at is None and instance.revoked_at is None):
        return
    transaction.on_commit(rules.forget, robust=True)


def register_signal_handlers():
    for model in (CrisisPage, OfferPage):
        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=f"api-reply-rules-{model.__name__}-{id(signal)}")
    post_save.connect(answer_saved, sender=Answer, dispatch_uid="api-reply-rules-answer-saved")
    post_delete.connect(answer_saved, sender=Answer, dispatch_uid="api-reply-rules-answer-deleted")
