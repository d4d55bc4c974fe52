"""Cached Wagtail site lookup.

Wagtail finds the Site of every request with a query whose SQL is costly to build; sites change only
when an administrator edits them, so the answer is cached per host and port. Wagtail then reads it from
`request._wagtail_site`, where its own lookup would have put it.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Site

VERSION_KEY = "core:site-version"
# The admin finds its own site; static files and the probes (/healthz must not touch the database) need none.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/healthz", "/readyz")
SITE_SECONDS = 300


def cached_site_for(request):
    version = cache.get_or_set(VERSION_KEY, 1, None)
    key = f"core:site:{version}:{request.get_host()}"
    site = cache.get(key)
    if site is None:
        site = Site._find_for_request(request)
        cache.set(key, site, SITE_SECONDS)
    return site


def forget_sites(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(SKIPPED_PREFIXES):
            request._wagtail_site = cached_site_for(request)
        return self.get_response(request)


def register_signal_handlers():
    post_save.connect(forget_sites, sender=Site, dispatch_uid="core-site-saved")
    post_delete.connect(forget_sites, sender=Site, dispatch_uid="core-site-deleted")
