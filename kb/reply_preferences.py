"""The reply channel each CSR works on, remembered across pages and the side panel."""

from kb.models import ReplyChannelPreference
from kb.reply_text import DEFAULT_CHANNEL, ReplyChannel, reply_channel


def preferred_channel(user):
    """The channel `user` chose last, or the default (chat/email) for someone who never chose."""
    if not user.is_authenticated:
        return DEFAULT_CHANNEL
    value = ReplyChannelPreference.objects.filter(user=user).values_list("channel", flat=True).first()
    return ReplyChannel(value) if value in ReplyChannel.values else DEFAULT_CHANNEL


def do_set_preferred_channel(user, channel):
    """Remember `channel` (a ReplyChannel value, already validated) for `user`."""
    ReplyChannelPreference.objects.update_or_create(user=user, defaults={"channel": ReplyChannel(channel)})
    return ReplyChannel(channel)


def reply_channel_for(user, contact_channel=None):
    """The reply channel to answer on: the one a contact's channel (kb.models.Channel, as a CRM names it)
    implies, else the one `user` chose last."""
    return reply_channel(contact_channel) if contact_channel else preferred_channel(user)
