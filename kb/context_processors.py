from django.utils.functional import SimpleLazyObject

from kb import acknowledgements
from kb.models import CrisisSeverity


def active_crises(request):
    """Banners of the crises the user has not acknowledged yet, what they have acknowledged (for the live
    client) and the severity labels; lazy, so pages that do not show them pay nothing."""
    user = getattr(request, "user", None)
    if user is None:
        return {"active_crises": []}
    state = SimpleLazyObject(lambda: acknowledgements.banner_state(user))
    return {
        "active_crises": SimpleLazyObject(lambda: state[0]),
        "acknowledged_crises": SimpleLazyObject(lambda: state[1]),
        "crisis_severities": CrisisSeverity.choices,
    }


def approvals(request):
    """The header's count of pages waiting for the user's approval (only for those who approve); lazy."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from accounts import menus
    from kb.approvals import pending_count

    return {"pending_approvals": SimpleLazyObject(lambda: pending_count(user) if menus.may_use(user, "approvals") else 0)}
