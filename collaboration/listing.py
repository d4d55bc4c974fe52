"""What the question lists show: the filters and orders a reader picks in Collaboration.

Every list starts from what the reader may see (access.visible_questions); these functions only narrow
and order it, so a filter can never show more than the plain list.
"""

from django.db.models import Count, F

from collaboration.actions.escalation import my_queue
from collaboration.models import Question

SHOWS = ("mine", "unanswered", "escalated")
SORTS = ("newest", "votes", "unanswered")


def unanswered(questions):
    """Open questions nobody has answered yet."""
    return questions.filter(status=Question.Status.OPEN).exclude(answers__isnull=False)


def shown(user, questions, show=None, author=None):
    """`mine`: asked by the reader; `unanswered`; `escalated`: in the reader's expert queue; `author`: asked
    by that username (where an @mention links to)."""
    if show == "mine":
        questions = questions.filter(author=user)
    elif show == "unanswered":
        questions = unanswered(questions)
    elif show == "escalated":
        questions = questions.filter(pk__in=my_queue(user).values("pk"))
    if author:
        questions = questions.filter(author__username=author)
    return questions


def ordered(questions, sort=None):
    """`votes`: most voted first; `unanswered`: questions without answers first, oldest first (those who
    waited longest); otherwise newest first."""
    if sort == "votes":
        return questions.order_by("-score", "-created_at")
    if sort == "unanswered":
        return questions.annotate(answer_count=Count("answers")).order_by(
            F("answer_count").asc(), "created_at"
        )
    return questions.order_by("-created_at")


def tagged(questions, slug):
    return questions.filter(tags__slug=slug).distinct()
