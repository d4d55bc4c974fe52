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
from collaboration.mentions import mentioned_users
from collaboration.models import (
    Answer,
    ArticleReport,
    BestPractice,
    BusinessSignal,
    Comment,
    ImpactRule,
    MarketNeed,
    MarketNeedSupport,
    Question,
    Review,
)
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
    # A follower the answer @mentions is told once, by the mention (events.mentioned): one notification,
    # one toast.
    mentioned_in_it = mentioned_users(answer.body).values_list("pk", flat=True)
    followers = (
        question.follows.exclude(user_id=answer.author_id).exclude(user_id__in=mentioned_in_it).values_list("user_id", flat=True)
    )
    notify_about_question(
        question, followers, Kind.ANSWER, display_name(answer.author), f"#answer-{answer.pk}", event=f"answer:answer:{answer.pk}"
    )


# The posts an @mention can be in, by the name events and notification keys give them.
POST_KINDS = {"question": Question, "answer": Answer, "comment": Comment, "practice": BestPractice, "need": MarketNeed}


def post_kind(post):
    return next(kind for kind, model in POST_KINDS.items() if isinstance(post, model))


def mentioned_item_and_link(post):
    """The question, best practice or market need a post belongs to (what the notification names), and the
    link to the post in it."""
    if isinstance(post, Question):
        return post, post.get_absolute_url()
    if isinstance(post, Answer):
        return post.question, post.question.get_absolute_url() + f"#answer-{post.pk}"
    if isinstance(post, Comment):
        if post.answer_id:
            return post.answer.question, post.answer.question.get_absolute_url() + f"#answer-{post.answer_id}"
        return post.question, post.question.get_absolute_url()
    if isinstance(post, BestPractice):
        return post, reverse("collaboration:practice", args=[post.pk])
    return post, reverse("collaboration:need", args=[post.pk])


def mentioned(kind, post_id, user_ids, actor):
    """Tell the people an @mention in a post names, among those who may read its space; once per person
    and post (an edit that keeps a mention does not notify again)."""
    post = POST_KINDS[kind].objects.filter(pk=post_id).first()
    if post is None:
        return []
    item, link = mentioned_item_and_link(post)
    return notify(
        access.readers_among(item.space, user_ids), Kind.MENTION, item.title, link, actor=actor,
        question=item if isinstance(item, Question) else None, event=f"mention:{kind}:{post.pk}",
    )


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


def group_members(group_ids):
    return get_user_model().objects.filter(groups__in=list(group_ids), is_active=True).values_list("pk", flat=True).distinct()


ITEM_MODELS = {"question": Question, "need": MarketNeed, "signal": BusinessSignal}


def item_link(item):
    if isinstance(item, MarketNeed):
        return reverse("collaboration:need", args=[item.pk])
    return item.get_absolute_url()


def inform_groups(rule_id, item_type, item_id):
    """Put a routed signal in the daily digest of the row's informed groups (Kind.INFORMED is delivered by
    the email digest unless a member chose otherwise), for the members who may read its space."""
    rule = ImpactRule.objects.filter(pk=rule_id).first()
    item = ITEM_MODELS[item_type].objects.filter(pk=item_id).first()
    if rule is None or item is None:
        return []
    people = group_members(rule.informed_groups.values_list("pk", flat=True))
    recipients = access.item_readers_among(item, people)
    return notify(
        recipients, Kind.INFORMED, item.title, item_link(item), detail=rule.name,
        question=item if item_type == "question" else None, event=f"informed:{item_type}:{item.pk}:{rule.pk}",
    )


def need_routed(need_id):
    """Tell the owner function a market need is now theirs to decide."""
    need = MarketNeed.objects.select_related("space").get(pk=need_id)
    if not need.responsible_group_id:
        return []
    recipients = access.readers_among(need.space, group_members([need.responsible_group_id]))
    return notify(
        recipients, Kind.SIGNAL, need.title, item_link(need), detail=need.impact_rule.name if need.impact_rule_id else "",
        event=f"signal:need:{need.pk}:{need.impact_rule_id}",
    )


def lead_told_of_breach(question_id, lead_id):
    question = Question.objects.select_related("space").get(pk=question_id)
    return notify_about_question(question, [lead_id], Kind.BREACH, event=f"breach:question:{question.pk}:1")


def review_requested(review_id):
    """Ask every member of the reviewer groups still to sign off, who may read the item."""
    review = Review.objects.select_related("answer__question__space", "need__space", "signal").get(pk=review_id)
    item = review.item
    groups = review.sign_offs.filter(decision="pending").values_list("group_id", flat=True)
    recipients = access.item_readers_among(item, group_members(groups))
    return notify(
        recipients, Kind.SIGN_OFF, item.title, item_link(item), question=review.question, event=f"review:{review.pk}",
    )


def signal_assigned(signal_id):
    """Tell the group now working a business signal (routed, its cover out of hours, or the fallback)."""
    signal = BusinessSignal.objects.select_related("impact_rule").get(pk=signal_id)
    if not signal.assigned_group_id:
        return []
    recipients = access.signal_readers_among(signal, group_members([signal.assigned_group_id]))
    return notify(
        recipients, Kind.SIGNAL, signal.title, signal.get_absolute_url(),
        detail=signal.impact_rule.name if signal.impact_rule_id else "",
        event=f"signal:signal:{signal.pk}:{signal.assigned_group_id}",
    )


def lead_told_of_signal_breach(signal_id, lead_id):
    signal = BusinessSignal.objects.get(pk=signal_id)
    recipients = access.signal_readers_among(signal, [lead_id])
    return notify(recipients, Kind.BREACH, signal.title, signal.get_absolute_url(), event=f"breach:signal:{signal.pk}:1")


def report_closed(report_id):
    """Tell the operator who reported an article the outcome, with a link to the reply."""
    report = ArticleReport.objects.select_related("article").get(pk=report_id)
    signal = BusinessSignal.objects.filter(report=report).first()
    url = signal.get_absolute_url() if signal else report.article.url
    return notify([report.reporter_id], Kind.REPORT_REPLY, report.article.title, url, event=f"report_reply:report:{report.pk}")
