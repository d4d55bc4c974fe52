from django.utils.functional import SimpleLazyObject

from accounts import menus


def user_roles(request):
    """The user's menu (accounts.menus: tool → offered or not), from one cached query of their roles."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": {}}
    return {"menu": SimpleLazyObject(lambda: menus.menu_for(user))}
