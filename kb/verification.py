"""Verifying an article: its owner confirms in one click that the live text is still correct.

Like Guru's verified badge: the review date moves forward by the review period, and operators see who
verified it and when. No new revision is published (nothing in the text changed), so no approval is needed;
the page row and its live and latest revisions get the new review date, so the next edit starts from it.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Revision

from accounts import roles
from kb.models import ArticlePage
from kb.signals import article_verified

logger = logging.getLogger(__name__)

REVIEW_PERIOD = datetime.timedelta(days=180)
VERIFY_LOG_ACTION = "kb.verify"
# Owners are reminded of articles whose review date falls within this many days (kb.review_reminders).
DUE_SOON_DAYS = 14


def may_verify(user, page):
    """The article's owner, or whoever may edit it in the admin (approvers, administrators)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if page.content_owner_id == user.pk:
        return True
    # Only the admin's roles can edit pages: CSRs reading an article pay no permission query.
    return roles.has_role(user, *roles.ADMIN_ROLES) and page.permissions_for_user(user).can_edit()


def access_article_to_verify(user, page_id):
    """The live, unexpired article `page_id` if `user` may verify it; PermissionDenied otherwise."""
    page = ArticlePage.objects.live().unexpired().filter(pk=page_id).first()
    if page is None or not may_verify(user, page):
        raise PermissionDenied(_("You cannot verify this article."))
    return page


@transaction.atomic
def do_verify(user, page, today=None):
    """Mark `page` verified by `user` now and due for review a period from `today`; returns the new date."""
    today = today or timezone.localdate()
    review_by = today + REVIEW_PERIOD
    now = timezone.now()
    ArticlePage.objects.filter(pk=page.pk).update(review_by=review_by, verified_at=now, verified_by=user)
    revision_ids = {page.live_revision_id, page.latest_revision_id} - {None}
    for revision in Revision.objects.select_for_update().filter(pk__in=revision_ids):
        revision.content = {**revision.content, "review_by": review_by.isoformat(), "verified_at": now.isoformat(), "verified_by": user.pk}
        revision.save(update_fields=["content"])
    page.review_by, page.verified_at, page.verified_by = review_by, now, user
    log(instance=page, action=VERIFY_LOG_ACTION, user=user, data={"review_by": review_by.isoformat()})
    specific = page.specific
    specific.review_by, specific.verified_at, specific.verified_by = review_by, now, user
    article_verified.send(sender=type(specific), instance=specific, user=user)
    logger.info("article verified page=%s user=%s review_by=%s", page.pk, user.pk, review_by)
    return review_by
