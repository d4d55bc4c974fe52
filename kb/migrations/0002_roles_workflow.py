"""Centralised control of the knowledge base.

- Approvers and Administrators get add / edit / publish rights over the whole page tree.
- Content owners get nothing on the tree here: rights are granted per section (see README), so a
  content owner edits only the sections they own.
- One workflow, "Approvazione KB": every change submitted by a content owner waits for an approver.
  It replaces Wagtail's default "Moderators approval" workflow and its Editors / Moderators groups.
"""

from django.db import migrations

TREE_PERMISSIONS = {
    "Approver": ["add", "change", "publish", "lock", "unlock"],
    "Administrator": ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
}
SNIPPET_PERMISSIONS = {
    "Content owner": [("kb", "product", "add"), ("kb", "product", "change"), ("kb", "topic", "add"), ("kb", "topic", "change")],
    "Administrator": [
        ("kb", model, action)
        for model in ("product", "topic")
        for action in ("add", "change", "delete")
    ],
}
WORKFLOW_NAME = "Approvazione KB"
TASK_NAME = "Approvazione dell'approvatore"


def permission(apps, app_label, model, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action.replace('_', ' ')} {model}"},
    )
    return perm


def set_up(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root = Page.objects.get(depth=1)
    for group_name, actions in TREE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission(apps, "wagtailcore", "page", action)
            )
    for group_name, perms in SNIPPET_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        group.permissions.add(*(permission(apps, *spec) for spec in perms))

    Workflow.objects.exclude(name=WORKFLOW_NAME).update(active=False)
    WorkflowPage.objects.filter(page=root).delete()
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, created = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([Group.objects.get(name="Approver")])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.create(page=root, workflow=workflow)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0001_initial"),
        ("accounts", "0001_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(set_up, migrations.RunPython.noop)]
