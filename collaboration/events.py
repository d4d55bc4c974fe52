"""What the collaboration space tells people: live question updates and inbox notifications.

Actions call `on_commit(<function>, ids…)`; the functions re-fetch by id after commit, choose the
recipients and keep only those who may read the space (`access.readers_among`): a notification about a
private space never reaches someone outside it.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from collaboration import access
from collaboration.models import Answer, MarketNeed, MarketNeedSupport, Question
from core import live
from notifications.models import Kind
from notifications.services import notify


def on_commit(function, *args):
    transaction.on_commit(partial(function, *args), robust=True)


def display_name(user):
    return user.get_full_name() or user.username


def question_updated(question_id, op):
    """Pages showing the question re-read it. `op`: answer, vote, accepted, certified, revoked, comment, edit."""
    live.send_to_group(live.question_group(question_id), {"type": "question.updated", "question": question_id, "op": op})


def notify_about_question(question, user_ids, kind, actor="", anchor="", event=""):
    recipients = access.readers_among(question.space, user_ids)
    return notify(
        recipients, kind, question.title, question.get_absolute_url() + anchor, actor=actor, question=question, event=event
    )


def answer_posted(answer_id):
    answer = Answer.objects.select_related("question__space", "author").get(pk=answer_id)
    question = answer.question
    question_updated(question.pk, "answer")
    followers = question.follows.exclude(user_id=answer.author_id).values_list("user_id", flat=True)
    notify_about_question(
        question, followers, Kind.ANSWER, display_name(answer.author), f"#answer-{answer.pk}", event=f"answer:answer:{answer.pk}"
    )


def mentioned(question_id, user_ids, actor):
    question = Question.objects.select_related("space").get(pk=question_id)
    notify_about_question(question, user_ids, Kind.MENTION, actor)


def responsible_people(question):
    """Who works on an escalated question: its assignee, else the members of its assigned group."""
    if question.assigned_to_id:
        return [question.assigned_to_id]
    group_id = question.assigned_group_id or question.responsible_group_id
    if not group_id:
        return []
    return list(get_user_model().objects.filter(groups=group_id, is_active=True).values_list("pk", flat=True))


def escalation_assigned(question_id):
    question = Question.objects.select_related("space").get(pk=question_id)
    event = f"escalation:question:{question.pk}:{question.assigned_group_id}:{question.assigned_to_id}"
    notify_about_question(question, responsible_people(question), Kind.ESCALATION, event=event)
    Question.objects.filter(
        pk=question.pk, assigned_group_id=question.assigned_group_id, assigned_to_id=question.assigned_to_id
    ).update(escalation_notified_at=timezone.now())


def service_level_at_risk(question):
    event = f"sla:question:{question.pk}:{question.resolution_due:%Y%m%d%H%M%S}"
    return notify_about_question(question, responsible_people(question), Kind.SLA, event=event)


def need_status_changed(need_id):
    need = MarketNeed.objects.select_related("space").get(pk=need_id)
    people = {need.author_id, *MarketNeedSupport.objects.filter(need=need).values_list("user_id", flat=True)}
    recipients = access.readers_among(need.space, people)
    change = need.status_changes.order_by("-pk").values_list("pk", flat=True).first()
    return notify(
        recipients, Kind.NEED_STATUS, need.title, reverse("collaboration:need", args=[need.pk]), detail=need.status,
        event=f"need_status:change:{change}",
    )
