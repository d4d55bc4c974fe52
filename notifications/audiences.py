"""Who is told of a published article: those who may read it, narrowed by what they follow."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import PageViewRestriction

from notifications.models import Interests


def article_readers(page):
    """Active users the page's view restrictions let in (none for password-protected pages)."""
    users = get_user_model().objects.filter(is_active=True)
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            users = users.filter(Q(is_superuser=True) | Q(groups__in=restriction.groups.all()))
        elif restriction.restriction_type == PageViewRestriction.PASSWORD:
            return users.none()
    return users.distinct()


def interested(page, users):
    """Of `users`, those who follow nothing (they get every article) or one of the page's products or tags."""
    product_ids = list(page.products.values_list("pk", flat=True))
    tag_ids = list(page.tags.values_list("pk", flat=True))
    choosy = Interests.objects.filter(Q(products__isnull=False) | Q(tags__isnull=False))
    matching = Interests.objects.filter(Q(products__in=product_ids) | Q(tags__in=tag_ids))
    return users.exclude(pk__in=choosy.exclude(pk__in=matching.values("pk")).values("user_id"))
