"""ASGI entry point: HTTP through Django, WebSockets (`/ws/`) through Channels with the session user."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup(set_prefix=False)  # as django.core.asgi.get_asgi_application does

from core.asgi_handler import OneThreadASGIHandler  # noqa: E402  (needs the apps loaded above)

# Django's ASGIHandler, with the middleware and view of a request run in one thread (core/asgi_handler.py).
django_application = OneThreadASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs the apps loaded above)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from core.consumers import SportelloConsumer  # noqa: E402
from core.websocket_origin import SameOriginValidator  # noqa: E402

websocket_urlpatterns = [path("ws/", SportelloConsumer.as_asgi())]

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
