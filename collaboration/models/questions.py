"""Questions, answers, comments, votes, edit history, follows and mentions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.search import index

from kb.models import Channel


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class QuestionTag(TaggedItemBase):
    content_object = models.ForeignKey("collaboration.Question", on_delete=models.CASCADE, related_name="tagged_items")


class Question(index.Indexed, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        DUPLICATE = "duplicate", _("Duplicate")

    CLOSED_STATUSES = (Status.CLOSED, Status.DUPLICATE)

    space = models.ForeignKey("collaboration.Space", on_delete=models.PROTECT, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="questions")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details"), help_text=_("Markdown."))
    body_html = models.TextField(editable=False)
    product = models.ForeignKey("kb.Product", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("product"))
    topic = models.ForeignKey("kb.Topic", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("topic"))
    tags = TaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    # The customer's channel the question comes from (empty: not said); the impact table may set SLAs per channel.
    channel = models.CharField(_("customer's channel"), max_length=10, choices=Channel.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates")
    accepted_answer = models.OneToOneField(
        "collaboration.Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="accepted_for"
    )
    score = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    # Routing and service levels, from the impact table.
    impact_rule = models.ForeignKey("collaboration.ImpactRule", on_delete=models.SET_NULL, null=True, blank=True)
    responsible_group = models.ForeignKey(
        "auth.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("responsible group")
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True, db_index=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    # Minutes from asking to the first answer by someone else, kept with it for the Q&A health median.
    first_response_minutes = models.PositiveIntegerField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True, db_index=True)
    # The escalation ladder's rung (collaboration.actions.escalation.climb_escalation_ladder): 0 none,
    # 1 the first breach told the responsible group's lead, 2 the second handed it to the fallback group.
    breach_level = models.PositiveSmallIntegerField(default=0)
    service_level_warned_at = models.DateTimeField(null=True, blank=True)
    # When the people it is assigned to were told; empty after an escalation or reassignment until the notice
    # is stored, so a notice lost with a killed worker is sent by the next run (escalation.announce_escalations).
    escalation_notified_at = models.DateTimeField(null=True, blank=True)
    assigned_group = models.ForeignKey(
        "auth.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("assigned group")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_questions"
    )
    needs_info = models.BooleanField(_("more information requested"), default=False)
    promoted_page = models.ForeignKey("kb.AnswerPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Optimistic concurrency: each saved edit adds one; an edit based on an older version is refused
    # (collaboration.actions.editing), so two people saving at once never overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # Wagtail's database index, which the search fallback reads (search.backends.database); Elasticsearch
    # has its own document (search.kinds.QuestionKind). Saving an answer re-indexes its question.
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("body"),
        index.RelatedFields("answers", [index.SearchField("body")]),
        index.RelatedFields("tags", [index.SearchField("name", boost=1.5)]),
        index.FilterField("space"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]
        # Given to groups (the Expert role, the business functions of the impact table): the groups that may
        # take an escalated question (collaboration.actions.escalation.answering_groups).
        permissions = [("answer_escalations", "Can answer escalated questions")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("collaboration:question", args=[self.pk])

    @property
    def is_escalated(self):
        return self.escalated_at is not None

    @property
    def in_expert_queue(self):
        """Escalated and still waiting for the experts: not resolved, not closed (see escalation.my_queue)."""
        return self.is_escalated and self.resolved_at is None and self.status not in self.CLOSED_STATUSES

    def sla_breached(self, now=None):
        now = now or timezone.now()
        if self.first_response_due and not self.first_response_at and now > self.first_response_due:
            return True
        return bool(self.resolution_due and not self.resolved_at and now > self.resolution_due)


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="answers")
    body = models.TextField(_("answer"), help_text=_("Markdown."))
    body_html = models.TextField(editable=False)
    score = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    certified_at = models.DateTimeField(null=True, blank=True)
    certified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    # Optimistic concurrency: each saved edit adds one; an edit based on an older version is refused
    # (collaboration.actions.editing), so two people saving at once never overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.question} — {self.author}"

    @property
    def is_certified(self):
        return self.certified_at is not None


class Comment(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, answer__isnull=True) | Q(question__isnull=True, answer__isnull=False),
                name="comment_has_one_target",
            )
        ]


class Vote(models.Model):
    """One vote per user per post; the post's `score` is kept in step by collaboration.actions.votes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="votes")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="votes")
    practice = models.ForeignKey(
        "collaboration.BestPractice", on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    value = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], condition=Q(question__isnull=False), name="one_vote_per_question"),
            models.UniqueConstraint(fields=["user", "answer"], condition=Q(answer__isnull=False), name="one_vote_per_answer"),
            models.UniqueConstraint(fields=["user", "practice"], condition=Q(practice__isnull=False), name="one_vote_per_practice"),
            models.CheckConstraint(condition=Q(value__in=[-1, 1]), name="vote_is_up_or_down"),
        ]


class PostRevision(models.Model):
    """The text of a question, answer, best practice or market need as it was before an edit replaced it:
    with the post's current text, the history holds every text ever saved. `version` is the version that
    text had (empty for edits made before versions existed); `editor` is who replaced it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions")
    practice = models.ForeignKey(
        "collaboration.BestPractice", on_delete=models.CASCADE, null=True, blank=True, related_name="revisions"
    )
    need = models.ForeignKey("collaboration.MarketNeed", on_delete=models.CASCADE, null=True, blank=True, related_name="revisions")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="one_follow_per_question")]


class Mention(models.Model):
    """An @username in a post: a question (or its answers and comments), a best practice or a market need;
    the mentioned user is notified (collaboration.actions.posting.record_mentions)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions")
    practice = models.ForeignKey(
        "collaboration.BestPractice", on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    need = models.ForeignKey("collaboration.MarketNeed", on_delete=models.CASCADE, null=True, blank=True, related_name="mentions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, practice__isnull=True, need__isnull=True)
                | Q(question__isnull=True, practice__isnull=False, need__isnull=True)
                | Q(question__isnull=True, practice__isnull=True, need__isnull=False),
                name="mention_has_one_place",
            )
        ]
