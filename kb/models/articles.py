"""The base of every knowledge-base article: ownership, review date, taxonomy, language, body.

`ArticlePage` is a concrete (multi-table) page so that "all articles" is one queryset for the home
page, the review lists, the importer and the search index, whatever their type.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from kb.admin_forms import ArticlePageForm
from kb.blocks import ArticleBodyBlock
from kb.section_names import SECTION_ARTICLE_TYPES, TOP_SECTION_PATH_LENGTH
from kb.view_restrictions import CachedViewRestrictionsMixin


class Language(models.TextChoices):
    ITALIAN = "it", _("Italian")
    ENGLISH = "en", _("English")


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePageQuerySet(PageQuerySet):
    def unexpired(self, now=None):
        """Drop pages whose expiry time has passed even if the worker has not unpublished them yet."""
        now = now or timezone.now()
        return self.filter(models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=now))

    def unrestricted(self):
        """Pages with no view restriction on themselves or an ancestor, in one subquery.

        Wagtail's `public()` first loads every restriction in a separate query; lists on the home
        page would pay that once each.
        """
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(models.OuterRef("path"), 1, Length("page__path"))
        )
        return self.filter(~models.Exists(restricted))

    def visible_to_readers(self, now=None):
        """What a CSR may read: live, without view restriction, and not past its expiry."""
        return self.live().unrestricted().unexpired(now)

    def past_review(self, today=None):
        today = today or timezone.localdate()
        return self.filter(review_by__lte=today)


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)

# Sportello's pages are found by search and the section lists, not by web search engines or site menus:
# only the slug is kept of Wagtail's "Promote" tab (SEO title, search description, show in menus mean nothing).
PROMOTE_PANELS = [FieldPanel("slug")]


class ArticlePage(CachedViewRestrictionsMixin, Page):
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences an operator reads at a glance.")
    )
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("content owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_articles",
        help_text=_("Who keeps this article true. Reports and review reminders go to them."),
    )
    review_by = models.DateField(
        _("review by"), help_text=_("After this date the article is shown to operators as 'needs review'.")
    )
    # "Still correct": who last confirmed the live article and when (kb.verification). Shown to operators.
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ITALIAN)
    products = ParentalManyToManyField("kb.Product", blank=True, related_name="articles", verbose_name=_("products"))
    topics = ParentalManyToManyField("kb.Topic", blank=True, related_name="articles", verbose_name=_("topics"))
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Identifier in the system this article was imported from, if any."),
    )
    # Fingerprint of the last imported record, so re-importing an unchanged line changes nothing.
    import_checksum = models.CharField(_("import checksum"), max_length=64, blank=True, editable=False)

    objects = ArticlePageManager()

    classification_panels = [
        MultiFieldPanel(
            [FieldPanel("products"), FieldPanel("topics"), FieldPanel("tags"), FieldPanel("language")],
            heading=_("Classification"),
        ),
        MultiFieldPanel([FieldPanel("content_owner"), FieldPanel("review_by")], heading=_("Ownership and review")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("language"),
        index.FilterField("review_by"),
    ]

    promote_panels = PROMOTE_PANELS
    base_form_class = ArticlePageForm

    is_creatable = False
    parent_page_types = ["kb.SectionIndexPage"]
    subpage_types = []

    @classmethod
    def can_exist_under(cls, parent):
        """Each standard section (and its subsections) holds one type of article: under *Offerte* only
        offers. Sections an editor adds at the top take any type."""
        if not super().can_exist_under(parent):
            return False
        top = Page.objects.filter(path=parent.path[:TOP_SECTION_PATH_LENGTH], depth=3).values_list("slug", flat=True).first()
        expected = SECTION_ARTICLE_TYPES.get(top)
        return expected is None or expected == getattr(cls, "type_code", None)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="kb_article_unique_external_id",
            )
        ]

    @property
    def needs_review(self):
        return self.review_by is not None and self.review_by <= timezone.localdate()

    @property
    def article_type(self):
        """The short type name used by the importer, the search index and the templates."""
        return self.specific_class.type_code if self.specific_class else ""

    @property
    def type_label(self):
        model = self.specific_class or type(self)
        return model._meta.verbose_name

    def serve(self, request, *args, **kwargs):
        # Between two runs of the scheduler an expired page is still live: never show it.
        if self.expire_at and self.expire_at <= timezone.now():
            raise Http404
        response = super().serve(request, *args, **kwargs)
        if request.method == "GET" and request.user.is_authenticated and response.status_code == 200:
            from kb.page_views import record_view

            record_view(self.pk)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["article_tags"] = list(self.tags.all())
        context["article_products"] = list(self.products.all())
        context["article_topics"] = list(self.topics.all())
        from kb.verification import may_verify

        context["can_verify"] = may_verify(request.user, self)
        return context
