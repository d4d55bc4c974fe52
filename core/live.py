"""Sending events to open pages through the channel layer.

Groups: `operators` (every connected user), `user.<id>` (one user's pages), `question.<id>` (pages
showing one question; a page joins only after an access check, see core.consumers). Events are JSON-able
dicts with a `type` and ids or plain data, sent after commit. A failure to send is logged and swallowed:
the change is committed and stored, and pages catch up when they reconnect.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

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


def send_to_groups(pairs):
    """Send each (group, event) pair, in order."""
    if not pairs:
        return
    try:
        async_to_sync(_send_all)(pairs)
    except Exception:
        logger.exception("live events not sent count=%d first_type=%s", len(pairs), pairs[0][1].get("type"))


def send_to_group(group, event):
    send_to_groups([(group, event)])


def send_to_users(events_by_user):
    send_to_groups([(user_group(user_id), event) for user_id, event in events_by_user.items()])
