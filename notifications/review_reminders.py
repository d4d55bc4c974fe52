"""Reminding content owners of their articles before the review date passes.

An owner is told once per article and review date (the event carries the date): verifying the article
(kb.verification) moves the date, and the next reminder comes before the new one.
"""

import datetime

from django.utils import timezone

from kb.models import ArticlePage
from kb.verification import DUE_SOON_DAYS
from notifications import services
from notifications.models import Kind, Notification


def articles_due(today=None):
    """Live articles with an owner whose review date is within DUE_SOON_DAYS (or past), soonest first."""
    today = today or timezone.localdate()
    return (
        ArticlePage.objects.live().unexpired()
        .filter(content_owner__is_active=True, review_by__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .order_by("review_by", "pk")
    )


def review_event(page):
    return f"review:page:{page.pk}:{page.review_by.isoformat()}"


def remind_owners(today=None):
    """Notify each owner of each article due, unless already told for this review date; returns how many."""
    due = list(articles_due(today))
    told = set(Notification.objects.filter(kind=Kind.REVIEW, event__in=[review_event(page) for page in due]).values_list("event", flat=True))
    sent = 0
    for page in due:
        event = review_event(page)
        if event in told:
            continue
        sent += len(services.notify([page.content_owner_id], Kind.REVIEW, page.title, page.url or "/", page=page, event=event))
    return sent
