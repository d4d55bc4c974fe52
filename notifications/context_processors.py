from django.utils.functional import SimpleLazyObject

from notifications import services


def inbox(request):
    """The header's unread count and the id the live client catches up from: one lazy query for both."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    summary = SimpleLazyObject(lambda: services.inbox_summary(user))
    return {
        "unread_notifications": SimpleLazyObject(lambda: summary["unread"]),
        "last_notification_id": SimpleLazyObject(lambda: summary["last_id"]),
    }
