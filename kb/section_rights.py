"""Per-section rights: a content owner edits only the sections their group is granted.

Rights are Wagtail page permissions on a section page (they cover its whole subtree); publishing is
never granted here, so every change a content owner makes goes through the approval workflow.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

CONTENT_OWNER_ACTIONS = ("add_page", "change_page", "lock_page", "unlock_page")


def section_group_name(section):
    return f"Content owner · {section.title}"


def grant_section_to_group(section, group):
    permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=CONTENT_OWNER_ACTIONS)
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)


def section_owner_group(section):
    """The group owning `section`, created and granted on first use."""
    group, created = Group.objects.get_or_create(name=section_group_name(section))
    if created:
        grant_section_to_group(section, group)
    return group
