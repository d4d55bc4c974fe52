from django_tasks import task
from wagtail.models import Page

from kb import selectors
from notifications import audiences, digest, services
from notifications.models import Kind

ARTICLE_KINDS = {"offer": Kind.OFFER, "defect": Kind.DEFECT, "crisis": Kind.CRISIS}


@task()
def notify_article_published(page_id):
    """Tell readers of a newly published offer, defect or crisis, once per article and reader (also when
    run again after its worker died, or when republished). Returns how many were notified now."""
    page = Page.objects.filter(pk=page_id, live=True).first()
    page = page.specific if page else None
    kind = ARTICLE_KINDS.get(getattr(page, "type_code", None))
    if kind is None:
        return 0
    readers = audiences.article_readers(page)
    if kind != Kind.CRISIS:  # crises reach everyone, whatever they follow
        readers = audiences.interested(page, readers)
    user_ids = list(readers.values_list("pk", flat=True))
    return len(services.notify(user_ids, kind, page.title, page.url or "/", page=page, event=f"{kind}:page:{page_id}"))


@task()
def notify_overdue_crisis_updates():
    """Tell each ongoing crisis's owner, once per announced time, that its next update has not come.
    Returns how many were notified now."""
    sent = 0
    for crisis in selectors.crises_with_overdue_update():
        owner_id = crisis.content_owner_id or crisis.owner_id
        if owner_id is None:
            continue
        event = f"crisis_overdue:page:{crisis.pk}:{int(crisis.next_update_at.timestamp())}"
        sent += len(services.notify([owner_id], Kind.CRISIS_OVERDUE, crisis.title, crisis.url or "/", page=crisis, event=event))
    return sent


@task()
def send_email_digests():
    """Email each user who chose the digest their unread notifications, at most once a day."""
    return digest.send_email_digests()
