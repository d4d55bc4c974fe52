"""What every post shares: sanitised Markdown, @mentions and the posting rate limit."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from collaboration import events
from collaboration.mentions import mentioned_users, render_with_mentions
from collaboration.models import Mention


def render(text):
    """A post's Markdown as the page shows it: sanitised, with @mentions linked. The preview uses it too."""
    return render_with_mentions(text)


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
    users = list(mentioned_users(*texts).exclude(pk=author.pk))
    Mention.objects.bulk_create([Mention(user=user, question=question, author=author) for user in users])
    if users:
        events.on_commit(events.mentioned, question.pk, [user.pk for user in users], events.display_name(author))
    return users
