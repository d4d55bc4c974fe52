"""The roles of Sportello, as Django groups created by a data migration.

Names are stable identifiers (other code and the demo data look groups up by them);
the Italian label is what the admin shows next to them.
"""

CSR = "CSR"
CONTENT_OWNER = "Content owner"
APPROVER = "Approver"
EXPERT = "Expert"
TEAM_LEAD = "Team lead"
ADMINISTRATOR = "Administrator"

ALL_ROLES = [CSR, CONTENT_OWNER, APPROVER, EXPERT, TEAM_LEAD, ADMINISTRATOR]

# Roles that work in the Wagtail admin (write, approve, administer content).
ADMIN_ROLES = [CONTENT_OWNER, APPROVER, ADMINISTRATOR]


def user_roles(user):
    """The role names of `user`, cached on the instance for the request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_sportello_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
        if user.is_superuser:
            cached.add(ADMINISTRATOR)
        user._sportello_roles = cached
    return cached


def has_role(user, *roles):
    return bool(user_roles(user) & set(roles))
