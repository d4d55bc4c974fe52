"""Work that may wait until the response has left: `after_response(response, function)`.

Django calls `response.close()` once the response is out: under ASGI after its last body message has been
sent (core/asgi_handler.py keeps Django's handler for this), under WSGI when the server closes the body, in
the test client at the end of the request; `close()` first runs the response's resource closers, then sends
`request_finished` (which gives the database connection back). A closer therefore still has the request's
database connection, and the client has its answer already: a write nobody reads in the response (a search
log row of the JSON API) costs it no latency. Django swallows a closer's exceptions, so they are logged here.
"""

import logging

logger = logging.getLogger(__name__)


def after_response(response, function, *args):
    """Call function(*args) once `response` has been sent; a failure is logged, never raised."""

    def run():
        try:
            function(*args)
        except Exception:
            logger.exception("work after the response failed function=%s", getattr(function, "__qualname__", function))

    # Django's hook for what must happen when a response is closed (HttpResponseBase.close), the one it
    # uses itself for file responses.
    response._resource_closers.append(run)
    return response
