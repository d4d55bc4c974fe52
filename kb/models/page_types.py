"""The four kinds of article a CSR reads: offers, known defects, crises and approved answers."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from kb import crisis_versions
from kb.blocks import CrisisUpdateBlock, FaqItemBlock, PriceBlock
from kb.crisis_forms import CrisisPageForm
from kb.fields import ChoiceListField
from kb.models.articles import ArticlePage
from kb.reply_text import social_counter_attrs, validate_public_social_reply


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("Email")
    SOCIAL = "social", _("Social (public)")
    SOCIAL_PRIVATE = "social_dm", _("Social (private message)")
    STORE = "store", _("Store")


class OfferPage(ArticlePage):
    """A commercial offer. Its validity window is the page's go-live and expiry time."""

    type_code = "offer"

    offer_code = models.CharField(_("offer code"), max_length=50, db_index=True)
    eligibility = models.TextField(_("who is eligible"))
    prices = StreamField([("price", PriceBlock())], blank=True, verbose_name=_("prices"))
    upsell_script = models.TextField(
        _("up-sell / cross-sell script"), blank=True, help_text=_("What to read to the customer to propose it.")
    )
    channels = ChoiceListField(_("channels"), item_choices=Channel.choices)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("offer_code")]),
        FieldPanel("eligibility"),
        FieldPanel("prices"),
        FieldPanel("upsell_script"),
        FieldPanel("channels"),
        FieldPanel("body"),
        *ArticlePage.classification_panels,
    ]

    search_fields = ArticlePage.search_fields + [
        index.SearchField("offer_code"),
        index.SearchField("eligibility"),
        index.SearchField("upsell_script"),
    ]

    parent_page_types = ["kb.SectionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    @property
    def channel_labels(self):
        return self._meta.get_field("channels").labels(self.channels)


class DefectStatus(models.TextChoices):
    INVESTIGATING = "investigating", _("Investigating")
    WORKAROUND = "workaround", _("Workaround available")
    FIXED = "fixed", _("Fixed")


class KnownDefectPage(ArticlePage):
    type_code = "defect"

    symptoms = models.TextField(_("symptoms"), help_text=_("What the customer reports."))
    affected_versions = models.CharField(_("affected products and versions"), max_length=255, blank=True)
    workaround = StreamField(
        [("step", blocks.CharBlock(label=_("Step"), max_length=500))],
        blank=True,
        verbose_name=_("workaround steps"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DefectStatus.choices, default=DefectStatus.INVESTIGATING
    )
    expected_fix_date = models.DateField(_("expected fix date"), null=True, blank=True)
    customer_wording = models.TextField(_("what to tell the customer"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("expected_fix_date")]),
        FieldPanel("symptoms"),
        FieldPanel("affected_versions"),
        FieldPanel("workaround"),
        FieldPanel("customer_wording"),
        FieldPanel("body"),
        *ArticlePage.classification_panels,
    ]

    search_fields = ArticlePage.search_fields + [
        index.SearchField("symptoms"),
        index.SearchField("customer_wording"),
        index.SearchField("affected_versions"),
        index.FilterField("status"),
    ]

    parent_page_types = ["kb.SectionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("known defect")
        verbose_name_plural = _("known defects")


class CrisisSeverity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")


class CrisisStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MONITORING = "monitoring", _("Monitoring")
    RESOLVED = "resolved", _("Resolved")


class CrisisChangeKind(models.TextChoices):
    MINOR = "minor", _("Minor correction: operators who read it need not read it again")
    NEW_INFORMATION = "new_information", _("New information: every operator must read it again")


class CrisisPage(ArticlePage):
    """Crisis messaging: what to say and what not to say while an incident lasts.

    `change_note` and `change_kind` describe one publication (they are stored in each revision, so the
    history shows them; kb.crisis_versions reads them back); the page form asks for them when a crisis
    already published is changed (kb.crisis_forms).
    """

    type_code = "crisis"
    base_form_class = CrisisPageForm

    severity = models.CharField(_("severity"), max_length=10, choices=CrisisSeverity.choices)
    status = models.CharField(_("status"), max_length=12, choices=CrisisStatus.choices, default=CrisisStatus.ACTIVE)
    affected_regions = models.CharField(_("affected regions"), max_length=255, blank=True)
    affected_services = models.CharField(_("affected services"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    holding_statement = models.TextField(_("what to say"), help_text=_("The approved holding statement."))
    do_not_say = models.TextField(_("what not to say"), blank=True)
    updates = StreamField([("update", CrisisUpdateBlock())], blank=True, verbose_name=_("updates"))
    faq = StreamField([("item", FaqItemBlock())], blank=True, verbose_name=_("FAQ"))
    next_update_at = models.DateTimeField(
        _("next update expected at"), null=True, blank=True,
        help_text=_("Operators see it; once it has passed without a new publication, the owner is told."),
    )
    change_note = models.CharField(
        _("what changed"), max_length=200, blank=True,
        help_text=_("A short note shown in the banner and on the page: required when republishing."),
    )
    change_kind = models.CharField(
        _("kind of change"), max_length=20, choices=CrisisChangeKind.choices, blank=True,
        help_text=_("Required when republishing."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("severity"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("started_at"), FieldPanel("ended_at"), FieldPanel("next_update_at")]),
        MultiFieldPanel(
            [FieldPanel("affected_regions"), FieldPanel("affected_services")], heading=_("Impact")
        ),
        FieldPanel("holding_statement"),
        FieldPanel("do_not_say"),
        FieldPanel("updates"),
        FieldPanel("faq"),
        FieldPanel("body"),
        *ArticlePage.classification_panels,
        MultiFieldPanel([FieldPanel("change_kind"), FieldPanel("change_note")], heading=_("This change")),
    ]

    search_fields = ArticlePage.search_fields + [
        index.SearchField("holding_statement"),
        index.SearchField("affected_regions"),
        index.SearchField("affected_services"),
        index.FilterField("status"),
    ]

    parent_page_types = ["kb.SectionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("crisis")
        verbose_name_plural = _("crises")

    def get_context(self, request, *args, **kwargs):
        from accounts import roles

        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["can_read_receipts"] = roles.has_role(user, *roles.INSIGHT_ROLES)
        history = crisis_versions.history(self)
        context["crisis_history"] = history
        context["acknowledged"] = user.is_authenticated and self.acknowledgements.filter(
            user=user, revision_id=history.version_revision_id
        ).exists()
        return context

    @property
    def is_ongoing(self):
        return self.status != CrisisStatus.RESOLVED

    def next_update_overdue(self, now=None):
        """The expected update has not come: still ongoing, and the announced time has passed."""
        return bool(self.is_ongoing and self.next_update_at and self.next_update_at <= (now or timezone.now()))

    @property
    def is_next_update_overdue(self):
        return self.next_update_overdue()

    @property
    def do_not_say_items(self):
        """"What not to say" as list items: one per line, a leading "- " or "* " dropped."""
        return list_items(self.do_not_say)


class AnswerPage(ArticlePage):
    """An approved answer or procedure: the customer's question and what the company answers."""

    type_code = "answer"

    customer_question = models.CharField(
        _("the question in the customer's words"), max_length=300
    )
    question_variants = models.TextField(
        _("other ways customers ask it"), blank=True, help_text=_("One per line.")
    )
    approved_answer = models.TextField(
        _("approved answer"), help_text=_("The fallback for every channel below left empty.")
    )
    # The same answer made ready for each reply channel (kb.reply_text); empty: the approved answer.
    phone_script = models.TextField(_("phone script"), blank=True, help_text=_("What to say on the phone."))
    chat_email_text = models.TextField(_("chat and email reply"), blank=True)
    public_social_reply = models.TextField(
        _("public social reply"), blank=True, validators=[validate_public_social_reply],
        help_text=_("At most 280 characters: {cliente} counts 20, {firma} 15, a link 23."),
    )
    private_social_message = models.TextField(_("private social message"), blank=True)
    steps = StreamField(
        [("step", blocks.CharBlock(label=_("Step"), max_length=500))], blank=True, verbose_name=_("steps")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("customer_question"),
        FieldPanel("question_variants"),
        FieldPanel("approved_answer"),
        MultiFieldPanel(
            [
                FieldPanel("phone_script"),
                FieldPanel("chat_email_text"),
                FieldPanel("public_social_reply", widget=forms.Textarea(attrs={"rows": 4, **social_counter_attrs()})),
                FieldPanel("private_social_message"),
            ],
            heading=_("Per channel"),
            help_text=_("Placeholders filled on copy: {cliente} the customer's name, {firma} your name and initials."),
        ),
        FieldPanel("steps"),
        FieldPanel("body"),
        *ArticlePage.classification_panels,
    ]

    search_fields = ArticlePage.search_fields + [
        index.SearchField("customer_question"),
        index.SearchField("question_variants"),
        index.SearchField("approved_answer"),
    ]

    parent_page_types = ["kb.SectionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("approved answer")
        verbose_name_plural = _("approved answers")

    def get_context(self, request, *args, **kwargs):
        from kb.reply_preferences import preferred_channel
        from kb.reply_text import ReplyChannel, channel_texts

        context = super().get_context(request, *args, **kwargs)
        context["channel_texts"] = channel_texts(self, operator=request.user)
        context["reply_channel"] = preferred_channel(request.user)
        context["reply_channel_choices"] = ReplyChannel.choices
        context["reply_text"] = context["channel_texts"][context["reply_channel"]]
        return context

    @property
    def variants(self):
        return [line.strip() for line in self.question_variants.splitlines() if line.strip()]


def list_items(text):
    """Lines of a plain-text list, without Markdown bullets ("- ", "* ", "• ") or blank lines."""
    items = []
    for line in text.splitlines():
        line = line.strip()
        if line[:2] in ("- ", "* ", "• "):
            line = line[2:].strip()
        if line:
            items.append(line)
    return items


ARTICLE_TYPES = {model.type_code: model for model in (OfferPage, KnownDefectPage, CrisisPage, AnswerPage)}
