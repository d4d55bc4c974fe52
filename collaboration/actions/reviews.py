"""Reviewers' sign-off: a certified answer or a market-need decision routed to an impact-table row with
reviewer groups stays *awaiting review* until each of those groups approved it; one rejection, with its
reason, ends the review and nothing is applied. `do_certify_answer` and `do_change_need_status` are the
only ways to certify or decide, and both come through `needs_review` here, so the sign-off cannot be
skipped."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration import access, events, service_levels
from collaboration.models import Review, SignOff, WorkflowStep


def reviewer_groups(rule):
    return list(rule.reviewer_groups.order_by("name")) if rule else []


def open_review(answer=None, need=None):
    item = {"answer": answer} if answer is not None else {"need": need}
    return Review.objects.filter(state=Review.State.AWAITING, **item).prefetch_related("sign_offs__group").first()


def step_item(review):
    return {"question_id": review.answer.question_id} if review.answer_id else {"need_id": review.need_id}


@transaction.atomic
def do_request_review(user, rule, answer=None, need=None, proposed_status="", comment=""):
    """Hold a certification (`answer`) or a decision (`need`, `proposed_status`, `comment`) for the row's
    reviewers. Refused while another review of the same item is open."""
    if open_review(answer=answer, need=need):
        raise ValidationError(_("This is already awaiting review."))
    now = timezone.now()
    groups = reviewer_groups(rule)
    due = max(service_levels.due_after(now, rule.review_minutes, group) for group in groups)
    review = Review.objects.create(
        answer=answer, need=need, proposed_status=proposed_status, comment=comment, requested_by=user, due=due, created_at=now,
    )
    SignOff.objects.bulk_create([SignOff(review=review, group=group) for group in groups])
    WorkflowStep.objects.create(
        kind=WorkflowStep.Kind.REVIEW_REQUESTED, user=user, note=", ".join(g.name for g in groups), created_at=now,
        **step_item(review),
    )
    events.on_commit(events.review_requested, review.pk)
    return review


def my_pending_sign_offs(user):
    """Sign-offs still asked of the user's groups, on items the user may read, the soonest due first."""
    return (
        SignOff.objects.filter(decision=SignOff.Decision.PENDING, review__state=Review.State.AWAITING)
        .filter(group__in=user.groups.all())
        .filter(
            Q(review__answer__question__in=access.visible_questions(user))
            | Q(review__need__in=access.visible_needs(user))
        )
        .select_related("group", "review__answer__question", "review__need", "review__requested_by")
        .order_by("review__due", "review__created_at")
    )


def access_review(user, pk):
    """The open review, if the user may read its item (404 otherwise, as for the item itself)."""
    review = Review.objects.select_related("answer__question", "need").filter(pk=pk).first()
    if review is None:
        raise access.Http404
    if review.answer_id:
        access.access_question(user, review.answer.question_id)
    else:
        access.access_need(user, review.need_id)
    return review


@transaction.atomic
def do_sign_off(user, review, approve, reason=""):
    """Approve or reject for every reviewer group of the user still pending on this review. When the last
    group approves, the certification or decision is applied as its requester made it."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.state != Review.State.AWAITING:
        raise ValidationError(_("This review is already closed."))
    mine = list(review.sign_offs.filter(decision=SignOff.Decision.PENDING, group__in=user.groups.all()))
    if not mine:
        raise PermissionDenied(_("None of your groups is asked to sign this off."))
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(_("Say why you reject it."))
    now = timezone.now()
    decision = SignOff.Decision.APPROVED if approve else SignOff.Decision.REJECTED
    for sign_off in mine:
        sign_off.decision, sign_off.reason, sign_off.decided_by, sign_off.decided_at = decision, reason, user, now
        sign_off.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
        WorkflowStep.objects.create(
            kind=WorkflowStep.Kind.SIGNED_OFF if approve else WorkflowStep.Kind.REJECTED, group=sign_off.group, user=user,
            note=reason[:500], created_at=now, **step_item(review),
        )
    if not approve:
        review.state, review.closed_at = Review.State.REJECTED, now
    elif not review.sign_offs.exclude(decision=SignOff.Decision.APPROVED).exists():
        review.state, review.closed_at = Review.State.APPROVED, now
        WorkflowStep.objects.create(kind=WorkflowStep.Kind.FINAL, created_at=now, **step_item(review))
        apply_approved(review)
    review.save(update_fields=["state", "closed_at"])
    return review


def apply_approved(review):
    from collaboration.actions.certification import apply_certification
    from collaboration.actions.contributions import apply_need_status

    if review.answer_id:
        apply_certification(review.requested_by, review.answer)
    else:
        apply_need_status(review.requested_by, review.need, review.proposed_status, review.comment)
