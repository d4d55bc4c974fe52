"""Which tools each role is offered: the one place that decides what a user's menu holds.

The pages behind these links refuse everyone else with `require_tool` (403), so a link hidden from a role
and the page it leads to cannot disagree. Rights on single objects (a space, an article) stay with the
apps' own access checks; this only decides whose work a tool is.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts import roles

# tool → roles whose work it is
TOOLS = {
    "editorial": roles.ADMIN_ROLES,
    "insights": roles.INSIGHT_ROLES,
    # escalated questions are worked by the experts of the responsible groups (and approvers, admins)
    "queue": [roles.EXPERT, roles.APPROVER, roles.ADMINISTRATOR],
    # reports on articles reach their owners; approvers and administrators see them all
    "reports": [roles.CONTENT_OWNER, roles.APPROVER, roles.ADMINISTRATOR],
    # pages submitted for approval (Wagtail moderation)
    "approvals": [roles.APPROVER, roles.ADMINISTRATOR],
    "search_health": [roles.ADMINISTRATOR],
    # sign-offs and market needs routed to the user's groups by the impact table (business functions'
    # members are given one of these roles; the page itself shows only the user's own groups' items)
    "signals": [roles.EXPERT, roles.APPROVER, roles.CONTENT_OWNER, roles.ADMINISTRATOR],
}


def may_use(user, tool):
    return user.is_authenticated and roles.has_role(user, *TOOLS[tool])


def menu_for(user):
    """{tool: True/False} for every tool: what the header and the sub-menus show this user."""
    return {tool: may_use(user, tool) for tool in TOOLS}


def require_tool(tool):
    """View decorator: 403 for users whose role does not use `tool`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not may_use(request.user, tool):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
