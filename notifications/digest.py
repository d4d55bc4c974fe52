"""The email digest: unread notifications of the kinds a user chose to receive by email."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Delivery, Kind, Notification
from notifications.rendering import sentence
from notifications.visibility import withhold

logger = logging.getLogger(__name__)


def digest_interval():
    return datetime.timedelta(hours=settings.NOTIFICATIONS_DIGEST_HOURS)


def opening_url(notification):
    """Through the inbox, so that following the link marks the notification read."""
    return settings.SPORTELLO_BASE_URL + reverse("notifications:open", args=[notification.pk])


def pending():
    return Notification.objects.filter(delivery=Delivery.EMAIL, emailed_at__isnull=True, read_at__isnull=True)


def section_heading(notification):
    """Signals of the impact table are grouped by their row; everything else by its kind."""
    if notification.kind == Kind.INFORMED and notification.detail:
        return translation.gettext("Impact table: %(row)s") % {"row": notification.detail}
    return str(Kind(notification.kind).label)


def sections(user, items):
    """[(heading, [(sentence, url), …]), …] in the order each heading first appears."""
    grouped = {}
    for n in withhold(user, items):
        grouped.setdefault(section_heading(n), []).append(
            (sentence(n.kind, n.subject, n.actor, n.detail, n.withheld), opening_url(n))
        )
    return list(grouped.items())


def send_email_digests(now=None):
    """One email per user with pending notifications and no digest in the last interval. Returns how many."""
    now = now or timezone.now()
    recently_emailed = Notification.objects.filter(emailed_at__gte=now - digest_interval()).values("user_id")
    users = (
        get_user_model().objects.filter(is_active=True, pk__in=pending().values("user_id"))
        .exclude(pk__in=recently_emailed).exclude(email="")
    )
    sent, notified = 0, 0
    connection = get_connection()
    for user in users:
        items = list(pending().filter(user=user).order_by("pk"))
        with translation.override(settings.LANGUAGE_CODE):
            subject = translation.gettext("Sportello: %(count)d notifications") % {"count": len(items)}
            body = render_to_string("notifications/digest_email.txt", {"user": user, "sections": sections(user, items)})
        # Marked as soon as each email is sent: a worker killed in the middle of the run sends again at most
        # the one email it was sending, not every digest of the run (core.task_leases runs the task again).
        connection.send_messages([EmailMessage(subject, body, to=[user.email])])
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        sent, notified = sent + 1, notified + len(items)
    logger.info("email digests sent count=%d notifications=%d", sent, notified)
    return sent
