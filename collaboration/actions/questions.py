"""Asking, answering, commenting, editing, accepting, closing as duplicate, following.

Each `check_*` validates and checks access and raises PermissionDenied / ValidationError; each `do_*`
changes data in one transaction. Views, the admin and tests call these, never the models directly.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.core.exceptions import ValidationError

from collaboration import access, events
from collaboration.actions.editing import save_edit
from collaboration.actions.posting import check_rate_limit, record_mentions, render
from collaboration.actions.routing import do_route_question
from collaboration.models import Answer, Comment, Follow, Question


def check_can_post(user, space):
    access.require(access.can_post(user, space), _("You cannot post in this space."))
    check_rate_limit(user)


@transaction.atomic
def do_create_question(user, space, title, body, product=None, topic=None, tags=(), channel=""):
    """Ask; `channel` is the customer's channel the question comes from (empty: not said)."""
    check_can_post(user, space)
    question = Question.objects.create(
        space=space, author=user, title=title.strip(), body=body, body_html=render(body), product=product, topic=topic,
        channel=channel,
    )
    if tags:
        question.tags.set([tag.lower() for tag in tags])
    Follow.objects.create(user=user, question=question)
    record_mentions(question, user, title, body)
    do_route_question(question)
    return question


def can_edit(user, post, space):
    return post.author_id == user.pk or access.can_moderate(user, space)


def check_can_edit(user, post, space):
    access.require(can_edit(user, post, space), _("Only the author or a moderator can edit this."))


@transaction.atomic
def do_edit_question(user, question, title, body, product=None, topic=None, tags=None, version=None):
    """Save an edit made from `version` (default: the version of `question` as loaded); raises
    EditConflict if a newer one was saved meanwhile."""
    check_can_edit(user, question, question.space)
    save_edit(question, user, version or question.version, {
        "title": title.strip(), "body": body, "body_html": render(body), "product": product, "topic": topic,
    })
    if tags is not None:
        question.tags.set([tag.lower() for tag in tags])
    record_mentions(question, user, title, body)
    return question


@transaction.atomic
def do_post_answer(user, question, body):
    check_can_post(user, question.space)
    if question.status in (Question.Status.CLOSED, Question.Status.DUPLICATE):
        raise ValidationError(_("This question is closed."))
    answer = Answer.objects.create(question=question, author=user, body=body, body_html=render(body))
    updates = {"updated_at": answer.created_at}
    if question.first_response_at is None and user.pk != question.author_id:
        updates["first_response_at"] = answer.created_at
        updates["first_response_minutes"] = max(0, round((answer.created_at - question.created_at).total_seconds() / 60))
    if question.status == Question.Status.OPEN:
        updates["status"] = Question.Status.ANSWERED
    if question.needs_info and user.pk == question.author_id:
        updates["needs_info"] = False
    Question.objects.filter(pk=question.pk).update(**updates)
    for name, value in updates.items():
        setattr(question, name, value)
    Follow.objects.get_or_create(user=user, question=question)
    record_mentions(answer, user, body)
    events.on_commit(events.answer_posted, answer.pk)
    return answer


@transaction.atomic
def do_edit_answer(user, answer, body, version=None):
    """Like do_edit_question: refused with EditConflict if the answer was saved after `version`."""
    check_can_edit(user, answer, answer.question.space)
    save_edit(answer, user, version or answer.version, {"body": body, "body_html": render(body)})
    record_mentions(answer, user, body)
    events.on_commit(events.question_updated, answer.question_id, "edit")
    return answer


@transaction.atomic
def do_comment(user, body, question=None, answer=None):
    target_question = question or answer.question
    check_can_post(user, target_question.space)
    comment = Comment.objects.create(
        question=question, answer=answer, author=user, body=body, body_html=render(body)
    )
    record_mentions(comment, user, body)
    events.on_commit(events.question_updated, target_question.pk, "comment")
    return comment


@transaction.atomic
def do_accept_answer(user, answer):
    question = answer.question
    access.require(
        question.author_id == user.pk or access.can_moderate(user, question.space),
        _("Only the asker or a moderator can accept an answer."),
    )
    question.accepted_answer = answer
    question.status = Question.Status.ANSWERED
    question.save(update_fields=["accepted_answer", "status"])
    events.on_commit(events.question_updated, question.pk, "accepted")
    return question


@transaction.atomic
def do_close_as_duplicate(user, question, original):
    access.require(access.can_moderate(user, question.space), _("Only a moderator can close a question."))
    if original.pk == question.pk:
        raise ValidationError(_("A question cannot be a duplicate of itself."))
    if not access.visible_questions(user).filter(pk=original.pk).exists():
        raise ValidationError(_("The original question was not found."))
    question.status, question.duplicate_of = Question.Status.DUPLICATE, original
    question.save(update_fields=["status", "duplicate_of"])
    return question


@transaction.atomic
def do_merge(user, question, original):
    """Close `question` as a duplicate of `original` and move its answers and followers there."""
    do_close_as_duplicate(user, question, original)
    access.require(access.can_moderate(user, original.space), _("Merging needs moderator rights in both spaces."))
    question.answers.update(question=original)
    for follow in question.follows.exclude(user__in=original.follows.values("user")):
        Follow.objects.create(user_id=follow.user_id, question=original)
    return original


@transaction.atomic
def do_close(user, question):
    access.require(access.can_moderate(user, question.space), _("Only a moderator can close a question."))
    question.status = Question.Status.CLOSED
    question.save(update_fields=["status"])
    return question


@transaction.atomic
def do_move(user, question, target_space):
    access.require(
        access.can_moderate(user, question.space) and access.can_moderate(user, target_space),
        _("Moving needs moderator rights in both spaces."),
    )
    question.space = target_space
    question.save(update_fields=["space"])
    return question


def do_toggle_follow(user, question):
    follow, created = Follow.objects.get_or_create(user=user, question=question)
    if not created:
        follow.delete()
    return created
