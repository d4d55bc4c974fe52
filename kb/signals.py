"""Signals the knowledge base sends besides Wagtail's own.

article_verified(sender=ArticlePage class, instance=the specific page, user=who verified it): an owner
confirmed a live article is still correct; its review date and verification changed without a new
publication (search re-indexes it: the needs-review factor changed).
"""

from django.dispatch import Signal

article_verified = Signal()
