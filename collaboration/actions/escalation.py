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
from collaboration import access, events, service_levels
from collaboration.actions.certification import do_certify_answer
from collaboration.actions.questions import do_post_answer
from collaboration.models import Question, WorkflowStep


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
    """Assign the question to its responsible group (the Expert group if no impact rule matched); out of
    the group's hours, to the fallback group it names for nights and weekends."""
    if user is not None:
        check_escalate(user, question)
    if question.escalated_at:
        return question
    now = now or timezone.now()
    responsible = question.responsible_group or fallback_group()
    covering = service_levels.cover_group(responsible, now)
    question.escalated_at = now
    question.assigned_group = covering
    question.escalation_notified_at = None
    question.save(update_fields=["escalated_at", "assigned_group", "escalation_notified_at"])
    kind = WorkflowStep.Kind.ESCALATED if covering == responsible else WorkflowStep.Kind.OUT_OF_HOURS
    WorkflowStep.objects.create(question=question, kind=kind, group=covering, user=user, created_at=now)
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


def missed_due_times(question, now):
    """How many of the question's service levels have passed unmet (0, 1 or 2)."""
    missed_first = bool(question.first_response_due and not question.first_response_at and now > question.first_response_due)
    missed_resolution = bool(question.resolution_due and not question.resolved_at and now > question.resolution_due)
    return int(missed_first) + int(missed_resolution)


def climb_escalation_ladder(now=None):
    """One rung per breach, each once and recorded in the question's history: at the first breach the
    responsible group's lead is told, at the second the question goes to the group's fallback group (the
    Expert group if it names none). Returns how many rungs were climbed."""
    now = now or timezone.now()
    candidates = (
        Question.objects.filter(resolved_at__isnull=True, breach_level__lt=2)
        .filter(Q(first_response_due__lt=now) | Q(resolution_due__lt=now))
        .exclude(status__in=[Question.Status.CLOSED, Question.Status.DUPLICATE])
        .filter(Q(status=Question.Status.OPEN) | Q(escalated_at__isnull=False))
    )
    climbed = 0
    for question in candidates.select_related("responsible_group"):
        for level in range(question.breach_level + 1, missed_due_times(question, now) + 1):
            with transaction.atomic():
                # The row lock makes each rung happen once even if two workers run the ladder together.
                locked = Question.objects.select_for_update().get(pk=question.pk)
                if locked.breach_level >= level:
                    continue
                climb_rung(locked, level, now)
            climbed += 1
    return climbed


def climb_rung(question, level, now):
    """Call in a transaction holding the question's row lock."""
    function = service_levels.business_function(question.responsible_group)
    question.breach_level = level
    if level == 1:
        question.save(update_fields=["breach_level"])
        lead = function.lead if function else None
        WorkflowStep.objects.create(
            question=question, kind=WorkflowStep.Kind.LEAD_NOTIFIED, group=question.responsible_group, user=lead, created_at=now,
        )
        if lead is not None:
            events.on_commit(events.lead_told_of_breach, question.pk, lead.pk)
        return
    target = (function.fallback_group if function else None) or fallback_group()
    question.escalated_at = question.escalated_at or now
    question.assigned_group, question.assigned_to, question.escalation_notified_at = target, None, None
    question.save(update_fields=["breach_level", "escalated_at", "assigned_group", "assigned_to", "escalation_notified_at"])
    WorkflowStep.objects.create(question=question, kind=WorkflowStep.Kind.FALLBACK, group=target, created_at=now)
    events.on_commit(events.escalation_assigned, question.pk)


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
