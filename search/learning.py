"""Sportello learns how operators search for an article.

When an operator searches a phrase and then opens or copies an article from the results, that phrase is
evidence that the article answers it. Once at least MIN_USERS different operators have done so recently
(each use counts less as it ages: half of it after HALF_LIFE_DAYS), the phrase becomes a learned phrasing
of the article: indexed with the article's customer questions (search.kinds), shown to its owner, who can
remove it for good.

What is never learned: a phrase carrying personal data (search.personal_data: CSRs type customers' names,
tax codes, phone numbers into search); a phrase longer than MAX_WORDS words (a pasted message is no
phrasing); anything about content outside the knowledge base (questions live in spaces, and a phrase
from one space must never reach another); an article the operator could not see.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kb.models import ArticlePage
from search import outbox
from search.models import LearnedPhrasing, PhrasingUse, search_term
from search.personal_data import contains_personal_data

logger = logging.getLogger(__name__)

MIN_USERS = 2
MIN_WEIGHT = 1.0
HALF_LIFE_DAYS = 30
MAX_WORDS = 8
ARTICLE_TYPES = ("offer", "defect", "crisis", "answer")


def learnable(query):
    """The phrase to learn from `query`, or None when it must not be learned."""
    phrase = search_term(query)
    if not phrase or len(phrase.split()) > MAX_WORDS or contains_personal_data(query):
        return None
    return phrase


def decayed_weight(uses, now):
    return sum(0.5 ** ((now - use.last_used).total_seconds() / 86400 / HALF_LIFE_DAYS) for use in uses)


def refresh(phrasing, now=None):
    """Recount `phrasing`'s operators and weight; reindex the article when it starts or stops counting."""
    now = now or timezone.now()
    uses = list(phrasing.uses.all())
    weight = decayed_weight(uses, now)
    active = phrasing.removed_at is None and len(uses) >= MIN_USERS and weight >= MIN_WEIGHT
    changed = active != phrasing.active
    LearnedPhrasing.objects.filter(pk=phrasing.pk).update(users=len(uses), weight=weight, active=active)
    phrasing.users, phrasing.weight, phrasing.active = len(uses), weight, active
    if changed:
        outbox.queue("article", [phrasing.page_id])
        logger.info("learned phrasing changed page=%s active=%s users=%s", phrasing.page_id, active, len(uses))
    return phrasing


def record_use(user, search_log, result_type, result_id):
    """`user` opened or copied result `result_id` of their search `search_log`: evidence for a phrasing."""
    if result_type not in ARTICLE_TYPES or search_log.user_id != user.pk or not user.is_authenticated:
        return None
    phrase = learnable(search_log.query)
    if phrase is None or not ArticlePage.objects.visible_to_readers().filter(pk=result_id).exists():
        return None
    now = timezone.now()
    with transaction.atomic():
        phrasing, _created = LearnedPhrasing.objects.get_or_create(page_id=result_id, phrase=phrase)
        if phrasing.removed_at is not None:
            return None
        use, created = PhrasingUse.objects.get_or_create(phrasing=phrasing, user=user, defaults={"last_used": now})
        if not created:
            PhrasingUse.objects.filter(pk=use.pk).update(last_used=now, count=F("count") + 1)
        LearnedPhrasing.objects.filter(pk=phrasing.pk).update(last_seen=now)
        return refresh(phrasing, now)


def refresh_all(now=None):
    """Let old evidence fade: recount every phrasing still counting (the worker runs this daily)."""
    faded = 0
    for phrasing in LearnedPhrasing.objects.filter(active=True).prefetch_related("uses"):
        if not refresh(phrasing, now).active:
            faded += 1
    return faded


def can_manage(user, page):
    return user.is_authenticated and (
        user.is_superuser or page.content_owner_id == user.pk or page.permissions_for_user(user).can_edit()
    )


def remove(user, phrasing):
    """The owner removes a phrasing: it stops counting now and is never learned again."""
    if not can_manage(user, phrasing.page):
        raise PermissionError("only the article's owner or an editor may remove its phrasings")
    was_active = phrasing.active
    LearnedPhrasing.objects.filter(pk=phrasing.pk).update(active=False, removed_at=timezone.now(), removed_by=user)
    if was_active:
        outbox.queue("article", [phrasing.page_id])
    logger.info("learned phrasing removed page=%s phrasing=%s user=%s", phrasing.page_id, phrasing.pk, user.pk)


def phrasings_for_owner(user):
    """Phrasings of the articles `user` owns (all of them for administrators), strongest first."""
    phrasings = LearnedPhrasing.objects.filter(removed_at__isnull=True).select_related("page")
    if not user.is_superuser:
        phrasings = phrasings.filter(page__content_owner=user)
    return phrasings.order_by("-active", "-weight", "phrase")
