"""Read-side queries of the knowledge base, shared by pages, context processors and tests.

Every list a CSR sees starts from `visible_to_readers()`, so drafts, private and expired articles
can never slip into one list while being kept out of another.
"""

from django.core.cache import cache
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from kb import crisis_versions
from kb.models.articles import ArticlePage
from kb.models.page_types import CrisisPage, CrisisSeverity, CrisisStatus, DefectStatus, KnownDefectPage, OfferPage

HOME_LIST_SIZE = 8
CRISIS_BANNERS_CACHE_KEY = "kb:crisis-banners"
# Banners are on every page: cached briefly, and dropped at once when a crisis is published or unpublished
# (kb.signal_handlers). The short lifetime bounds staleness in other processes.
CRISIS_BANNERS_SECONDS = 10

SEVERITY_RANK = Case(
    When(severity=CrisisSeverity.CRITICAL, then=Value(0)),
    When(severity=CrisisSeverity.MAJOR, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def active_crises():
    """Crises operators must know of now: active first, then monitoring, worst first."""
    return (
        CrisisPage.objects.visible_to_readers()
        .exclude(status=CrisisStatus.RESOLVED)
        .annotate(severity_rank=SEVERITY_RANK)
        .order_by(
            Case(When(status=CrisisStatus.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()),
            "severity_rank",
            "-started_at",
        )
    )


def crisis_banners():
    """What the banner of each ongoing crisis shows, as plain dicts that can be cached.

    `revision_id` names the version operators must acknowledge (kb.crisis_versions: a minor correction
    keeps it); `changed_at` and `change_note` are the newest republication with a note, if any."""
    banners = cache.get(CRISIS_BANNERS_CACHE_KEY)
    if banners is None:
        crises = list(active_crises())
        histories = crisis_versions.histories(crises)
        banners = []
        for crisis in crises:
            history = histories[crisis.pk]
            change = history.latest_change
            banners.append({
                "id": crisis.id,
                "title": crisis.title,
                "url": crisis.url,
                "status": crisis.status,
                "severity": crisis.severity,
                "regions": crisis.affected_regions,
                "expire_at": crisis.expire_at,
                "revision_id": history.version_revision_id,
                "started_at": crisis.started_at,
                "next_update_at": crisis.next_update_at,
                "changed_at": change.published_at if change else None,
                "change_note": change.note if change else "",
            })
        cache.set(CRISIS_BANNERS_CACHE_KEY, banners, CRISIS_BANNERS_SECONDS)
    now = timezone.now()
    return [banner for banner in banners if not banner["expire_at"] or banner["expire_at"] > now]


def crises_with_overdue_update(now=None):
    """Ongoing crises operators can read whose announced next update time has passed."""
    return active_crises().filter(next_update_at__lte=now or timezone.now()).order_by("pk")


def forget_crisis_banners():
    cache.delete(CRISIS_BANNERS_CACHE_KEY)


def current_offers(limit=HOME_LIST_SIZE):
    """Offers on sale now, the newest first: an offer is new from its go-live time, or from its first
    publication when it went live without one (which must not sink it below every scheduled offer)."""
    became_current = Coalesce("go_live_at", "first_published_at")
    return OfferPage.objects.visible_to_readers().order_by(became_current.desc(nulls_last=True), "-pk")[:limit]


def defects_by_status(limit=HOME_LIST_SIZE):
    """Open defects before fixed ones, the most recently changed first."""
    fixed_last = Case(When(status=DefectStatus.FIXED, then=Value(1)), default=Value(0), output_field=IntegerField())
    return KnownDefectPage.objects.visible_to_readers().order_by(fixed_last, "-last_published_at")[:limit]


def recently_changed(limit=HOME_LIST_SIZE):
    return (
        ArticlePage.objects.visible_to_readers()
        .select_related("content_type")
        .order_by("-last_published_at")[:limit]
    )


def home_page_lists():
    return {
        "current_offers": list(current_offers()),
        "offers_section": site_sections().get("offerte"),
        "defects": list(defects_by_status()),
        "recently_changed": list(recently_changed()),
    }


def site_sections():
    """{slug: section page} of the live top-level sections, for links to a whole list."""
    from kb.models.sections import SectionIndexPage

    return {section.slug: section for section in SectionIndexPage.objects.live().filter(depth=3)}


def section_articles(section):
    return (
        ArticlePage.objects.visible_to_readers()
        .descendant_of(section)
        .select_related("content_type")
        .order_by("title")
    )


def articles_to_review(owner, due_by=None):
    """The owner's live articles whose review date is on or before `due_by` (default: today), soonest first."""
    return (
        ArticlePage.objects.live().unexpired().filter(content_owner=owner)
        .past_review(due_by).select_related("content_owner").order_by("review_by", "pk")
    )


def articles_past_review(owner=None, today=None):
    articles = ArticlePage.objects.live().past_review(today).select_related("content_owner")
    if owner is not None:
        articles = articles.filter(content_owner=owner)
    return articles.order_by("review_by")
