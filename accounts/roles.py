"""The roles of Sportello, as Django groups created by a data migration.

Names are stable identifiers (other code and the demo data look groups up by them);
the Italian label is what the admin shows next to them.
"""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

CSR = "CSR"
CONTENT_OWNER = "Content owner"
APPROVER = "Approver"
EXPERT = "Expert"
TEAM_LEAD = "Team lead"
ADMINISTRATOR = "Administrator"

ALL_ROLES = [CSR, CONTENT_OWNER, APPROVER, EXPERT, TEAM_LEAD, ADMINISTRATOR]

# Roles that work in the Wagtail admin (write, approve, administer content).
ADMIN_ROLES = [CONTENT_OWNER, APPROVER, ADMINISTRATOR]

# Roles that read read receipts and dashboards (never CSRs).
INSIGHT_ROLES = [TEAM_LEAD, CONTENT_OWNER, APPROVER, ADMINISTRATOR]


# The names people read: a role group's name is an identifier in English, shown through this mapping in
# both languages; any other group (a business function, a team) is shown by its own name.
ROLE_LABELS = {
    CSR: _("CSR"),
    CONTENT_OWNER: _("Content owner"),
    APPROVER: _("Approver"),
    EXPERT: _("Experts"),
    TEAM_LEAD: _("Team lead"),
    ADMINISTRATOR: _("Administrator"),
}


def group_label(name):
    """What a group is called on a page, in the reader's language."""
    return ROLE_LABELS.get(name, name)


ROLES_CACHE_SECONDS = 60


def user_roles(user):
    """The role names of `user`: for display and routing, never as the only permission check.

    Cached on the instance for the request and briefly in the cache, since every page shows them.
    """
    if not user.is_authenticated:
        return set()
    roles = getattr(user, "_sportello_roles", None)
    if roles is None:
        key = f"accounts:roles:{user.pk}"
        roles = cache.get(key)
        if roles is None:
            roles = set(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
            if user.is_superuser:
                roles.add(ADMINISTRATOR)
            cache.set(key, roles, ROLES_CACHE_SECONDS)
        user._sportello_roles = roles
    return roles


def has_role(user, *roles):
    return bool(user_roles(user) & set(roles))
