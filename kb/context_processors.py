from django.utils.functional import SimpleLazyObject

from kb import acknowledgements


def active_crises(request):
    """Banners of the crises the user has not yet acknowledged; lazy, so pages that do not show them pay nothing."""
    user = getattr(request, "user", None)
    if user is None:
        return {"active_crises": []}
    return {"active_crises": SimpleLazyObject(lambda: acknowledgements.banners_for(user))}
