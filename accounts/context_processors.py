from accounts import roles


def user_roles(request):
    """What the header needs to know of the user's roles, from one cached query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_edit_content": False, "can_read_insights": False}
    return {
        "can_edit_content": roles.has_role(user, *roles.ADMIN_ROLES),
        "can_read_insights": roles.has_role(user, *roles.INSIGHT_ROLES),
    }
