"""Market needs ranked by how much the front line hears them, with their trend and status."""

import datetime

from django.db.models import Count, Q

from collaboration import access
from collaboration.supporters import need_supporters, with_supporters


def ranked(viewer, period, team=None, product=None, limit=50, channel=""):
    """Needs the viewer may read, flagged or supported in the period; ranked by operators who heard them,
    then customers affected. `trend` compares +1s in the period's last 7 days with the 7 days before."""
    last_week = period.end - datetime.timedelta(days=7)
    week_before = last_week - datetime.timedelta(days=7)
    needs = access.visible_needs(viewer).filter(
        Q(created_at__gte=period.start, created_at__lt=period.end)
        | Q(supports__created_at__gte=period.start, supports__created_at__lt=period.end)
    )
    if team is not None:
        needs = needs.filter(author__teams=team)
    if product is not None:
        needs = needs.filter(product=product)
    if channel:
        needs = needs.filter(channel=channel)
    rows = (
        with_supporters(needs).annotate(
            recent=Count("supports", filter=Q(supports__created_at__gte=last_week, supports__created_at__lt=period.end), distinct=True),
            before=Count("supports", filter=Q(supports__created_at__gte=week_before, supports__created_at__lt=last_week), distinct=True),
        )
        .select_related("product")
        .order_by("-supporters", "-customers_affected", "title")
        .distinct()[:limit]
    )
    return [
        {
            "need": need, "title": need.title, "status": need.get_status_display(), "support": need_supporters(need),
            "customers": need.customers_affected, "product": need.product.name if need.product_id else "",
            "trend": need.recent - need.before,
        }
        for need in rows
    ]
