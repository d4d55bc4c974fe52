"""An approved answer made ready for the channel the CSR answers on: the text to copy.

An answer page may carry one text per reply channel (a phone script, a chat/email reply, a public social
reply, a private social message); the approved answer is the fallback for any channel left empty.
`copy_text` is the one function that turns (page, channel, customer name, operator) into what is copied:
the answer page, the search results, the side panel and the API (search, assist, articles) all call it, so
they cannot disagree.

Placeholders, filled on copy:
- `{cliente}` (or `{customer}`): the customer's name; without one, the polite "cliente"/"customer".
- `{firma}` (or `{signature}`): the operator's signature as social care teams sign, first name and
  initials: "Giulia ^GB". From the user's first and last name, else the username.

The public social reply is limited to SOCIAL_PUBLIC_LIMIT characters as `social_length` counts them: the
text as typed, Unicode-normalised (NFC, so "è" is one character however it was typed), each placeholder
counted at a typical expanded length (PLACEHOLDER_BUDGET) and each link at 23 characters, as X/Twitter
shortens links. Counting the text as typed, Markdown marks included, can only overcount what is copied.
The editor's counter (static/js/social_counter.js) applies the same rule with the same numbers.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.markup import plain_text


class ReplyChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat / email")
    SOCIAL_PUBLIC = "social_public", _("Public social reply")
    SOCIAL_PRIVATE = "social_private", _("Private social message")


# The page field holding each channel's own text.
CHANNEL_FIELDS = {
    ReplyChannel.PHONE: "phone_script",
    ReplyChannel.CHAT: "chat_email_text",
    ReplyChannel.SOCIAL_PUBLIC: "public_social_reply",
    ReplyChannel.SOCIAL_PRIVATE: "private_social_message",
}
DEFAULT_CHANNEL = ReplyChannel.CHAT

# A contact's channel as the CRM and the usage records name it (kb.models.Channel) -> the text to reply with.
CONTACT_TO_REPLY = {"phone": "phone", "store": "phone", "chat": "chat", "email": "chat", "social": "social_public",
                    "social_dm": "social_private"}
# And back: what the usage record of a reply on that channel says.
REPLY_TO_CONTACT = {"phone": "phone", "chat": "chat", "social_public": "social", "social_private": "social_dm"}

SOCIAL_PUBLIC_LIMIT = 280
LINK_LENGTH = 23
CUSTOMER_PLACEHOLDERS = ("{cliente}", "{customer}")
SIGNATURE_PLACEHOLDERS = ("{firma}", "{signature}")
PLACEHOLDER_BUDGET = {"customer": 20, "signature": 15}
MAX_CUSTOMER_NAME = 100

LINK = re.compile(r"https?://\S+")
PLACEHOLDER = re.compile("|".join(re.escape(p) for p in CUSTOMER_PLACEHOLDERS + SIGNATURE_PLACEHOLDERS))


def reply_channel(value, default=DEFAULT_CHANNEL):
    """A ReplyChannel from a reply channel's or a contact channel's name (what a CRM sends); else `default`."""
    value = str(value or "").strip().lower()
    if value in ReplyChannel.values:
        return ReplyChannel(value)
    if value in CONTACT_TO_REPLY:
        return ReplyChannel(CONTACT_TO_REPLY[value])
    return default


def clean_customer_name(raw):
    """A name as typed in a CRM: printable, spaces collapsed, at most MAX_CUSTOMER_NAME characters."""
    text = "".join(ch for ch in str(raw or "") if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())[:MAX_CUSTOMER_NAME]


def signature(user):
    """ "Giulia ^GB": first name and initials; the username when the user has no name."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    first, last = user.first_name.strip(), user.last_name.strip()
    if not first:
        return user.get_username()
    initials = "".join(part[0] for part in (first.split() + last.split()) if part).upper()
    return f"{first.split()[0]} ^{initials}"


def channel_source(page, channel):
    """The text written for `channel` on `page`, or the approved answer when none was (or `channel` is None)."""
    if channel is None:
        return page.approved_answer
    own = getattr(page, CHANNEL_FIELDS[reply_channel(channel)], "") or ""
    return own if own.strip() else page.approved_answer


