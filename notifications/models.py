"""The inbox: one row per notification per user, and each user's delivery choices.

Rows store what happened (kind, subject, actor, detail), not a sentence: the sentence is written when it
is shown, in the reader's language (notifications.rendering).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CRISIS = "crisis", _("Crises")
    OFFER = "offer", _("New offers")
    DEFECT = "defect", _("New known defects")
    ANSWER = "answer", _("Answers on questions I follow")
    MENTION = "mention", _("Mentions of me")
    ESCALATION = "escalation", _("Escalations assigned to me")
    SLA = "sla", _("Service levels about to be breached")
    NEED_STATUS = "need_status", _("Status of market needs I supported")
    CRISIS_OVERDUE = "crisis_overdue", _("Overdue updates of crises I own")
    APPROVAL = "approval", _("Pages waiting for my approval")
    REVIEW = "review", _("My articles due for review")
    BREACH = "breach", _("Service levels my groups breached")
    SIGN_OFF = "sign_off", _("Sign-offs asked of my groups")
    INFORMED = "informed", _("Signals in impact-table rows my groups follow (daily digest)")
    SIGNAL = "signal", _("Signals routed to my groups")
    REPORT_REPLY = "report_reply", _("Outcome of my reports on articles")


# Crisis notices reach everyone live, whatever their preferences; so does an owner's overdue crisis update.
UNMUTABLE_KINDS = {Kind.CRISIS, Kind.CRISIS_OVERDUE}


class Delivery(models.TextChoices):
    LIVE = "live", _("Live, and in the inbox")
    EMAIL = "email", _("In the inbox and the daily email digest")
    OFF = "off", _("Not at all")


# What a user gets without a preference for the kind (else live): the informed groups of the impact table
# get a daily digest of what happened in their rows, not every event.
DEFAULT_DELIVERY = {Kind.INFORMED: Delivery.EMAIL}


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    actor = models.CharField(_("by"), max_length=150, blank=True)
    detail = models.CharField(_("detail"), max_length=100, blank=True)
    url = models.CharField(_("link"), max_length=500)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.LIVE)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    # What the notification is about, to avoid notifying twice of one publication.
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("page")
    )
    question = models.ForeignKey(
        "collaboration.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("question")
    )
    # The event notified (kind + object, e.g. "offer:page:12"): a task run again after its worker died
    # never notifies a recipient twice of one event. Empty: not de-duplicated.
    event = models.CharField(_("event"), max_length=120, blank=True, default="")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "-id"], name="notification_inbox"),
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["page", "kind"], name="notification_page"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], condition=~Q(event=""), name="one_notification_per_event"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.subject}"


class DeliveryPreference(models.Model):
    """How one kind of notification reaches one user; a missing row means live."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_preferences")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.LIVE)

    class Meta:
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]


class Interests(models.Model):
    """The products and tags a user follows: new offers and defects are sent only for these, if any."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interests")
    products = models.ManyToManyField("kb.Product", blank=True, related_name="+", verbose_name=_("products"))
    tags = models.ManyToManyField("taggit.Tag", blank=True, related_name="+", verbose_name=_("tags"))

    class Meta:
        verbose_name = _("interests")
        verbose_name_plural = _("interests")
