"""What every post shares: sanitised Markdown, @mentions and the posting rate limit."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from collaboration import events
from collaboration.models import Mention
from core.markup import markdown_to_html

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")


def render(text):
    return markdown_to_html(text)


def check_rate_limit(user):
    """At most COLLABORATION_POST_RATE = (posts, seconds) per user; raises ValidationError past it. The
    counter lives in the cache: while the cache is unreachable, posts are not limited."""
    limit, seconds = settings.COLLABORATION_POST_RATE
    key = f"collaboration:posts:{user.pk}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, seconds)
        count = 1
    # With the cache down the count is unknown (None): posting goes on rather than failing.
    if count is not None and count > limit:
        raise ValidationError(_("You are posting too fast. Wait a minute and try again: your text is kept."))


def record_mentions(question, author, *texts):
    """Mention rows for every existing @username in the texts (the author excluded); those who may read
    the question are notified after commit."""
    names = {name.rstrip(".") for text in texts for name in MENTION.findall(text or "")}
    users = list(get_user_model().objects.filter(username__in=names, is_active=True).exclude(pk=author.pk))
    Mention.objects.bulk_create([Mention(user=user, question=question, author=author) for user in users])
    if users:
        events.on_commit(events.mentioned, question.pk, [user.pk for user in users], events.display_name(author))
    return users
