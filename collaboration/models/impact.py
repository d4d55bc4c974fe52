"""The impact table: for an event on a topic, tag or product, who answers, who reviews, who is informed,
how urgent, how fast (per channel if needed)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet

from collaboration.models.questions import Priority
from kb.models import Channel


class EventKind(models.TextChoices):
    """The signals the impact table routes (collaboration.actions.routing)."""

    QUESTION = "question", _("New question")
    NEED = "need", _("New market need")
    NEED_SUPPORT = "need_support", _("Market need passing a support threshold")
    ARTICLE_REPORT = "article_report", _("Report on an article")
    EMERGING_PROBLEM = "emerging_problem", _("Emerging problem")
    SEARCH_GAP = "search_gap", _("Spike of searches without result")


@register_snippet
class ImpactRule(ClusterableModel):
    """A row of the impact table. The most specific matching row routes a signal (see actions.routing)."""

    name = models.CharField(_("name"), max_length=120)
    event_kind = models.CharField(
        _("event"), max_length=20, choices=EventKind.choices, blank=True, help_text=_("Empty: every kind of event.")
    )
    support_threshold = models.PositiveIntegerField(
        _("support threshold"), null=True, blank=True,
        help_text=_("For market needs passing a threshold: how many operators must have given a +1."),
    )
    topic = models.ForeignKey("kb.Topic", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("topic"))
    tag = models.CharField(_("tag"), max_length=100, blank=True)
    product = models.ForeignKey("kb.Product", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("product"))
    responsible_group = models.ForeignKey(
        "auth.Group", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible group")
    )
    reviewer_groups = models.ManyToManyField("auth.Group", blank=True, related_name="+", verbose_name=_("reviewers"))
    informed_groups = models.ManyToManyField("auth.Group", blank=True, related_name="+", verbose_name=_("informed"))
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    first_response_minutes = models.PositiveIntegerField(_("first response SLA (minutes)"), default=60)
    resolution_minutes = models.PositiveIntegerField(_("resolution SLA (minutes)"), default=8 * 60)
    review_minutes = models.PositiveIntegerField(_("sign-off SLA (minutes)"), default=8 * 60)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("event_kind"), FieldPanel("support_threshold"), FieldPanel("topic"), FieldPanel("tag"), FieldPanel("product")],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("responsible_group"), FieldPanel("reviewer_groups"), FieldPanel("informed_groups")],
            heading=_("Who"),
        ),
        FieldRowPanel([
            FieldPanel("priority"), FieldPanel("first_response_minutes"), FieldPanel("resolution_minutes"),
            FieldPanel("review_minutes"),
        ]),
        InlinePanel("channel_levels", heading=_("Service levels per channel"), label=_("channel")),
    ]

    class Meta:
        verbose_name = _("impact table rule")
        verbose_name_plural = _("impact table")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def specificity(self):
        """How many conditions the row sets: the event kind counts like a topic, a tag or a product."""
        return sum(1 for part in (self.event_kind, self.topic_id, self.tag, self.product_id) if part)

    def service_level(self, channel=""):
        """(first response minutes, resolution minutes) for a signal that came through `channel`."""
        for level in self.channel_levels.all():
            if level.channel == channel:
                return level.first_response_minutes, level.resolution_minutes
        return self.first_response_minutes, self.resolution_minutes


class ChannelServiceLevel(models.Model):
    """A row's SLAs for one channel: a public social post needs an answer in minutes, not hours."""

    rule = ParentalKey(ImpactRule, on_delete=models.CASCADE, related_name="channel_levels", verbose_name=_("impact table rule"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    first_response_minutes = models.PositiveIntegerField(_("first response SLA (minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution SLA (minutes)"))

    panels = [FieldRowPanel([FieldPanel("channel"), FieldPanel("first_response_minutes"), FieldPanel("resolution_minutes")])]

    class Meta:
        verbose_name = _("service level per channel")
        verbose_name_plural = _("service levels per channel")
        constraints = [models.UniqueConstraint(fields=["rule", "channel"], name="one_service_level_per_rule_channel")]
