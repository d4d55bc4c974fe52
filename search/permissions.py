"""Which index `acl` values a user may read. The one place search decides visibility."""

from search.documents import ALL_READERS


def readable_acl(user):
    """Every logged-in user reads the knowledge base; collaboration spaces add their own values."""
    if not user or not user.is_authenticated:
        return set()
    return {ALL_READERS}
