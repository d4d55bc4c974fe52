from django.utils.functional import SimpleLazyObject

from kb import selectors


def active_crises(request):
    """Crisis banners for every CSR page; lazy, so pages that do not show them pay nothing."""
    return {"active_crises": SimpleLazyObject(selectors.crisis_banners)}
