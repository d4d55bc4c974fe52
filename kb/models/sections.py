"""The page tree around the articles: the CSR home page and the section indexes."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from kb import selectors


class HomePage(Page):
    intro = models.CharField(_("welcome line"), max_length=255, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["kb.SectionIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_page_lists())
        return context


class SectionIndexPage(Page):
    """A section of the knowledge base (Offers, Defects, Crises, Procedures, or a product line inside one).

    Page permissions are granted per section, so a content owner edits only the sections they own.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["kb.HomePage", "kb.SectionIndexPage"]
    subpage_types = ["kb.SectionIndexPage", "kb.OfferPage", "kb.KnownDefectPage", "kb.CrisisPage", "kb.AnswerPage"]

    per_page = 25

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(selectors.section_articles(self), self.per_page)
        try:
            articles = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            articles = paginator.page(1)
        except EmptyPage:
            articles = paginator.page(paginator.num_pages)
        context["articles"] = articles
        context["subsections"] = self.get_children().live().type(SectionIndexPage).specific()
        return context
