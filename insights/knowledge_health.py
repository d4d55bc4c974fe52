"""Knowledge health, KCS-style: is the knowledge base kept, used and fed by the conversations?"""

import statistics

from django.db.models import Count, F, Min, Q, Sum
from django.utils import timezone

from collaboration.models import Answer, ArticleReport
from insights.knowledge_use import Readable
from kb.models import ArticlePage, ArticleViewDay
from kb.site_tree import HOME_SLUG
from search.learning import ARTICLE_TYPES
from search.models import SearchClick


def live_articles(product=None):
    articles = ArticlePage.objects.live()
    return articles.filter(products=product) if product is not None else articles


def past_review_by_owner(product=None, today=None):
    """[{"owner", "articles"}]: live articles whose review-by date has passed, per content owner."""
    today = today or timezone.localdate()
    rows = (
        live_articles(product).filter(review_by__lte=today)
        .values("content_owner__username", "content_owner__first_name", "content_owner__last_name")
        .annotate(articles=Count("pk", distinct=True)).order_by("-articles", "content_owner__username")
    )
    return [
        {"owner": " ".join(filter(None, [row["content_owner__first_name"], row["content_owner__last_name"]]))
         or row["content_owner__username"] or "—", "articles": row["articles"]}
        for row in rows
    ]


def readable_only(viewer, rows, key="article", limit=10):
    """The first `limit` of `rows` whose article `viewer` may read (None: every row): a dashboard never
    shows the title of an article restricted to groups the viewer is not in."""
    if viewer is None:
        return rows[:limit]
    readable = Readable(viewer).ids(row[key] for row in rows[: limit * 3])
    return [row for row in rows if row[key] in readable][:limit]


def most_flagged(period, product=None, team=None, limit=10, viewer=None):
    """[{"article", "article__title", "reports", "open"}] reported in the period (by the team's operators,
    if given), most reported first; only articles `viewer` may read, when given."""
    reports = ArticleReport.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    if team is not None:
        reports = reports.filter(reporter__teams=team)
    if product is not None:
        reports = reports.filter(article__products=product)
    rows = list(
        reports.values("article", "article__title")
        .annotate(reports=Count("pk", distinct=True), open=Count("pk", filter=Q(closed_at__isnull=True), distinct=True))
        .order_by("-reports", "article__title")[: limit * 3]
    )
    return readable_only(viewer, rows, limit=limit)


def most_viewed(period, product=None, limit=10, viewer=None):
    """[{"article", "title", "views"}]: articles read most in the period (whole local days); only articles
    `viewer` may read, when given."""
    days = ArticleViewDay.objects.filter(day__gte=period.first_day, day__lte=period.last_day)
    if product is not None:
        days = days.filter(article__products=product)
    rows = list(
        days.values("article", title=F("article__title")).annotate(views=Sum("views")).order_by("-views", "title")[: limit * 3]
    )
    return readable_only(viewer, rows, limit=limit)


def most_opened(period, product=None, team=None, limit=10, viewer=None):
    """[{"article", "title", "opened"}]: articles opened from search results in the period (by the team);
    only articles `viewer` may read, when given."""
    clicks = SearchClick.objects.filter(result_type__in=ARTICLE_TYPES, created_at__gte=period.start, created_at__lt=period.end)
    if team is not None:
        clicks = clicks.filter(search__user__teams=team)
    counts = dict(clicks.values("result_id").annotate(opened=Count("pk")).order_by("-opened").values_list("result_id", "opened"))
    articles = live_articles(product).filter(pk__in=list(counts))
    titles = dict(articles.values_list("pk", "title"))
    ranked = sorted(((pk, count) for pk, count in counts.items() if pk in titles), key=lambda item: (-item[1], titles[item[0]]))
    return readable_only(viewer, [{"article": pk, "title": titles[pk], "opened": count} for pk, count in ranked[: limit * 3]], limit=limit)


def certified_to_published(period, questions):
    """How long certified answers took to become published articles: among `questions` (those the viewer
    may read) whose promoted article first went live in the period; median in hours."""
    published = dict(
        questions.filter(
            promoted_page__isnull=False,
            promoted_page__first_published_at__gte=period.start,
            promoted_page__first_published_at__lt=period.end,
        ).values_list("pk", "promoted_page__first_published_at")
    )
    certified = dict(
        Answer.objects.filter(question__in=list(published), certified_at__isnull=False)
        .values("question").annotate(first=Min("certified_at")).values_list("question", "first")
    )
    hours = [
        (published[pk] - certified_at).total_seconds() / 3600
        for pk, certified_at in certified.items() if published[pk] >= certified_at
    ]
    return {"promoted": len(published), "median_hours": round(statistics.median(hours), 1) if hours else None}


def public_path(article_url_path):
    """The path operators see for an article ("/procedure/x/"), from Wagtail's url_path ("/sportello/procedure/x/")."""
    prefix = f"/{HOME_SLUG}"
    return article_url_path[len(prefix):] if article_url_path.startswith(prefix + "/") else article_url_path


def linked_from_answers(articles, period, questions):
    """{article id: answers in the period, on questions the viewer may read, that link to it}."""
    answers = Answer.objects.filter(
        question__in=questions.values("pk"), created_at__gte=period.start, created_at__lt=period.end
    )
    paths = dict(ArticlePage.objects.filter(pk__in=[row["article"] for row in articles]).values_list("pk", "url_path"))
    # A link ends with the path and its closing quote, relative or absolute. One pass over the bodies.
    needles = {pk: public_path(path) + '"' for pk, path in paths.items()}
    counts = dict.fromkeys(needles, 0)
    for body in answers.values_list("body_html", flat=True).iterator(chunk_size=2000):
        for pk, needle in needles.items():
            counts[pk] += needle in body
    return counts
