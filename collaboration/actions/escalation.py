"""Escalation to the responsible business function, service levels and the experts' queue."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from collaboration import access, events
from collaboration.actions.certification import do_certify_answer
from collaboration.actions.questions import do_post_answer
from collaboration.models import Question


ANSWER_ESCALATIONS = "answer_escalations"


def fallback_group():
    return Group.objects.get(name=roles.EXPERT)


def answering_groups():
    """The groups that can answer an escalated question: those given the `answer_escalations` permission
    (the Expert role and the business functions). Escalation, reassignment and the queue's picker use it;
    role groups such as CSR or Administrator are not among them."""
    return Group.objects.filter(
        permissions__codename=ANSWER_ESCALATIONS, permissions__content_type__app_label="collaboration"
    ).order_by("name")


def allow_to_answer(group):
    """Let a group (a business function) take escalated questions: it joins `answering_groups`."""
    group.permissions.add(Permission.objects.get(content_type__app_label="collaboration", codename=ANSWER_ESCALATIONS))


def open_escalations(queryset):
    """The queue entries among `queryset`: escalated, not resolved, not closed (Question.in_expert_queue)."""
    return queryset.filter(escalated_at__isnull=False, resolved_at__isnull=True).exclude(status__in=Question.CLOSED_STATUSES)


def check_escalate(user, question):
    access.require(
        question.author_id == user.pk or access.can_moderate(user, question.space),
        _("Only the asker or a moderator can escalate."),
    )


@transaction.atomic
def do_escalate(question, user=None, now=None):
    """Assign the question to its responsible group (the Expert group if no impact rule matched)."""
    if user is not None:
        check_escalate(user, question)
    if question.escalated_at:
        return question
    question.escalated_at = now or timezone.now()
    question.assigned_group = question.responsible_group or fallback_group()
    question.escalation_notified_at = None
    question.save(update_fields=["escalated_at", "assigned_group", "escalation_notified_at"])
    events.on_commit(events.escalation_assigned, question.pk)
    return question


def overdue_for_first_response(now=None):
    now = now or timezone.now()
    return Question.objects.filter(
        escalated_at__isnull=True,
        first_response_at__isnull=True,
        first_response_due__lt=now,
        status=Question.Status.OPEN,
    )


def escalate_overdue(now=None):
    """Escalate every question unanswered past its first-response SLA. Returns how many."""
    now = now or timezone.now()
    count = 0
    for question in overdue_for_first_response(now).select_related("responsible_group"):
        do_escalate(question, now=now)
        count += 1
    return count


def announce_escalations():
    """Send the escalation notices that were lost: a worker killed between an escalation's commit and its
    notice leaves it unannounced. Safe to run while a notice is being sent (notices are stored once per
    event and recipient). Returns how many questions were announced."""
    unannounced = Question.objects.filter(
        escalated_at__isnull=False, escalation_notified_at__isnull=True, resolved_at__isnull=True
    ).values_list("pk", flat=True)
    count = 0
    for question_id in unannounced:
        events.escalation_assigned(question_id)
        count += 1
    return count


def at_risk_of_breach(now=None):
    """Escalated, unresolved questions whose resolution is due within SLA_WARNING_MINUTES, not yet warned."""
    now = now or timezone.now()
    return Question.objects.filter(
        escalated_at__isnull=False,
        resolved_at__isnull=True,
        service_level_warned_at__isnull=True,
        resolution_due__lte=now + datetime.timedelta(minutes=settings.SLA_WARNING_MINUTES),
    ).exclude(status__in=[Question.Status.CLOSED, Question.Status.DUPLICATE])


def warn_service_levels(now=None):
    """Tell the people working on each question at risk, once per question. Returns how many questions."""
    now = now or timezone.now()
    count = 0
    for question in at_risk_of_breach(now).select_related("space"):
        # Notify first, then mark: a worker killed in between leaves the question unmarked and the task run
        # again notifies nobody twice (the notification's event names the question and its due time).
        events.service_level_at_risk(question)
        if Question.objects.filter(pk=question.pk, service_level_warned_at__isnull=True).update(service_level_warned_at=now):
            count += 1
    return count


def my_queue(user):
    """Escalated questions assigned to the user or one of their groups, most urgent SLA first."""
    return (
        open_escalations(access.visible_questions(user))
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, assigned_group__in=user.groups.all()))
        .select_related("space", "assigned_group", "assigned_to")
        .order_by(F("resolution_due").asc(nulls_last=True), "created_at")
    )


def check_work_on(user, question):
    access.require(
        user.is_superuser
        or (question.assigned_group_id and user.groups.filter(pk=question.assigned_group_id).exists())
        or question.assigned_to_id == user.pk,
        _("This question is not in your queue."),
    )


@transaction.atomic
def do_reassign(user, question, group=None, assignee=None):
    check_work_on(user, question)
    if group is None and assignee is None:
        raise ValidationError(_("Choose a group or a person."))
    if group is not None and not answering_groups().filter(pk=group.pk).exists():
        raise ValidationError(_("This group does not answer escalated questions: choose one of the list."))
    question.assigned_group = group or question.assigned_group
    question.assigned_to = assignee
    question.escalation_notified_at = None
    question.save(update_fields=["assigned_group", "assigned_to", "escalation_notified_at"])
    events.on_commit(events.escalation_assigned, question.pk)
    return question


@transaction.atomic
def do_request_information(user, question, message):
    check_work_on(user, question)
    question.needs_info = True
    question.save(update_fields=["needs_info"])
    from collaboration.actions.questions import do_comment

    return do_comment(user, message, question=question)


@transaction.atomic
def do_resolve_with_certified_answer(user, question, body):
    check_work_on(user, question)
    answer = do_post_answer(user, question, body)
    do_certify_answer(user, answer)
    question.refresh_from_db()
    question.accepted_answer = question.accepted_answer or answer
    question.save(update_fields=["accepted_answer"])
    return answer
