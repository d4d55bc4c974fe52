"""Pages waiting for approval (Wagtail moderation), as Sportello's approvals inbox sees them.

One source for the list, the header's count and who is told of a submission: the task states in progress
that a user may act on, as Wagtail's own task types decide (`TaskState.objects.reviewable_by`). Acting goes
through the task itself (`Task.on_action`), exactly as the admin's workflow buttons do: approving the last
step publishes the page.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import GroupApprovalTask, TaskState

logger = logging.getLogger(__name__)

APPROVE, REJECT = "approve", "reject"


def pending_approvals(user):
    """Task states in progress `user` may approve or reject, the oldest submission first."""
    if not user.is_authenticated or not user.is_active:
        return TaskState.objects.none()
    return (
        TaskState.objects.reviewable_by(user)
        .filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("workflow_state__requested_by", "revision", "task")
        .order_by("started_at", "pk")
    )


def pending_count(user):
    return pending_approvals(user).count()


def access_task_state(user, pk):
    """The pending task state `pk` if `user` may act on it; 404 otherwise (gone, finished or not theirs)."""
    task_state = pending_approvals(user).filter(pk=pk).first()
    if task_state is None:
        raise Http404(_("This approval is no longer waiting for you."))
    return task_state


def approvers(task_state):
    """Active users who may act on `task_state`: members of a group-approval task's groups and superusers
    (other task types: superusers only, since Sportello cannot know their rules)."""
    users = get_user_model().objects.filter(is_active=True)
    task = task_state.task.specific
    if isinstance(task, GroupApprovalTask):
        return users.filter(Q(is_superuser=True) | Q(groups__in=task.groups.all())).distinct()
    return users.filter(is_superuser=True)


def page_of(task_state):
    return task_state.workflow_state.content_object


@transaction.atomic
def do_act(user, task_state, action, comment=""):
    """Approve or reject (request changes on) `task_state` as `user`; the caller fetched it with
    `access_task_state`. Returns the page."""
    if action not in (APPROVE, REJECT):
        raise PermissionDenied
    task_state = TaskState.objects.select_for_update().get(pk=task_state.pk)
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise Http404(_("This approval is no longer waiting for you."))
    page = page_of(task_state)
    task_state.task.specific.on_action(task_state.specific, user, action, comment=comment)
    logger.info("approval action=%s task_state=%s page=%s user=%s", action, task_state.pk, page.pk, user.pk)
    return page
