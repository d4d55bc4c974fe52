"""Certified answers: an Expert or Approver marks an answer as the company's position, or revokes it.
When the question's impact-table row names reviewers, the certification waits for their sign-off
(collaboration.actions.reviews)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from collaboration import access, events
from collaboration.actions import reviews
from collaboration.models import Question


def can_certify(user):
    return roles.has_role(user, roles.EXPERT, roles.APPROVER, roles.ADMINISTRATOR)


@transaction.atomic
def do_certify_answer(user, answer):
    """Certify now, or open a review when the question's row has reviewers (the answer is then not
    certified until each reviewer group approved). Returns the answer."""
    access.require(can_certify(user), _("Only experts and approvers can certify answers."))
    rule = answer.question.impact_rule
    if reviews.reviewer_groups(rule):
        reviews.do_request_review(user, rule, answer=answer)
        events.on_commit(events.question_updated, answer.question_id, "review")
        return answer
    return apply_certification(user, answer)


def apply_certification(user, answer):
    """Call inside a transaction, after the rights and the reviewers' sign-off were checked."""
    now = timezone.now()
    answer.certified_at, answer.certified_by, answer.revoked_at, answer.revoked_reason = now, user, None, ""
    answer.save(update_fields=["certified_at", "certified_by", "revoked_at", "revoked_reason"])
    question = answer.question
    question.status = Question.Status.ANSWERED
    question.resolved_at = question.resolved_at or now
    question.save(update_fields=["status", "resolved_at"])
    events.on_commit(events.question_updated, question.pk, "certified")
    return answer


@transaction.atomic
def do_revoke_certification(user, answer, reason):
    access.require(can_certify(user), _("Only experts and approvers can revoke a certification."))
    if not reason.strip():
        raise ValidationError(_("Say why the certification is revoked."))
    answer.certified_at, answer.certified_by = None, None
    answer.revoked_at, answer.revoked_reason = timezone.now(), reason.strip()
    answer.save(update_fields=["certified_at", "certified_by", "revoked_at", "revoked_reason"])
    events.on_commit(events.question_updated, answer.question_id, "revoked")
    return answer
