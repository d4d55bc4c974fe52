"""The WebSocket every Sportello page opens: crisis banners, the user's notifications, live questions.

Connections are authenticated by the Django session; anonymous ones are refused (4401). Every socket
joins `operators` and its user's group; a page showing a question asks to watch it and joins that
question's group only if the user may read the question. Events arrive as dicts from core.live.

What the page may send:
    {"type": "catch_up", "after": <last notification id seen>}   -> {"type": "notifications", ...}
    {"type": "watch", "question": <id>}                            -> {"type": "watching", ...}
    {"type": "sync"}                       -> the current state events (SPORTELLO_LIVE_STATE: crisis banners)

After a channel-layer outage (config.channel_layers) the page gets {"type": "resync"}: it may have missed
events, so it catches up and syncs again.
"""

import logging

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation.trans_real import parse_accept_lang_header

from core import live
from core.ids import MAX_ID

logger = logging.getLogger(__name__)

UNAUTHENTICATED = 4401
# "Try again later" (RFC 6455 registry): the channel layer cannot take the socket now.
LAYER_UNAVAILABLE = 1013
MAX_WATCHED_QUESTIONS = 5
MALFORMED = {"type": "error", "message": "unknown or malformed message"}


def language_of(scope):
    """The page's language: the language cookie, else the browser's preference, else the default."""
    headers = dict(scope.get("headers") or [])
    candidates = [scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME, "")]
    candidates += [code for code, _q in parse_accept_lang_header(headers.get(b"accept-language", b"").decode("latin-1"))]
    for code in candidates:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def positive_int(value):
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID else None


@database_sync_to_async
def notifications_since(user, after):
    from notifications import services
    from notifications.rendering import as_event
    from notifications.visibility import withhold

    return [as_event(n) for n in withhold(user, services.since(user, after))], services.unread_count(user)


@database_sync_to_async
def current_state_events():
    return [import_string(path)() for path in settings.SPORTELLO_LIVE_STATE]


@database_sync_to_async
def may_read_question(user, question_id):
    from collaboration import access

    return access.visible_questions(user).filter(pk=question_id).exists()


class SportelloConsumer(AsyncJsonWebsocketConsumer):
    async def dispatch(self, message):
        """Channels' dispatch without its `aclose_old_connections()` before every handler: that hop to the
        one sync thread, per message and per socket, queued a broadcast to 500 sockets of a worker one
        behind the other (bench/broadcast.py). Every database access here goes through
        `database_sync_to_async`, which closes old connections itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.user = self.scope.get("user")
        if self.user is None or not self.user.is_authenticated:
            # Accept, then close with our code: a close before accepting becomes an HTTP 403 at the
            # handshake, and the browser would only see 1006 and keep reconnecting.
            await self.accept()
            await self.close(code=UNAUTHENTICATED)
            return
        self.language = language_of(self.scope)
        self.groups_joined = []
        try:
            for group in (live.OPERATORS_GROUP, live.user_group(self.user.pk)):
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups_joined.append(group)
        except Exception as error:
            # The channel layer is down (Redis): refuse politely, the page retries with back-off and works
            # without live updates meanwhile.
            logger.warning("socket refused, channel layer unavailable user=%s error=%s", self.user.pk, error)
            await self.accept()
            await self.close(code=LAYER_UNAVAILABLE)
            return
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception as error:
                # Redis is down; its subscriptions are gone with the connection anyway.
                logger.warning("socket group not left group=%s error=%s", group, error)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "catch_up" and positive_int(content.get("after")) is not None:
            await self.catch_up(content["after"])
        elif kind == "watch" and positive_int(content.get("question")):
            await self.watch(content["question"])
        elif kind == "sync":
            for event in await current_state_events():
                await self.dispatch(event)
        else:
            await self.send_json(MALFORMED)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """Every frame gets an answer and the socket stays open: a binary frame or text that is not JSON
        (too deeply nested, too large a number) is answered with {"type": "error"}, never a dropped socket."""
        if text_data is None:
            await self.send_json(MALFORMED)
            return
        content = await self.decode_json(text_data)
        if content is None:
            await self.send_json(MALFORMED)
            return
        await self.receive_json(content, **kwargs)

    async def decode_json(self, text_data):
        try:
            return await super().decode_json(text_data)
        except (ValueError, RecursionError):
            return None

    async def catch_up(self, after):
        events, unread = await notifications_since(self.user, after)
        await self.send_json({"type": "notifications", "notifications": self.sentences(events), "unread": unread})

    async def watch(self, question_id):
        group = live.question_group(question_id)
        watched = [name for name in self.groups_joined if name.startswith("question.")]
        allowed = len(watched) < MAX_WATCHED_QUESTIONS and await may_read_question(self.user, question_id)
        if allowed and group not in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.send_json({"type": "watching", "question": question_id, "ok": allowed})

    def sentences(self, events):
        from notifications.rendering import as_json

        with translation.override(self.language):
            return [as_json(event) for event in events]

    async def crisis_banners(self, event):
        """type "crisis.banners": the full list of ongoing crises, replacing what the page shows."""
        await self.send_json({"type": "crisis.banners", "banners": event["banners"]})

    async def live_resync(self, event):
        """type "live.resync": this process was cut off from the channel layer; the page re-reads its state."""
        await self.send_json({"type": "resync"})

    async def notification_new(self, event):
        """type "notification.new": one new notification for this user."""
        await self.send_json({"type": "notification", "notification": self.sentences([event["notification"]])[0]})

    async def question_updated(self, event):
        """type "question.updated": something changed on a watched question; the page re-reads it."""
        await self.send_json({"type": "question.updated", "question": event["question"], "op": event["op"]})
