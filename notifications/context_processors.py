from django.utils.functional import SimpleLazyObject

from notifications import services


def inbox(request):
    """The header's unread count and the id the live client catches up from; lazy, one query each."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(lambda: services.unread_count(user)),
        "last_notification_id": SimpleLazyObject(lambda: services.last_id(user)),
    }
