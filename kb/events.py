"""Real-time events of the knowledge base, sent after commit with ids and plain data, never instances."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from core.consumers import OPERATORS_GROUP
from kb import selectors


def serialisable(banner):
    return {**banner, "expire_at": banner["expire_at"].isoformat() if banner["expire_at"] else None}


def notify_crisis_banners():
    """Every open page replaces its crisis banners with the current ones (call after commit)."""
    selectors.forget_crisis_banners()
    banners = [serialisable(banner) for banner in selectors.crisis_banners()]
    async_to_sync(get_channel_layer().group_send)(OPERATORS_GROUP, {"type": "crisis.banners", "banners": banners})
