"""Best practices, market needs (with +1s and status changes) and reports on KB articles."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from collaboration import access, events
from collaboration.actions import reviews, routing, signals
from collaboration.actions.editing import save_edit
from collaboration.actions.posting import check_rate_limit, record_mentions, render
from collaboration.actions.questions import check_can_edit, check_can_post
from collaboration.models import ArticleReport, BestPractice, BusinessSignal, MarketNeed, MarketNeedStatusChange, MarketNeedSupport

NEED_TRANSITIONS = {
    MarketNeed.Status.NEW: {MarketNeed.Status.UNDER_REVIEW, MarketNeed.Status.DECLINED},
    MarketNeed.Status.UNDER_REVIEW: {MarketNeed.Status.ACCEPTED, MarketNeed.Status.DECLINED},
    MarketNeed.Status.ACCEPTED: {MarketNeed.Status.PLANNED, MarketNeed.Status.DECLINED},
    MarketNeed.Status.PLANNED: {MarketNeed.Status.ACCEPTED},
    MarketNeed.Status.DECLINED: {MarketNeed.Status.UNDER_REVIEW},
}


@transaction.atomic
def do_share_practice(user, space, title, body, product=None, tags=()):
    check_can_post(user, space)
    practice = BestPractice.objects.create(
        space=space, author=user, title=title.strip(), body=body, body_html=render(body), product=product
    )
    if tags:
        practice.tags.set([tag.lower() for tag in tags])
    record_mentions(practice, user, body)
    return practice


@transaction.atomic
def do_edit_practice(user, practice, title, body, product=None, tags=None, version=None):
    """Save an edit of a best practice (author or space moderator); EditConflict if saved after `version`."""
    check_can_edit(user, practice, practice.space)
    save_edit(practice, user, version or practice.version, {
        "title": title.strip(), "body": body, "body_html": render(body), "product": product,
    })
    if tags is not None:
        practice.tags.set([tag.lower() for tag in tags])
    record_mentions(practice, user, body)
    return practice


@transaction.atomic
def do_flag_need(user, space, title, customers_ask, frequency, customers_affected, channel, product=None):
    check_can_post(user, space)
    need = MarketNeed.objects.create(
        space=space, author=user, title=title.strip(), customers_ask=customers_ask,
        customers_ask_html=render(customers_ask), frequency=frequency, customers_affected=customers_affected,
        channel=channel, product=product,
    )
    # The author is the first operator behind the need (collaboration.supporters); their customers are
    # already in `customers_affected`, so their row adds none.
    MarketNeedSupport.objects.create(need=need, user=user, customers=0, created_at=need.created_at)
    record_mentions(need, user, customers_ask)
    routing.do_route_need(need)
    return need


@transaction.atomic
def do_edit_need(user, need, title, customers_ask, frequency, channel, product=None, version=None):
    """Save an edit of a market need's description (author or space moderator); its status, +1s and
    customer count are not edited here. EditConflict if saved after `version`."""
    check_can_edit(user, need, need.space)
    save_edit(need, user, version or need.version, {
        "title": title.strip(), "customers_ask": customers_ask, "customers_ask_html": render(customers_ask),
        "frequency": frequency, "channel": channel, "product": product,
    })
    record_mentions(need, user, customers_ask)
    return need


def check_can_support(user, need):
    access.require(access.has_space_permission(user, need.space, access.VIEW), _("You cannot support this."))


def do_support_need(user, need, note="", customers=1):
    """"+1, I heard it too". Once per operator (the author already counts); the customers they heard of
    are added to the need's estimate atomically."""
    check_can_support(user, need)
    try:
        with transaction.atomic():
            MarketNeedSupport.objects.create(need=need, user=user, note=note.strip()[:500], customers=max(1, customers))
            MarketNeed.objects.filter(pk=need.pk).update(customers_affected=F("customers_affected") + max(1, customers))
    except IntegrityError:
        raise ValidationError(_("You already said you heard this too.")) from None
    need.refresh_from_db()
    with transaction.atomic():
        routing.route_need_after_support(need)
    return need


