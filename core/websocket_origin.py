"""Which pages may open Sportello's WebSocket: the same origin as the site, compared in full.

Channels' AllowedHostsOriginValidator compares only the origin's host name with ALLOWED_HOSTS, so a page
served from `http://127.0.0.1:9999` (another local service, any scheme or port) could open an operator's
socket with their session cookie. Here the Origin header must equal the handshake's own origin (scheme,
host and port, the host being one of ALLOWED_HOSTS), or be one of CSRF_TRUSTED_ORIGINS: the rule Django's
CSRF check applies to forms. Behind a TLS proxy the scheme comes from SECURE_PROXY_SSL_HEADER, as for HTTP.
"""

import logging

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

logger = logging.getLogger(__name__)


def header(scope, name):
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def request_scheme(scope):
    if scope.get("scheme") in ("wss", "https"):
        return "https"
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        name, secure_value = proxy
        forwarded = header(scope, name.removeprefix("HTTP_").replace("_", "-").lower().encode())
        if forwarded is not None and forwarded.split(",")[0].strip() == secure_value:
            return "https"
    return "http"


def same_origin(scope):
    """Whether the handshake comes from a page of this site (or of a trusted origin)."""
    origin, host = header(scope, b"origin"), header(scope, b"host")
    if not origin or not host:
        return False
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    origin = origin.lower()
    return origin == f"{request_scheme(scope)}://{host}".lower() or origin in {o.lower() for o in settings.CSRF_TRUSTED_ORIGINS}


class SameOriginValidator:
    """ASGI middleware for the WebSocket route: refuse the handshake (HTTP 403) from any other origin."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not same_origin(scope):
            logger.warning("websocket refused origin=%s host=%s", header(scope, b"origin"), header(scope, b"host"))
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
