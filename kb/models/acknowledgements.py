"""Read receipts of crisis briefings: "Ho letto", once per operator per crisis."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CrisisAcknowledgement(models.Model):
    crisis = models.ForeignKey("kb.CrisisPage", on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crisis_acknowledgements")
    first_acknowledged_at = models.DateTimeField(_("first read at"), default=timezone.now)
    # The latest version read: when the crisis is republished, the banner asks again.
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("crisis acknowledgement")
        verbose_name_plural = _("crisis acknowledgements")
        constraints = [models.UniqueConstraint(fields=["crisis", "user"], name="one_acknowledgement_per_user")]

    def __str__(self):
        return f"{self.user} read {self.crisis_id}"
