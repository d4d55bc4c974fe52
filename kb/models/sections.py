"""The page tree around the articles: the CSR home page and the section indexes."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from kb import selectors
from kb.models.articles import PROMOTE_PANELS
from kb.section_names import localized_text, section_name
from kb.view_restrictions import CachedViewRestrictionsMixin


class HomePage(CachedViewRestrictionsMixin, Page):
    intro = models.CharField(_("welcome line"), max_length=255, blank=True)
    intro_en = models.CharField(_("welcome line in English"), max_length=255, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("intro_en")]
    promote_panels = PROMOTE_PANELS

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["kb.SectionIndexPage"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    @property
    def display_intro(self):
        return localized_text(self.intro, self.intro_en)

    def route(self, request, path_components):
        """Find the page for a URL in two queries, instead of two per level of the tree.

        Same outcome as Wagtail's walk down the tree: the page at that url_path, served only if live.
        """
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        row = Page.objects.filter(url_path=url_path).values_list("pk", "content_type_id").first()
        if row is None:
            raise Http404
        model = ContentType.objects.get_for_id(row[1]).model_class()
        pages = model.objects.filter(pk=row[0])
        if hasattr(model, "content_owner"):
            pages = pages.select_related("content_owner", "verified_by")
        return pages.get().route(request, [])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_page_lists())
        return context


class SectionIndexPage(CachedViewRestrictionsMixin, Page):
    """A section of the knowledge base (Offers, Defects, Crises, Procedures, or a product line inside one).

    Page permissions are granted per section, so a content owner edits only the sections they own.
    """

    intro = models.TextField(_("introduction"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("intro_en")]
    promote_panels = PROMOTE_PANELS

    parent_page_types = ["kb.HomePage", "kb.SectionIndexPage"]
    subpage_types = ["kb.SectionIndexPage", "kb.OfferPage", "kb.KnownDefectPage", "kb.CrisisPage", "kb.AnswerPage"]

    per_page = 25

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    @property
    def display_title(self):
        return section_name(self)

    @property
    def display_intro(self):
        return localized_text(self.intro, self.intro_en)

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
