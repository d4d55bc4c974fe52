from django_tasks import task
from django.urls import reverse
from wagtail.models import Page, TaskState

from kb import selectors
from notifications import audiences, digest, review_reminders, services
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
def notify_approval_requested(task_state_id):
    """Tell those who may approve a moderation step that a page waits for them (not its submitter).
    Returns how many were notified now; nothing once the step is over."""
    from kb import approvals

    task_state = TaskState.objects.filter(pk=task_state_id, status=TaskState.STATUS_IN_PROGRESS).select_related(
        "workflow_state__requested_by"
    ).first()
    if task_state is None:
        return 0
    page = approvals.page_of(task_state)
    submitter = task_state.workflow_state.requested_by
    user_ids = list(approvals.approvers(task_state).exclude(pk=getattr(submitter, "pk", None)).values_list("pk", flat=True))
    actor = (submitter.get_full_name() or submitter.username) if submitter else ""
    url = reverse("kb:approval", args=[task_state.pk])
    return len(services.notify(user_ids, Kind.APPROVAL, page.title, url, actor=actor, page=page, event=approval_event(task_state.pk)))


def approval_event(task_state_id):
    return f"approval:task:{task_state_id}"


@task()
def remind_article_reviews():
    """Remind owners of articles due for review soon (or past it), once per article and review date."""
    return review_reminders.remind_owners()


@task()
def send_email_digests():
    """Email each user who chose the digest their unread notifications, at most once a day."""
    return digest.send_email_digests()
