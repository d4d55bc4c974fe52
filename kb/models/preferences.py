from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kb.reply_text import DEFAULT_CHANNEL, ReplyChannel


class ReplyChannelPreference(models.Model):
    """The reply channel a CSR last chose, on an answer page or in the side panel: copies use it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="reply_channel_preference")
    channel = models.CharField(_("reply channel"), max_length=20, choices=ReplyChannel.choices, default=DEFAULT_CHANNEL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reply channel preference")
        verbose_name_plural = _("reply channel preferences")
