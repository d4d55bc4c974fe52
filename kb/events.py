"""Real-time events of the knowledge base, sent after commit with ids and plain data, never instances."""

from core import live
from kb import selectors


def serialisable(banner):
    return {**banner, "expire_at": banner["expire_at"].isoformat() if banner["expire_at"] else None}


def notify_crisis_banners():
    """Every open page replaces its crisis banners with the current ones (call after commit)."""
    selectors.forget_crisis_banners()
    banners = [serialisable(banner) for banner in selectors.crisis_banners()]
    live.send_to_group(live.OPERATORS_GROUP, {"type": "crisis.banners", "banners": banners})
