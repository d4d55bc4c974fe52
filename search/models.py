"""What search keeps in the database: the indexing outbox, the log of searches and clicks, and the
customer vocabulary (synonym rules, edited in the admin)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin


class IndexJob(models.Model):
    """One pending change to the search index (the outbox).

    Written in the same transaction as the content change, so a change that commits is never lost even
    if Elasticsearch is down; the worker applies jobs and deletes them, retrying failures with back-off.
    """

    class Action(models.TextChoices):
        INDEX = "index", _("index")
        DELETE = "delete", _("delete")

    kind = models.CharField(_("kind"), max_length=30, help_text=_("Which index: article, question, …"))
    object_id = models.BigIntegerField(_("object id"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now, db_index=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("index job")
        verbose_name_plural = _("index jobs")
        ordering = ["id"]

    def __str__(self):
        return f"{self.action} {self.kind} {self.object_id}"


class SearchLog(models.Model):
    """One search as a user ran it, for the content-gap and trend dashboards."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(_("role"), max_length=30, blank=True)
    query = models.CharField(_("query"), max_length=1000, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    result_count = models.PositiveIntegerField(_("results"))
    latency_ms = models.PositiveIntegerField(_("latency (ms)"))
    engine = models.CharField(_("engine"), max_length=20)
    source = models.CharField(_("source"), max_length=20, default="page", help_text=_("page, api or similar"))
    # For the content-gap dashboard over a year of log in one index-only pass (bench/insights.py): the
    # query as grouped (lower case, single spaces) and the position of the first result opened, if any.
    term = models.CharField(_("term"), max_length=200, blank=True, editable=False)
    first_click_position = models.PositiveIntegerField(_("first opened position"), null=True, blank=True)
    # The results the page showed, in order, as [type, id], and the position of the first: an open or a
    # copy counts only for one of them (search.clicks), so "most opened" and learning cannot be forged.
    shown = models.JSONField(_("results shown"), default=list, blank=True, editable=False)
    first_position = models.PositiveIntegerField(_("position of the first result shown"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        indexes = [
            models.Index(
                fields=["term", "created_at", "source", "result_count", "first_click_position"], name="searchlog_terms"
            )
        ]

    def __str__(self):
        return self.query

    def save(self, *args, **kwargs):
        self.term = search_term(self.query)
        super().save(*args, **kwargs)


def search_term(query):
    """How searches are grouped on the dashboards: case and spacing do not matter."""
    return " ".join(query.lower().split())[:200]


class SearchClick(models.Model):
    search = models.ForeignKey(SearchLog, on_delete=models.CASCADE, related_name="clicks")
    result_type = models.CharField(_("result type"), max_length=30)
    result_id = models.BigIntegerField(_("result id"))
    position = models.PositiveIntegerField(_("position"), help_text=_("1 for the first result"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("search click")
        verbose_name_plural = _("search clicks")


class SynonymRule(RevisionMixin, models.Model):
    """One rule of the thesaurus that bridges the customer's words and the KB's (search/synonyms.py).

    Without `expands_to` the terms are equivalent both ways (disdetta, recesso). With it, the terms are
    the customer's phrasings and are looked up as the target words, one way only ("staccare tutto" →
    disdetta), so a search for the KB's word does not bring in every colloquial phrase. Applied to the
    next search, without reindexing; every change is kept as a revision.
    """

    terms = models.TextField(
        _("terms"),
        help_text=_("Words or short phrases (1–4 words), separated by commas: what customers and operators say."),
    )
    expands_to = models.TextField(
        _("looked up as"),
        blank=True,
        help_text=_(
            "Optional. The KB's words these terms are searched as (one way). Leave empty when all the terms "
            "mean the same thing in both directions."
        ),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="synonymrule")

    panels = [FieldPanel("terms"), FieldPanel("expands_to"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synonym rule")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self):
        text = self.terms if not self.expands_to else f"{self.terms} → {self.expands_to}"
        return text[:120]

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        from search.synonyms import MAX_WORDS, split_members

        terms, targets = split_members(self.terms), split_members(self.expands_to)
        if len(terms) + len(targets) < 2:
            raise ValidationError({"terms": _("Give at least two terms, or terms and the words they are looked up as.")})
        for field, members in (("terms", terms), ("expands_to", targets)):
            too_long = [member for member in members if len(member.split()) > MAX_WORDS]
            if too_long:
                raise ValidationError(
                    {field: _("At most %(count)d words per term: %(terms)s") % {"count": MAX_WORDS, "terms": ", ".join(too_long)}}
                )


class LearnedPhrasing(models.Model):
    """A way operators search for an article, learned from what they opened or copied (search.learning).

    Active (searched as part of the article) once at least two different operators used it recently;
    the article's owner can remove it, and a removed phrasing is never learned again.
    """

    page = models.ForeignKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="learned_phrasings")
    phrase = models.CharField(_("phrase"), max_length=200)
    users = models.PositiveIntegerField(_("operators"), default=0)
    weight = models.FloatField(_("weight"), default=0.0, help_text=_("Uses by different operators, older ones counting less."))
    active = models.BooleanField(_("active"), default=False, db_index=True)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("learned phrasing")
        verbose_name_plural = _("learned phrasings")
        constraints = [models.UniqueConstraint(fields=["page", "phrase"], name="learned_phrasing_unique")]

    def __str__(self):
        return self.phrase


class PhrasingUse(models.Model):
    """One operator's use of a phrasing: the last time they searched it and opened or copied the article."""

    phrasing = models.ForeignKey(LearnedPhrasing, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_used = models.DateTimeField(_("last used"), default=timezone.now)
    count = models.PositiveIntegerField(_("uses"), default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["phrasing", "user"], name="phrasing_use_unique")]