def copy_text(page, channel, customer_name="", operator=None):
    """What the CSR pastes: the channel's text (the approved answer itself for `channel=None`), plain (no
    Markdown, no tags), placeholders filled."""
    text = plain_text(channel_source(page, channel), keep_lines=True)
    name = clean_customer_name(customer_name)
    if not name:
        with translation.override(page.language or None):
            name = str(_("customer"))
    values = {p: name for p in CUSTOMER_PLACEHOLDERS} | {p: signature(operator) for p in SIGNATURE_PLACEHOLDERS}
    # One pass, so a name that itself looks like a placeholder is not filled again.
    filled = PLACEHOLDER.sub(lambda match: values[match.group(0)], text)
    return "\n".join(" ".join(line.split()) for line in filled.splitlines()).strip()


def answer_copies(ids, operator=None, customer_name=""):
    """{page id: ({channel: text to copy}, live revision id)} for the live answers among `ids`, in one query.
    For hits a search already filtered by the user's rights (the results page, the side panel)."""
    from kb.models import AnswerPage

    pages = AnswerPage.objects.live().in_bulk(list(ids)) if ids else {}
    return {pk: (channel_texts(page, customer_name, operator), page.live_revision_id) for pk, page in pages.items()}


def channel_copies(ids, channel, operator=None, customer_name=""):
    """{page id: (the text to copy on `channel`, live revision id)} for the live answers among `ids`, in one
    query. Like `answer_copies`, for hits a search already filtered by the user's rights (the side panel,
    the API's search and assist)."""
    from kb.models import AnswerPage

    pages = AnswerPage.objects.live().in_bulk(list(ids)) if ids else {}
    return {pk: (copy_text(page, channel, customer_name, operator), page.live_revision_id) for pk, page in pages.items()}


def fill_answers(items, channel, operator=None, customer_name=""):
    """Search hits as dicts (`type`, `id`, `answer`): each answer's `answer`, the index's copy written for no
    channel with its placeholders as typed, becomes the text to paste on `channel`; None for an answer no
    longer live (the index lags a moment behind an unpublish). For hits a search filtered by the user's rights
    (the API's search and assist, the pages' JSON search)."""
    copies = channel_copies([item["id"] for item in items if item["type"] == "answer"], channel, operator, customer_name)
    for item in items:
        if item["type"] == "answer":
            item["answer"] = copies.get(item["id"], (None, None))[0]
    return items


def channel_texts(page, customer_name="", operator=None):
    """{channel: text to copy} for every reply channel."""
    return {channel.value: copy_text(page, channel, customer_name, operator) for channel in ReplyChannel}


def social_length(text):
    """The length of a public social reply as SOCIAL_PUBLIC_LIMIT counts it (see the module docstring)."""
    text = unicodedata.normalize("NFC", text or "")
    text = LINK.sub("x" * LINK_LENGTH, text)
    for placeholder in CUSTOMER_PLACEHOLDERS:
        text = text.replace(placeholder, "x" * PLACEHOLDER_BUDGET["customer"])
    for placeholder in SIGNATURE_PLACEHOLDERS:
        text = text.replace(placeholder, "x" * PLACEHOLDER_BUDGET["signature"])
    return len(text)


def social_counter_attrs():
    """The rule, as data attributes of the editor's text area, for its counter (static/js/social_counter.js)."""
    return {
        "data-social-limit": SOCIAL_PUBLIC_LIMIT,
        "data-link-length": LINK_LENGTH,
        "data-customer-placeholders": " ".join(CUSTOMER_PLACEHOLDERS),
        "data-customer-length": PLACEHOLDER_BUDGET["customer"],
        "data-signature-placeholders": " ".join(SIGNATURE_PLACEHOLDERS),
        "data-signature-length": PLACEHOLDER_BUDGET["signature"],
        "data-counter-label": _("{count} of {limit} characters ({cliente} counted as 20, {firma} as 15, links as 23)"),
    }


def validate_public_social_reply(value):
    length = social_length(value)
    if length > SOCIAL_PUBLIC_LIMIT:
        raise ValidationError(
            ngettext_lazy(
                "A public social reply may be at most %(limit)d characters; this one counts %(length)d "
                "(placeholders at their typical length, links as 23): %(over)d character too many.",
                "A public social reply may be at most %(limit)d characters; this one counts %(length)d "
                "(placeholders at their typical length, links as 23): %(over)d characters too many.",
                "over",
            ),
            code="social_too_long",
            params={"limit": SOCIAL_PUBLIC_LIMIT, "length": length, "over": length - SOCIAL_PUBLIC_LIMIT},
        )
