"""An overloaded process says so: 503 with Retry-After, not a 500, when no database connection is free.

Each process lends at most DATABASE_POOL_MAX_SIZE PostgreSQL connections (config/databases.py); a request
that waits DATABASE_POOL_TIMEOUT seconds without getting one fails with psycopg_pool's PoolTimeout, wherever
it asked (a middleware reading the session, a view, a template). That is not a bug to page someone about but
a full house: the client is told to come back (Retry-After, which browsers' users and the agent desktop's
API clients can act on) and the log says `overloaded`, not `Internal Server Error`. The page uses no
database, no cache and no request context: it must render while the pool is empty.

Django hands every uncaught exception of the chain to the URLconf's handler500 inside the except block,
so `server_error` sees it whichever middleware or view raised it.
"""

import logging
import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from psycopg_pool import PoolTimeout

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
JSON_PREFIXES = ("/api/",)


def pool_exhausted(error):
    """Whether `error` (or what it wraps: Django re-raises driver errors as its own) is a pool timeout."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, PoolTimeout):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def overloaded(request):
    if request.path.startswith(JSON_PREFIXES):
        response = JsonResponse({"detail": _("Sportello is overloaded: try again in a few seconds.")}, status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@requires_csrf_token
def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a 503 for a full connection pool, Django's own 500 page for anything else."""
    if pool_exhausted(sys.exc_info()[1]):
        logger.warning("overloaded: no database connection free path=%s", request.path[:200])
        return overloaded(request)
    return defaults.server_error(request, template_name)
