"""Knowledge use, KCS-style, from what the CRM reports through the API (api.ArticleUsage, ReportedContact,
ArticleFeedback): how many contacts cite an article (link rate), which articles are reused, which help,
where answers are used, and which articles nobody uses.

A contact counts as reported when the CRM reported it (`POST /api/v1/contacts`) or reported an article
used for it (`POST /api/v1/usage`); it counts as linked in the second case. Contacts are counted by their id,
so a contact two CSRs handled, or an article reported twice for it, counts once. The team is the CSR's.
Article titles are shown only for articles the viewer may read (view restrictions).
"""

from django.db.models import Count, Q

from api.articles import may_read
from api.models import ArticleFeedback, ArticleUsage, ReportedContact
from kb.models import ArticlePage, Channel

NEVER_USED_LIMIT = 200


def in_period(records, period, team=None):
    records = records.filter(created_at__gte=period.start, created_at__lt=period.end)
    return records.filter(user__teams=team) if team is not None else records


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def link_rate(period, team=None):
    """[{"channel", "label", "reported", "linked", "rate"}] per channel, then the total (channel None).

    One contact reported on two channels counts on each, and once in the total."""
    reported, linked = {}, {}
    for channel, contact_id in in_period(ReportedContact.objects, period, team).values_list("channel", "contact_id"):
        reported.setdefault(channel, set()).add(contact_id)
    for channel, contact_id in in_period(ArticleUsage.objects, period, team).values_list("channel", "contact_id"):
        reported.setdefault(channel, set()).add(contact_id)
        linked.setdefault(channel, set()).add(contact_id)
    rows = [
        {"channel": channel, "label": str(label), "reported": len(reported.get(channel, ())),
         "linked": len(linked.get(channel, ())), "rate": rate(len(linked.get(channel, ())), len(reported.get(channel, ())))}
        for channel, label in Channel.choices if channel in reported
    ]
    every_reported = set().union(*reported.values()) if reported else set()
    every_linked = set().union(*linked.values()) if linked else set()
    rows.append({"channel": None, "label": None, "reported": len(every_reported), "linked": len(every_linked),
                 "rate": rate(len(every_linked), len(every_reported))})
    return rows


class Readable:
    """Whether the viewer may read an article (view restrictions), for the titles a table shows."""

    def __init__(self, user):
        self.user = user

    def ids(self, article_ids):
        pages = ArticlePage.objects.filter(pk__in=list(article_ids))
        return {page.pk for page in pages if may_read(self.user, page)}


def articles(records, product=None):
    return records.filter(article__products=product) if product is not None else records


def reuse(viewer, period, team=None, product=None, limit=20):
    """[{"article", "title", "contacts", "csrs"}]: the articles used for the most contacts in the period."""
    rows = list(
        articles(in_period(ArticleUsage.objects, period, team), product)
        .values("article", "article__title")
        .annotate(contacts=Count("contact_id", distinct=True), csrs=Count("user", distinct=True))
        .order_by("-contacts", "article__title")
    )
    readable = Readable(viewer).ids(row["article"] for row in rows[: limit * 2])
    return [{"article": row["article"], "title": row["article__title"], "contacts": row["contacts"], "csrs": row["csrs"]}
            for row in rows if row["article"] in readable][:limit]


def helpfulness(viewer, period, team=None, product=None, limit=20):
    """[{"article", "title", "ratings", "helpful", "share"}]: the most rated articles, with the share rated helpful."""
    rows = list(
        articles(in_period(ArticleFeedback.objects, period, team), product)
        .values("article", "article__title")
        .annotate(ratings=Count("pk"), helpful=Count("pk", filter=Q(helpful=True)))
        .order_by("-ratings", "article__title")
    )
    readable = Readable(viewer).ids(row["article"] for row in rows[: limit * 2])
    return [{"article": row["article"], "title": row["article__title"], "ratings": row["ratings"],
             "helpful": row["helpful"], "share": rate(row["helpful"], row["ratings"])}
            for row in rows if row["article"] in readable][:limit]


def helpfulness_by_owner(period, team=None, product=None):
    """[{"owner", "ratings", "helpful", "share"}] per content owner of the rated articles."""
    rows = (
        articles(in_period(ArticleFeedback.objects, period, team), product)
        .values("article__content_owner__username", "article__content_owner__first_name", "article__content_owner__last_name")
        .annotate(ratings=Count("pk"), helpful=Count("pk", filter=Q(helpful=True)))
        .order_by("-ratings", "article__content_owner__username")
    )
    return [
        {"owner": " ".join(filter(None, [row["article__content_owner__first_name"], row["article__content_owner__last_name"]]))
         or row["article__content_owner__username"] or "—",
         "ratings": row["ratings"], "helpful": row["helpful"], "share": rate(row["helpful"], row["ratings"])}
        for row in rows
    ]


def used_by_team_and_channel(period, team=None, product=None):
    """[{"team", "channel", "uses"}]: articles used, per team of the CSR and channel ("—" for CSRs in no team)."""
    labels = dict(Channel.choices)
    rows = (
        articles(in_period(ArticleUsage.objects, period, team), product)
        .values("user__teams__name", "channel").annotate(uses=Count("pk", distinct=True))
        .order_by("user__teams__name", "channel")
    )
    return [{"team": row["user__teams__name"] or "—", "channel": str(labels.get(row["channel"], row["channel"])),
             "uses": row["uses"]} for row in rows
            if team is None or row["user__teams__name"] == team.name]


def never_used(viewer, product=None, limit=NEVER_USED_LIMIT):
    """[{"article", "title", "owner", "published"}]: live articles no contact was ever reported with, oldest first."""
    pages = ArticlePage.objects.live().filter(~Q(pk__in=ArticleUsage.objects.values("article")))
    if product is not None:
        pages = pages.filter(products=product)
    found = []
    for page in pages.select_related("content_owner").order_by("first_published_at", "title").iterator(chunk_size=500):
        if may_read(viewer, page):
            owner = page.content_owner
            found.append({"article": page.pk, "title": page.title,
                          "owner": (owner.get_full_name() or owner.username) if owner else "—",
                          "published": page.first_published_at})
            if len(found) >= limit:
                break
    return found
