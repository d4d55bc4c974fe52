"""Creating spaces and granting rights on them (guardian object permissions)."""

from django.db.models import Case, Count, IntegerField, Q, Value, When
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


def usual_space(user, spaces):
    """The space, among `spaces` (those the user may post in), where the user usually asks: where they asked
    most, else a space for all operators, else a team's. Always one of `spaces`, so never one they may not
    use; None only when `spaces` is empty."""
    return (
        spaces.annotate(
            asked=Count("questions", filter=Q(questions__author=user)),
            general=Case(When(kind=Space.Kind.ALL_OPERATORS, then=Value(0)), When(kind=Space.Kind.TEAM, then=Value(1)),
                         default=Value(2), output_field=IntegerField()),
        )
        .order_by("-asked", "general", "name")
        .first()
    )
