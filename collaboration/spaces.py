"""Creating spaces and granting rights on them (guardian object permissions)."""

from guardian.shortcuts import assign_perm, remove_perm

from collaboration.access import MODERATE, POST, VIEW
from collaboration.models import Space

LEVELS = {"view": (VIEW,), "post": (VIEW, POST), "moderate": (VIEW, POST, MODERATE)}


def grant(space, user_or_group, level):
    """Give a user or group `view`, `post` (implies view) or `moderate` (implies both) in a space."""
    for codename in LEVELS[level]:
        assign_perm(f"collaboration.{codename}", user_or_group, space)


def revoke(space, user_or_group):
    for codename in LEVELS["moderate"]:
        remove_perm(f"collaboration.{codename}", user_or_group, space)


def ensure_space(slug, name, kind, description=""):
    space, _created = Space.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind, "description": description})
    return space
