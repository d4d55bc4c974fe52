"""Recording that an article answered a customer contact (KCS "link"), from a CRM or the pages."""

from django.db import IntegrityError, transaction
from rest_framework.exceptions import ValidationError

from api.articles import access_article
from api.models import ArticleUsage


def check_revision(article, revision_id):
    """The revision `revision_id` of `article` (its live one when None), or a 400 naming the field."""
    if revision_id is None:
        return article.live_revision
    revision = article.revisions.filter(pk=revision_id).first()
    if revision is None:
        raise ValidationError({"revision": ["This revision does not belong to the article."]})
    return revision


def check_record_usage(user, article_id, contact_id, channel, revision_id=None, service_token=None):
    """Validate and check access (404 for an article the user may not read), then record."""
    article = access_article(user, pk=article_id)
    revision = check_revision(article, revision_id)
    return do_record_usage(user, article, revision, contact_id, channel, service_token)


def do_record_usage(user, article, revision, contact_id, channel, service_token=None):
    """(usage, created): the same contact, article and CSR reported twice is one use."""
    lookup = {"contact_id": contact_id, "article": article, "user": user}
    defaults = {"revision": revision, "channel": channel, "service_token": service_token}
    try:
        with transaction.atomic():
            return ArticleUsage.objects.get_or_create(**lookup, defaults=defaults)
    except IntegrityError:  # the same report arrived twice at once
        return ArticleUsage.objects.get(**lookup), False
