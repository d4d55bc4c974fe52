"""What every post shares: sanitised Markdown, @mentions and the posting rate limit."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from collaboration import events
from collaboration.mentions import mentioned_users, render_with_mentions
from collaboration.models import Answer, BestPractice, Comment, MarketNeed, Mention, Question


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


def mention_place(post):
    """Where a mention in `post` is recorded: its question (for a question, answer or comment), its best
    practice or its market need."""
    if isinstance(post, Question):
        return {"question": post}
    if isinstance(post, Answer):
        return {"question": post.question}
    if isinstance(post, Comment):
        return {"question": post.question or post.answer.question}
    if isinstance(post, BestPractice):
        return {"practice": post}
    if isinstance(post, MarketNeed):
        return {"need": post}
    raise TypeError(f"no mentions in a {type(post).__name__}")


def record_mentions(post, author, *texts):
    """Record every existing @username in the texts of `post` (a question, answer, comment, best practice
    or market need; the author excluded) and notify them after commit (events.mentioned: only those who
    may read the space, once per post, so saving an edit again notifies only whom it newly names)."""
    users = list(mentioned_users(*texts).exclude(pk=author.pk))
    place = mention_place(post)
    recorded = set(Mention.objects.filter(**place, user__in=users).values_list("user_id", flat=True))
    Mention.objects.bulk_create([Mention(user=user, author=author, **place) for user in users if user.pk not in recorded])
    if users:
        events.on_commit(
            events.mentioned, events.post_kind(post), post.pk, [user.pk for user in users], events.display_name(author)
        )
    return users
