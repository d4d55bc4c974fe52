"""Voting: one vote per user per post; the post's score moves by the change, atomically."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from collaboration import access, events
from collaboration.models import Answer, BestPractice, Question, Vote

TARGET_FIELDS = {Question: "question", Answer: "answer", BestPractice: "practice"}


def space_of(target):
    return target.question.space if isinstance(target, Answer) else target.space


def do_vote(user, target, value):
    """Set the user's vote on a question, answer or best practice to +1, -1 or 0 (withdrawn).

    Returns the new score. The unique constraint makes a concurrent second vote fail and retry as an
    update, and the score changes by F() arithmetic, so counts stay right under concurrent votes.
    """
    if value not in (-1, 0, 1):
        raise ValueError("vote must be -1, 0 or 1")
    access.require(access.has_space_permission(user, space_of(target), access.VIEW), _("You cannot vote here."))
    field = TARGET_FIELDS[type(target)]
    for _attempt in range(3):
        try:
            with transaction.atomic():
                existing = Vote.objects.select_for_update().filter(user=user, **{field: target}).first()
                previous = existing.value if existing else 0
                if value == 0 and existing:
                    existing.delete()
                elif value and existing:
                    existing.value = value
                    existing.save(update_fields=["value"])
                elif value:
                    Vote.objects.create(user=user, value=value, **{field: target})
                if value != previous:
                    type(target).objects.filter(pk=target.pk).update(score=F("score") + (value - previous))
                    if field != "practice":
                        events.on_commit(events.question_updated, getattr(target, "question_id", target.pk), "vote")
                break
        except IntegrityError:
            continue  # another request of the same user created the vote first: read it and retry
    return type(target).objects.values_list("score", flat=True).get(pk=target.pk)
