"""The impact table: for a topic, tag or product, who answers, who reviews, how urgent, how fast."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet

from collaboration.models.questions import Priority


@register_snippet
class ImpactRule(models.Model):
    """A row of the impact table. The most specific matching row routes a question (see actions.routing)."""

    name = models.CharField(_("name"), max_length=120)
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

    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("topic"), FieldPanel("tag"), FieldPanel("product")], heading=_("When")),
        MultiFieldPanel(
            [FieldPanel("responsible_group"), FieldPanel("reviewer_groups"), FieldPanel("informed_groups")],
            heading=_("Who"),
        ),
        FieldRowPanel([FieldPanel("priority"), FieldPanel("first_response_minutes"), FieldPanel("resolution_minutes")]),
    ]

    class Meta:
        verbose_name = _("impact table rule")
        verbose_name_plural = _("impact table")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def specificity(self):
        return sum(1 for part in (self.topic_id, self.tag, self.product_id) if part)
