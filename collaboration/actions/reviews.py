"""Reviewers' sign-off: a certified answer, a market-need decision or a business signal's outcome (an
article report closed with a reply, an emerging problem or search gap closed) routed to an impact-table
row with reviewer groups stays *awaiting review* until each of those groups approved it; one rejection,
with its reason, ends the review and nothing is applied. `do_certify_answer`, `do_change_need_status`
and `do_close_signal` are the only ways to certify, decide or close, and all come through
`do_request_review` here when the row has reviewers, so the sign-off cannot be skipped."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration import access, events, service_levels
from collaboration.models import Review, SignOff, WorkflowStep


def reviewer_groups(rule):
    return list(rule.reviewer_groups.order_by("name")) if rule else []


def reviewed_item(answer=None, need=None, signal=None):
    if answer is not None:
        return {"answer": answer}
    return {"need": need} if need is not None else {"signal": signal}


def open_review(answer=None, need=None, signal=None):
    item = reviewed_item(answer, need, signal)
    return Review.objects.filter(state=Review.State.AWAITING, **item).prefetch_related("sign_offs__group").first()


def step_item(review):
    if review.answer_id:
        return {"question_id": review.answer.question_id}
    return {"need_id": review.need_id} if review.need_id else {"signal_id": review.signal_id}


@transaction.atomic
def do_request_review(user, rule, answer=None, need=None, proposed_status="", comment="", signal=None):
    """Hold a certification (`answer`), a decision (`need`, `proposed_status`, `comment`) or a signal's
    outcome (`signal`, `comment`) for the row's reviewers. Refused while another review of the same item
    is open."""
    if open_review(answer=answer, need=need, signal=signal):
        raise ValidationError(_("This is already awaiting review."))
    now = timezone.now()
    groups = reviewer_groups(rule)
    due = max(service_levels.due_after(now, rule.review_minutes, group) for group in groups)
    review = Review.objects.create(
        answer=answer, need=need, signal=signal, proposed_status=proposed_status, comment=comment, requested_by=user, due=due, created_at=now,
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
            | Q(review__signal__in=access.visible_signals(user))
        )
        .select_related("group", "review__answer__question", "review__need", "review__signal", "review__requested_by")
        .order_by("review__due", "review__created_at")
    )


def access_review(user, pk):
    """The open review, if the user may read its item (404 otherwise, as for the item itself)."""
    review = Review.objects.select_related("answer__question", "need", "signal").filter(pk=pk).first()
    if review is None:
        raise access.Http404
    if review.answer_id:
        access.access_question(user, review.answer.question_id)
    elif review.need_id:
        access.access_need(user, review.need_id)
    else:
        access.access_signal(user, review.signal_id)
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
    from collaboration.actions.signals import apply_signal_outcome

    if review.answer_id:
        apply_certification(review.requested_by, review.answer)
    elif review.need_id:
        apply_need_status(review.requested_by, review.need, review.proposed_status, review.comment)
    else:
        apply_signal_outcome(review.requested_by, review.signal, review.comment)
