"""Sending events to open pages through the channel layer.

Groups: `operators` (every connected user), `user.<id>` (one user's pages), `question.<id>` (pages
showing one question; a page joins only after an access check, see core.consumers). Events are JSON-able
dicts with a `type` and ids or plain data, sent after commit. Sending never fails the caller: what the
layer refuses (Redis down) is kept in the live outbox (core.live_outbox) and sent by the worker when the
layer is back; and pages re-read their state after a layer outage (config.channel_layers).
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from core import live_outbox

logger = logging.getLogger(__name__)

OPERATORS_GROUP = "operators"


def user_group(user_id):
    return f"user.{user_id}"


def question_group(question_id):
    return f"question.{question_id}"


async def _send_all(pairs):
    layer = get_channel_layer()
    for group, event in pairs:
        await layer.group_send(group, event)


def send_now(pairs):
    """Send each (group, event) pair, in order; raises if the layer refuses."""
    async_to_sync(_send_all)(pairs)


def send_to_groups(pairs, state=""):
    """Send each (group, event) pair, in order. `state` names what the events replace as a whole (e.g.
    "crisis.banners"): only the newest version of a state is worth sending later."""
    if not pairs:
        return
    try:
        send_now(pairs)
    except Exception as error:
        logger.warning("live events kept for later count=%d first_type=%s error=%s",
                       len(pairs), pairs[0][1].get("type"), error)
        live_outbox.keep(pairs, state, error)
        return
    if state:
        live_outbox.supersede(pairs, state)


def send_to_group(group, event, state=""):
    send_to_groups([(group, event)], state)


def send_to_users(events_by_user):
    send_to_groups([(user_group(user_id), event) for user_id, event in events_by_user.items()])


def send_pending():
    """Send what the layer refused earlier (the worker calls this every tick). Returns (sent, pending)."""
    return live_outbox.flush(send_now)
