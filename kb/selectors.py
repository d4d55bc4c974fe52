"""Read-side queries of the knowledge base, shared by pages, context processors and tests.

Every list a CSR sees starts from `visible_to_readers()`, so drafts, private and expired articles
can never slip into one list while being kept out of another.
"""

from django.db.models import Case, IntegerField, Value, When

from kb.models.articles import ArticlePage
from kb.models.page_types import CrisisPage, CrisisSeverity, CrisisStatus, DefectStatus, KnownDefectPage, OfferPage

HOME_LIST_SIZE = 8

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


def current_offers(limit=HOME_LIST_SIZE):
    return OfferPage.objects.visible_to_readers().order_by("-go_live_at", "-first_published_at")[:limit]


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
        "defects": list(defects_by_status()),
        "recently_changed": list(recently_changed()),
    }


def section_articles(section):
    return (
        ArticlePage.objects.visible_to_readers()
        .descendant_of(section)
        .select_related("content_type")
        .order_by("title")
    )


def articles_past_review(owner=None, today=None):
    articles = ArticlePage.objects.live().past_review(today).select_related("content_owner")
    if owner is not None:
        articles = articles.filter(content_owner=owner)
    return articles.order_by("review_by")
