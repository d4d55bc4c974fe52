"""What the impact table set in motion: the history of each signal and the reviewers' sign-offs.

A `WorkflowStep` records one thing that happened to a question, a market need or another business signal
(an article report, an emerging problem, a search gap: BusinessSignal) (routed, escalated, a
breach, handed to the fallback, a review asked / approved / rejected): the history shown on the item.
A `Review` holds a certified answer, a market-need decision or a signal's outcome until every reviewer group of its impact
row has signed off (`SignOff`); one rejection, with its reason, ends it.
"""

import operator
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaboration.models.contributions import MarketNeed


def exactly_one(*fields):
    """A condition true when exactly one of the foreign keys `fields` is set."""
    return reduce(operator.or_, (Q(**{f"{field}__isnull": field != chosen for field in fields}) for chosen in fields))


class WorkflowStep(models.Model):
    class Kind(models.TextChoices):
        ROUTED = "routed", _("Routed by the impact table")
        ESCALATED = "escalated", _("Escalated")
        OUT_OF_HOURS = "out_of_hours", _("Out of hours: sent to the cover group")
        LEAD_NOTIFIED = "lead_notified", _("First breach: the group's lead was told")
        FALLBACK = "fallback", _("Second breach: handed to the fallback group")
        REVIEW_REQUESTED = "review_requested", _("Sign-off requested")
        SIGNED_OFF = "signed_off", _("Signed off")
        REJECTED = "rejected", _("Rejected by a reviewer")
        FINAL = "final", _("Final after every sign-off")
        TAKEN = "taken", _("Taken in hand")
        CLOSED = "closed", _("Closed with an outcome")

    question = models.ForeignKey("collaboration.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="steps")
    need = models.ForeignKey("collaboration.MarketNeed", on_delete=models.CASCADE, null=True, blank=True, related_name="steps")
    signal = models.ForeignKey("collaboration.BusinessSignal", on_delete=models.CASCADE, null=True, blank=True, related_name="steps")
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    group = models.ForeignKey("auth.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=exactly_one("question", "need", "signal"), name="workflow_step_has_one_item")
        ]


class Review(models.Model):
    """A result waiting for the reviewers of its impact row: an answer's certification, a need's new
    status (`proposed_status` with `comment` for the front line) or a signal's outcome (`comment`)."""

    class State(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    answer = models.ForeignKey("collaboration.Answer", on_delete=models.CASCADE, null=True, blank=True, related_name="reviews")
    need = models.ForeignKey("collaboration.MarketNeed", on_delete=models.CASCADE, null=True, blank=True, related_name="reviews")
    signal = models.ForeignKey("collaboration.BusinessSignal", on_delete=models.CASCADE, null=True, blank=True, related_name="reviews")
    proposed_status = models.CharField(_("proposed status"), max_length=14, blank=True)
    comment = models.TextField(_("comment for the front line"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.AWAITING)
    due = models.DateTimeField(_("sign-off due"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=exactly_one("answer", "need", "signal"), name="review_has_one_item"),
            # One open review per item: a second certification or decision waits for the first.
            models.UniqueConstraint(fields=["answer"], condition=Q(state="awaiting"), name="one_open_review_per_answer"),
            models.UniqueConstraint(fields=["need"], condition=Q(state="awaiting"), name="one_open_review_per_need"),
            models.UniqueConstraint(fields=["signal"], condition=Q(state="awaiting"), name="one_open_review_per_signal"),
        ]

    @property
    def is_open(self):
        return self.state == self.State.AWAITING

    @property
    def proposed_status_label(self):
        return MarketNeed.Status(self.proposed_status).label if self.proposed_status else ""

    @property
    def question(self):
        return self.answer.question if self.answer_id else None

    @property
    def item(self):
        """The question, market need or business signal under review."""
        return self.question or self.need or self.signal


class SignOff(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sign_offs")
    group = models.ForeignKey("auth.Group", on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer group"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group__name"]
        constraints = [models.UniqueConstraint(fields=["review", "group"], name="one_sign_off_per_group")]