@transaction.atomic
def do_withdraw_support(user, need):
    """Take back one's +1 (or, for the author, their flag): the customers it added leave the estimate."""
    check_can_support(user, need)
    support = MarketNeedSupport.objects.select_for_update().filter(need=need, user=user).first()
    if support is None:
        raise ValidationError(_("You had not said you heard this."))
    support.delete()
    # Never below one customer: the estimate of whoever flagged it stays.
    MarketNeed.objects.filter(pk=need.pk).update(
        customers_affected=Greatest(F("customers_affected") - support.customers, Value(1))
    )
    need.refresh_from_db()
    return need


def can_decide_needs(user):
    """Business owners: experts of the business functions, approvers and administrators."""
    return roles.has_role(user, roles.EXPERT, roles.APPROVER, roles.ADMINISTRATOR)


# A decision: the front line is told, and when the need's impact-table row has reviewers, they sign off first.
DECISIONS = {MarketNeed.Status.ACCEPTED, MarketNeed.Status.PLANNED, MarketNeed.Status.DECLINED}


@transaction.atomic
def do_change_need_status(user, need, status, comment):
    """Apply a status change; a decision on a need whose row has reviewers waits for their sign-off
    (collaboration.actions.reviews) and the need keeps its status meanwhile."""
    access.require(can_decide_needs(user), _("Only the business owners can change the status."))
    if status not in NEED_TRANSITIONS.get(need.status, set()):
        raise ValidationError(_("A need cannot go from %(old)s to %(new)s.") % {"old": need.status, "new": status})
    if not comment.strip():
        raise ValidationError(_("Explain the decision to the front line."))
    if status in DECISIONS and reviews.reviewer_groups(need.impact_rule):
        reviews.do_request_review(user, need.impact_rule, need=need, proposed_status=status, comment=comment.strip())
        return need
    return apply_need_status(user, need, status, comment)


def apply_need_status(user, need, status, comment):
    """Call inside a transaction, after the rights, the transition and the reviewers' sign-off were checked.
    Every operator who gave a +1 (and the author) is told, with a link (events.need_status_changed)."""
    need = MarketNeed.objects.select_for_update().get(pk=need.pk)
    if status not in NEED_TRANSITIONS.get(need.status, set()):
        raise ValidationError(_("A need cannot go from %(old)s to %(new)s.") % {"old": need.status, "new": status})
    MarketNeedStatusChange.objects.create(need=need, status=status, comment=comment.strip(), changed_by=user)
    need.status = status
    need.decided_at = timezone.now() if status in DECISIONS else need.decided_at
    need.save(update_fields=["status", "decided_at"])
    events.on_commit(events.need_status_changed, need.pk)
    return need


@transaction.atomic
def do_report_article(user, article, kind, note):
    """One open report per operator and article (the owner's reply closes it; then they may report again),
    under the same rate limit as every post, so reports cannot be used to spam an owner or the dashboard."""
    if kind not in ArticleReport.Kind.values:
        raise ValidationError(_("Choose what is wrong with the article."))
    if not note.strip():
        raise ValidationError(_("Tell the owner what is wrong."))
    # The reporter's row serialises their own reports, so two quick submits cannot both pass the check.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if ArticleReport.objects.filter(article=article, reporter=user, closed_at__isnull=True).exists():
        raise ValidationError(_("You have already reported this article: its owner has not replied yet."))
    check_rate_limit(user)
    report = ArticleReport.objects.create(article=article, reporter=user, kind=kind, note=note.strip())
    signals.do_route_report(report)
    return report


@transaction.atomic
def do_close_report(user, report, reply):
    """The reply is the outcome of the report's signal (collaboration.actions.signals): the article's owner
    or the function the impact table routed it to closes it, after the row's reviewers signed off, and the
    reporter is told. Reports older than their signals close directly."""
    if not reply.strip():
        raise ValidationError(_("Reply to the operator who reported it."))
    signal = BusinessSignal.objects.filter(report=report).first()
    if signal is not None:
        signals.do_close_signal(user, signal, reply)
        report.refresh_from_db()
        return report
    access.require(
        report.article.content_owner_id == user.pk or roles.has_role(user, roles.APPROVER, roles.ADMINISTRATOR),
        _("Only the article's owner can close this report."),
    )
    report.closed_at, report.closed_by, report.reply = timezone.now(), user, reply.strip()
    report.save(update_fields=["closed_at", "closed_by", "reply"])
    events.on_commit(events.report_closed, report.pk)
    return report
