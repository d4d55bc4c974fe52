"""`{{ group.name|group_label }}`: a group's name as people read it (accounts.roles.group_label)."""

from django import template

from accounts.roles import group_label as label_of

register = template.Library()


@register.filter
def group_label(name):
    return label_of(name) if name else ""
