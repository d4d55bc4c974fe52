"""Cached page view restrictions.

Wagtail checks the view restrictions of a page and all its ancestors on every serve (two queries).
Restrictions are rare and change only in the admin, so the paths of restricted pages are cached and
a page with no restricted ancestor costs no query. Any change drops the cache (see `forget`).
"""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import PageViewRestriction

CACHE_KEY = "kb:restricted-paths"
CACHE_SECONDS = 60


def restricted_paths():
    """[(page path, restriction id)] of every view restriction."""
    paths = cache.get(CACHE_KEY)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", "id"))
        cache.set(CACHE_KEY, paths, CACHE_SECONDS)
    return paths


def forget(**kwargs):
    cache.delete(CACHE_KEY)


class CachedViewRestrictionsMixin:
    def get_view_restrictions(self):
        if self.alias_of_id:
            return super().get_view_restrictions()
        ids = [pk for path, pk in restricted_paths() if self.path.startswith(path)]
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)


def register_signal_handlers():
    post_save.connect(forget, sender=PageViewRestriction, dispatch_uid="kb-restriction-saved")
    post_delete.connect(forget, sender=PageViewRestriction, dispatch_uid="kb-restriction-deleted")
    m2m_changed.connect(forget, sender=PageViewRestriction.groups.through, dispatch_uid="kb-restriction-groups")
