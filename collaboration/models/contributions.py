"""Best practices from the front line and market needs the business has not addressed yet."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from collaboration.models.questions import Priority
from kb.models import Channel


class BestPracticeTag(TaggedItemBase):
    content_object = models.ForeignKey("collaboration.BestPractice", on_delete=models.CASCADE, related_name="tagged_items")


class BestPractice(models.Model):
    space = models.ForeignKey("collaboration.Space", on_delete=models.PROTECT, related_name="practices")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practices")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("the practice"), help_text=_("Markdown."))
    body_html = models.TextField(editable=False)
    product = models.ForeignKey("kb.Product", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("product"))
    tags = TaggableManager(through=BestPracticeTag, blank=True, verbose_name=_("tags"))
    score = models.IntegerField(_("useful"), default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    promoted_page = models.ForeignKey("kb.AnswerPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)  # see Question.version

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class MarketNeed(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        PLANNED = "planned", _("Planned")
        DECLINED = "declined", _("Declined")

    class Frequency(models.TextChoices):
        RARE = "rare", _("A few times a month")
        WEEKLY = "weekly", _("Every week")
        DAILY = "daily", _("Every day")
        MANY_DAILY = "many_daily", _("Many times a day")

    Channel = Channel  # the contact channels of the knowledge base

    space = models.ForeignKey("collaboration.Space", on_delete=models.PROTECT, related_name="needs")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="market_needs")
    title = models.CharField(_("title"), max_length=200)
    product = models.ForeignKey("kb.Product", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("product"))
    customers_ask = models.TextField(_("what customers ask"))
    customers_ask_html = models.TextField(editable=False)
    frequency = models.CharField(_("how often"), max_length=12, choices=Frequency.choices)
    customers_affected = models.PositiveIntegerField(_("how many customers (estimate)"), default=1)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)  # see Question.version
    # Routing by the impact table (collaboration.actions.routing.do_route_need): the owner function and
    # when its decision is due on that function's calendar; `decided_at` when a final status was applied.
    impact_rule = models.ForeignKey("collaboration.ImpactRule", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    responsible_group = models.ForeignKey(
        "auth.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner function")
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    decision_due = models.DateTimeField(_("decision due"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("market need")
        verbose_name_plural = _("market needs")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def decision_overdue(self):
        return bool(self.decision_due and not self.decided_at and timezone.now() > self.decision_due)


class MarketNeedSupport(models.Model):
    """"+1, I heard it too", with a short note."""

    need = models.ForeignKey(MarketNeed, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    customers = models.PositiveIntegerField(_("customers"), default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "user"], name="one_support_per_need")]


class MarketNeedStatusChange(models.Model):
    need = models.ForeignKey(MarketNeed, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=14, choices=MarketNeed.Status.choices)
    comment = models.TextField(_("comment for the front line"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]


class ArticleReport(models.Model):
    """Flag it or fix it: a CSR reports a KB article as wrong, unclear or outdated to its owner."""

    class Kind(models.TextChoices):
        WRONG = "wrong", _("Wrong")
        UNCLEAR = "unclear", _("Unclear")
        OUTDATED = "outdated", _("Outdated")

    article = models.ForeignKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what is wrong"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reply = models.TextField(_("reply"), blank=True)

    class Meta:
        verbose_name = _("article report")
        verbose_name_plural = _("article reports")
        ordering = ["-created_at"]

    @property
    def is_open(self):
        return self.closed_at is None
