"""Storing and delivering notifications. Callers choose the recipients and check their access first;
these functions apply each recipient's delivery preference, store the rows and push the live ones.

Call `notify` after commit (from `transaction.on_commit` or a task), never inside the transaction that
made the change: a rolled-back change must not leave a notification behind.
"""

import logging

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from core import live
from notifications.models import DEFAULT_DELIVERY, UNMUTABLE_KINDS, Delivery, DeliveryPreference, Notification
from notifications.rendering import as_event

logger = logging.getLogger(__name__)

CATCH_UP_LIMIT = 50


def deliveries(user_ids, kind):
    """{user id: delivery} for one kind; crisis notices are always live. Without a preference: live,
    except the kinds that are a digest by nature (DEFAULT_DELIVERY)."""
    if kind in UNMUTABLE_KINDS:
        return dict.fromkeys(user_ids, Delivery.LIVE)
    chosen = dict(
        DeliveryPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "delivery")
    )
    default = DEFAULT_DELIVERY.get(kind, Delivery.LIVE)
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def notify(user_ids, kind, subject, url, actor="", detail="", page=None, question=None, event=""):
    """Store one notification per recipient who wants this kind, and push it to those who want it live.

    `event` names what happened (e.g. "offer:page:12"): recipients already notified of it are skipped,
    so a task run twice (its worker died, core.task_leases) notifies each recipient once. Returns the
    notifications stored by this call.
    """
    wanted = {user_id: delivery for user_id, delivery in deliveries(set(user_ids), kind).items() if delivery != Delivery.OFF}
    if event:
        already = Notification.objects.filter(event=event, user_id__in=list(wanted)).values_list("user_id", flat=True)
        for user_id in set(already):
            del wanted[user_id]
    now = timezone.now()
    rows = [
        Notification(
            user_id=user_id, kind=kind, subject=subject[:255], actor=actor[:150], detail=detail[:100],
            url=url, delivery=delivery, created_at=now, page=page, question=question, event=event[:120],
        )
        for user_id, delivery in sorted(wanted.items())
    ]
    with transaction.atomic():
        if event:
            # A concurrent run may insert the same rows meanwhile: the unique constraint keeps one, and
            # only the rows of this call (its `now`) are pushed.
            Notification.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
            created = list(
                Notification.objects.filter(event=event[:120], user_id__in=list(wanted), created_at=now).order_by("pk")
            )
        else:
            created = Notification.objects.bulk_create(rows, batch_size=500)
    live.send_to_users(
        {n.user_id: {"type": "notification.new", "notification": as_event(n)} for n in created if n.delivery == Delivery.LIVE}
    )
    logger.info("notifications sent kind=%s recipients=%d", kind, len(created))
    return created


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def inbox_summary(user):
    """{"unread": count, "last_id": newest id or 0}, in one query."""
    summary = Notification.objects.filter(user=user).aggregate(
        unread=Count("pk", filter=Q(read_at__isnull=True)), last_id=Max("pk")
    )
    return {"unread": summary["unread"], "last_id": summary["last_id"] or 0}


def since(user, after_id, limit=CATCH_UP_LIMIT):
    """What a reconnecting page missed: notifications after the last id it saw, oldest first."""
    newest = Notification.objects.filter(user=user, pk__gt=after_id).order_by("-pk")[:limit]
    return sorted(newest, key=lambda notification: notification.pk)


def mark_read(user, notification_ids=None, kind=None):
    """Mark some (or all, or all of one kind) of the user's unread notifications read; returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    if kind is not None:
        unread = unread.filter(kind=kind)
    return unread.update(read_at=timezone.now())


def settle(event):
    """Mark every recipient's unread notification of `event` read: what it asked for is done (an approval
    another approver gave). Returns how many changed."""
    return Notification.objects.filter(event=event[:120], read_at__isnull=True).update(read_at=timezone.now())
