from django_tasks import task
from wagtail.models import Page

from notifications import audiences, digest, services
from notifications.models import Kind, Notification

ARTICLE_KINDS = {"offer": Kind.OFFER, "defect": Kind.DEFECT, "crisis": Kind.CRISIS}


@task()
def notify_article_published(page_id):
    """Tell readers of a newly published offer, defect or crisis, once per article. Returns how many."""
    page = Page.objects.filter(pk=page_id, live=True).first()
    page = page.specific if page else None
    kind = ARTICLE_KINDS.get(getattr(page, "type_code", None))
    if kind is None or Notification.objects.filter(page_id=page_id, kind=kind).exists():
        return 0
    readers = audiences.article_readers(page)
    if kind != Kind.CRISIS:  # crises reach everyone, whatever they follow
        readers = audiences.interested(page, readers)
    user_ids = list(readers.values_list("pk", flat=True))
    return len(services.notify(user_ids, kind, page.title, page.url or "/", page=page))


@task()
def send_email_digests():
    """Email each user who chose the digest their unread notifications, at most once a day."""
    return digest.send_email_digests()
