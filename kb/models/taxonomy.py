"""Products and topics: the controlled vocabulary that articles, questions and the impact table share."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


class ProductLine(models.TextChoices):
    MOBILE = "mobile", _("Mobile")
    FIXED = "fixed", _("Fixed line and fibre")
    TV = "tv", _("TV")
    DEVICES = "devices", _("Devices")
    BILLING = "billing", _("Billing and payments")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class TaxonomyTerm(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)


@register_snippet
class Product(TaxonomyTerm):
    line = models.CharField(_("product line"), max_length=20, choices=ProductLine.choices)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("line")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("product")
        verbose_name_plural = _("products")


@register_snippet
class Topic(TaxonomyTerm):
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
