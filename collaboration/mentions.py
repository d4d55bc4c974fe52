"""@username in posts: found in the text, linked in the rendered Markdown, offered while typing.

A mention becomes a link to the questions that person asked (the collaboration home filtered by author)
only for an existing active user, and only through a Markdown inline pattern, so code spans and blocks
keep their text and the result still goes through the sanitiser (core.markup).
"""

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from core.markup import markdown_to_html

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")
SUGGESTIONS = 8


def mentioned_names(*texts):
    """The usernames written as @username in the texts (a full stop ending a sentence is not part of one)."""
    return {name.rstrip(".") for text in texts for name in MENTION.findall(text or "")}


def mentioned_users(*texts):
    return get_user_model().objects.filter(username__in=mentioned_names(*texts), is_active=True)


def mention_url(username):
    return f"{reverse('collaboration:home')}?{urlencode({'author': username})}"


class MentionPattern(InlineProcessor):
    def __init__(self, usernames):
        super().__init__(MENTION.pattern)
        self.usernames = usernames

    def handleMatch(self, match, data):
        name = match.group(1).rstrip(".")
        if name not in self.usernames:
            return None, None, None
        link = etree.Element("a")
        link.set("href", mention_url(name))
        link.text = AtomicString(f"@{name}")  # no emphasis inside a name like @mario_rossi_
        return link, match.start(0), match.start(0) + 1 + len(name)


class MentionExtension(Extension):
    def __init__(self, usernames):
        super().__init__()
        self.usernames = usernames

    def extendMarkdown(self, md):
        # After code spans, links and raw HTML (priorities 190-90), before emphasis (70 and below).
        md.inlinePatterns.register(MentionPattern(self.usernames), "mention", 75)


def render_with_mentions(text):
    """Sanitised HTML of a post's Markdown, with @mentions of existing users linked."""
    usernames = set(mentioned_users(text).values_list("username", flat=True))
    return markdown_to_html(text, extensions=[MentionExtension(usernames)] if usernames else [])


def suggestions(readers, prefix):
    """Up to SUGGESTIONS people among `readers` (a user queryset) whose username or name starts with
    `prefix`, as {username, name} for the autocomplete."""
    people = readers.filter(
        Q(username__istartswith=prefix) | Q(first_name__istartswith=prefix) | Q(last_name__istartswith=prefix)
    ).order_by("username")[:SUGGESTIONS]
    return [{"username": user.username, "name": user.get_full_name() or user.username} for user in people]
