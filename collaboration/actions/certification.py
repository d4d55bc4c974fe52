"""Certified answers: an Expert or Approver marks an answer as the company's position, or revokes it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from collaboration import access, events
from collaboration.models import Question


def can_certify(user):
    return roles.has_role(user, roles.EXPERT, roles.APPROVER, roles.ADMINISTRATOR)


@transaction.atomic
def do_certify_answer(user, answer):
    access.require(can_certify(user), _("Only experts and approvers can certify answers."))
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
