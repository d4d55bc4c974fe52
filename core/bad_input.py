"""Bad input is the client's error: a 400 (or a 404), never a server error, in our views and in Wagtail's.

Checked at the door, for every view: NUL characters (PostgreSQL refuses them in text, so a NUL in a
query or a form would fail deep inside a view) and a `next` that is not a local URL (Django's and
Wagtail's redirects read a bare word as a view name and fail with NoReverseMatch; a foreign host is an
open redirect).

Caught on the way out, as a net under every view: an id too large for its column (OverflowError), a
non-numeric id handed to a numeric field (the ValueError Django's fields raise while preparing a lookup),
and a page number past the end of a list. Our own views validate ids with forms (core.ids) and answer
these themselves; the net covers the admin screens of Wagtail and Django. Also a delete refused because other
rows still refer to the object (PROTECT, e.g. a user who wrote best practices): the confirmation page again,
with the reason, instead of a server error.
"""

import logging
import traceback

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db.models import ProtectedError, RestrictedError
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

logger = logging.getLogger(__name__)

FIELD_MODULES = ("/django/db/models/fields/", "/django/db/models/lookups.py")
# The versioned API checks its own input (control characters dropped, JSON errors its schema documents):
# the door's HTML 400 would break its contract.
SELF_VALIDATING = ("/api/v1/",)


def has_nul(request):
    if "\x00" in request.path:
        return True
    data = [request.GET] if request.method not in ("POST", "PUT", "PATCH") else [request.GET, request.POST]
    return any("\x00" in key or any("\x00" in value for value in values) for query in data for key, values in query.lists())


def local_url(request, value):
    """A path on this site (`/…`) or an absolute URL to this very host."""
    if not value:
        return True
    if not value.startswith("/") and not value.startswith(("http://", "https://")):
        return False
    return url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure())


def raised_by_a_model_field(exception):
    """Whether Django's field code raised it while converting a value (the innermost frames)."""
    frames = traceback.extract_tb(exception.__traceback__)[-3:]
    return any(module in frame.filename.replace("\\", "/") for frame in frames for module in FIELD_MODULES)


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(SELF_VALIDATING):
            return self.get_response(request)
        if has_nul(request):
            return self.bad_request(request, "NUL character in the request")
        nexts = request.GET.getlist("next") + (request.POST.getlist("next") if request.method == "POST" else [])
        if not all(local_url(request, value) for value in nexts):
            return self.bad_request(request, "next is not a local URL")
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, InvalidPage):
            return defaults.page_not_found(request, Http404(str(exception)))
        if isinstance(exception, (ProtectedError, RestrictedError)) and request.method == "POST":
            return self.still_referred_to(request, exception)
        if isinstance(exception, OverflowError) or (
            isinstance(exception, (ValueError, TypeError)) and raised_by_a_model_field(exception)
        ):
            logger.warning("bad input refused path=%s error=%r", request.path[:200], exception)
            return self.bad_request(request, str(exception))
        return None

    @staticmethod
    def still_referred_to(request, error):
        rows = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", None) or []
        kinds = sorted({str(row._meta.verbose_name_plural) for row in rows})
        logger.warning("delete refused path=%s still referred to by=%s", request.path[:200], kinds)
        messages.error(request, _("This cannot be deleted: %(kinds)s still refer to it. Reassign or remove them first.")
                       % {"kinds": ", ".join(kinds) or _("other records")})
        return HttpResponseRedirect(request.get_full_path())

    @staticmethod
    def bad_request(request, reason):
        return defaults.bad_request(request, BadRequest(reason))
