"""What the API keeps: the credentials integrations use, and what they report back.

Tokens are random 256-bit secrets; only their SHA-256 is stored (api.tokens), with a short prefix so a
user can tell them apart. Usage and feedback records point at the article and the exact revision that
was read, so the knowledge dashboards (link rate, reuse, helpfulness) count what the CSR really used.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb.models import Channel


class TokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Not revoked, not expired, and belonging to an active user."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class Token(models.Model):
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, help_text=_("The first characters, to recognise it."))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = TokenQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self):
        return self.revoked_at is None and not self.is_expired


class PersonalAccessToken(Token):
    """A user's own token, for a CRM plug-in or a script acting as that user, with that user's rights."""

    kind = "personal"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_tokens", verbose_name=_("user")
    )

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        ordering = ["-created_at"]


class ServiceToken(Token):
    """An integration's token (a CRM, an agent desktop), created by an administrator.

    Requests run as `user`, the integration's own account. When `may_act_as_users` is set, a request
    may name a CSR in the X-Sportello-User header and then runs with that CSR's rights instead.
    """

    kind = "service"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_tokens",
        verbose_name=_("integration account"),
        help_text=_("Requests that name no CSR run with this account's rights."),
    )
    may_act_as_users = models.BooleanField(
        _("may act for CSRs"),
        default=False,
        help_text=_("Requests may name an active CSR (header X-Sportello-User) and run with that CSR's rights."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"), editable=False,
    )

    class Meta:
        verbose_name = _("service token")
        verbose_name_plural = _("service tokens")
        ordering = ["-created_at"]


class ReportedByCrm(models.Model):
    """What a CSR reports, in person or through an integration's service token, and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("CSR"))
    service_token = models.ForeignKey(
        ServiceToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("through integration"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True


class ArticleUsage(ReportedByCrm):
    """"This article answered contact X": the KCS link between a customer contact and the knowledge used.

    One row per contact, article and CSR: reporting the same link twice changes nothing, so link rate
    and reuse count contacts, not clicks.
    """

    article = models.ForeignKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="usages", verbose_name=_("article"))
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("revision")
    )
    contact_id = models.CharField(_("contact id"), max_length=100, help_text=_("The contact's id in the CRM."))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("article use")
        verbose_name_plural = _("article uses")
        constraints = [
            models.UniqueConstraint(fields=["contact_id", "article", "user"], name="api_usage_once_per_contact")
        ]
        indexes = [models.Index(fields=["article", "created_at"], name="api_usage_article")]

    def __str__(self):
        return f"{self.contact_id} → {self.article_id}"


class ReportedContact(ReportedByCrm):
    """"Contact X was handled", with or without an article: what link rate divides by. A CRM reports every
    contact it closes; a contact with a usage record counts as reported even if it never came here."""

    contact_id = models.CharField(_("contact id"), max_length=100, help_text=_("The contact's id in the CRM."))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("reported contact")
        verbose_name_plural = _("reported contacts")
        constraints = [models.UniqueConstraint(fields=["contact_id", "user"], name="api_contact_once_per_csr")]

    def __str__(self):
        return self.contact_id


class ArticleFeedback(ReportedByCrm):
    """A CSR's verdict on an article: helpful or not, and why."""

    class Reason(models.TextChoices):
        ANSWERED = "answered", _("It answered the customer")
        OUTDATED = "outdated", _("Out of date")
        WRONG = "wrong", _("Wrong")
        INCOMPLETE = "incomplete", _("Incomplete")
        UNCLEAR = "unclear", _("Unclear")
        NOT_RELEVANT = "not_relevant", _("Not what the customer asked")
        OTHER = "other", _("Other")

    article = models.ForeignKey(
        "kb.ArticlePage", on_delete=models.CASCADE, related_name="feedback", verbose_name=_("article")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("revision")
    )
    helpful = models.BooleanField(_("helpful"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    contact_id = models.CharField(_("contact id"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("article feedback")
        verbose_name_plural = _("article feedback")
        indexes = [models.Index(fields=["article", "created_at"], name="api_feedback_article")]

    def __str__(self):
        return f"{self.article_id}: {'+' if self.helpful else '-'}"
