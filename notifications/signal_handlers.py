"""New offers, defects and crises are announced after the publication commits, by a task."""

from django.db import transaction
from wagtail.signals import page_published, task_approved, task_cancelled, task_rejected, task_submitted

from kb import announcements
from kb.models import CrisisPage, KnownDefectPage, OfferPage
from notifications import services


def article_published(sender, instance, **kwargs):
    from notifications.tasks import notify_article_published

    if not announcements.announcements_wanted():
        return
    page_id = instance.pk
    transaction.on_commit(lambda: notify_article_published.enqueue(page_id), robust=True)


def approval_requested(sender, instance, **kwargs):
    """A page reached a moderation step: its approvers are told after the commit (approvals inbox)."""
    from notifications.tasks import notify_approval_requested

    task_state_id = instance.pk
    transaction.on_commit(lambda: notify_approval_requested.enqueue(task_state_id), robust=True)


def approval_settled(sender, instance, **kwargs):
    """The step was approved, rejected or cancelled: its notices are no longer waiting for anyone."""
    from notifications.tasks import approval_event

    event = approval_event(instance.pk)
    transaction.on_commit(lambda: services.settle(event), robust=True)


def register_signal_handlers():
    task_submitted.connect(approval_requested, dispatch_uid="notifications-approval-requested")
    for name, signal in (("approved", task_approved), ("rejected", task_rejected), ("cancelled", task_cancelled)):
        signal.connect(approval_settled, dispatch_uid=f"notifications-approval-{name}")
    for model in (OfferPage, KnownDefectPage, CrisisPage):
        page_published.connect(article_published, sender=model, dispatch_uid=f"notifications-published-{model.__name__}")
