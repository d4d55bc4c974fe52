"""Recording a CSR's verdict on an article: helpful or not, and why."""

from api.actions.usage import check_revision
from api.articles import access_article
from api.models import ArticleFeedback


def check_record_feedback(user, article_id, helpful, reason="", comment="", contact_id="", revision_id=None,
                          service_token=None):
    article = access_article(user, pk=article_id)
    revision = check_revision(article, revision_id)
    return do_record_feedback(user, article, revision, helpful, reason, comment, contact_id, service_token)


def do_record_feedback(user, article, revision, helpful, reason, comment, contact_id, service_token=None):
    return ArticleFeedback.objects.create(
        article=article, revision=revision, helpful=helpful, reason=reason or "", comment=comment or "",
        contact_id=contact_id or "", user=user, service_token=service_token,
    )
