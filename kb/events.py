"""Real-time events of the knowledge base, sent after commit with ids and plain data, never instances."""

from core import live
from kb import selectors

CRISIS_BANNERS_STATE = "crisis.banners"


def serialisable(banner):
    """Datetimes as ISO 8601 (the client shows them in the page's language and Italian time)."""
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in banner.items()}


def crisis_banners_event():
    """The full list of ongoing crises, which replaces what a page shows (also sent to a page re-syncing)."""
    return {"type": "crisis.banners", "banners": [serialisable(banner) for banner in selectors.crisis_banners()]}


def notify_crisis_banners():
    """Every open page replaces its crisis banners with the current ones (call after commit). If the
    channel layer is down, the worker sends them when it is back (core.live_outbox)."""
    selectors.forget_crisis_banners()
    live.send_to_group(live.OPERATORS_GROUP, crisis_banners_event(), state=CRISIS_BANNERS_STATE)
