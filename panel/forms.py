from django import forms
from django.utils.translation import gettext_lazy as _

from api.serializers import CONTACT_ID_PATTERN
from kb.models import Channel
from kb.reply_text import MAX_CUSTOMER_NAME, ReplyChannel, reply_channel
from search.service import MAX_QUERY_LENGTH

# A reply channel (phone, chat, social_public, social_private) or a contact channel as a CRM names it.
CHANNEL_NAMES = list(dict.fromkeys(ReplyChannel.values + Channel.values))


class PanelContextForm(forms.Form):
    """What the host page (URL parameters, postMessage) and the CSR tell the panel about the contact."""

    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_LENGTH, required=False)
    message = forms.CharField(label=_("Customer's message"), max_length=MAX_QUERY_LENGTH, required=False)
    customer = forms.CharField(label=_("Customer's name"), max_length=MAX_CUSTOMER_NAME, required=False)
    contact = forms.RegexField(CONTACT_ID_PATTERN, label=_("Contact id"), required=False, error_messages={
        "invalid": _("A contact id is 1–100 letters, digits or . : / # @ + - _ characters."),
    })
    channel = forms.ChoiceField(label=_("Channel"), choices=[(name, name) for name in CHANNEL_NAMES], required=False)

    def contact_state(self, default_channel):
        """(reply channel, contact channel or "") from the valid fields; the CSR's own channel by default."""
        name = self.value("channel")
        return reply_channel(name, default_channel), name if name in Channel.values else ""

    def value(self, name):
        """A field's valid value, or "" (an invalid field is reported and left out, the others still work)."""
        return (getattr(self, "cleaned_data", None) or {}).get(name) or ""
