"""The Content-Security-Policy of every response (django-csp), and the one relaxation a view may ask for.

Two policies, both from settings:
- CONTENT_SECURITY_POLICY, for every Sportello page: scripts, styles, images, fonts and connections
  (the /ws/ WebSocket included) from Sportello itself only, no inline script, style attribute or
  on*= handler, no plugins, forms posting only to Sportello, and no page may be framed.
- SPORTELLO_ADMIN_CONTENT_SECURITY_POLICY, for the prefixes in SPORTELLO_ADMIN_CSP_PREFIXES (the Wagtail
  and Django admins): the same, except that inline scripts and styles are allowed, because Wagtail's own
  widget templates carry inline scripts (date pickers, inline panels), and that the admin may frame
  itself (Wagtail's live preview).

A view that must be embedded elsewhere (the agent-desktop panel) is decorated with `embeddable`: its
frame-ancestors become the origins of SPORTELLO_EMBED_ORIGINS and X-Frame-Options is dropped for it.
"""

from functools import wraps

from csp.constants import NONE
from csp.middleware import CSPMiddleware
from django.conf import settings


class SportelloCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy for the admin's prefixes."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(
            tuple(settings.SPORTELLO_ADMIN_CSP_PREFIXES)
        ):
            parts.config = settings.SPORTELLO_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


def embed_ancestors():
    """The frame-ancestors of an embeddable view: the configured origins, or none at all."""
    return list(settings.SPORTELLO_EMBED_ORIGINS) or [NONE]


def embeddable(view):
    """Let the origins of SPORTELLO_EMBED_ORIGINS (and only them) show this view in a frame.

    Read at response time, so a change of the setting needs no new decoration. With no origin configured
    the view refuses frames like every other page.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_replace = {**(getattr(response, "_csp_replace", None) or {}),
                                 "frame-ancestors": embed_ancestors()}
        if settings.SPORTELLO_EMBED_ORIGINS:
            # frame-ancestors is the rule browsers follow; X-Frame-Options cannot name other origins.
            response.xframe_options_exempt = True
        return response

    return wrapped
