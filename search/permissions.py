"""Which index `acl` values a user may read. The one place search decides visibility."""

from django.core.cache import cache

from search.documents import ALL_READERS


ACL_CACHE_SECONDS = 30


def readable_acl(user):
    """Every logged-in user reads the knowledge base, plus the collaboration spaces they may view.

    Cached for ACL_CACHE_SECONDS per user: a search is the hottest path of all, and a space right
    granted or removed takes effect for search within that time (lists and pages check at once).
    """
    if not user or not user.is_authenticated:
        return set()
    key = f"search:acl:{user.pk}"
    acl = cache.get(key)
    if acl is None:
        from collaboration.access import readable_spaces
        from search.kinds import space_acl

        acl = {ALL_READERS} | {space_acl(pk) for pk in readable_spaces(user).values_list("pk", flat=True)}
        cache.set(key, acl, ACL_CACHE_SECONDS)
    return acl
