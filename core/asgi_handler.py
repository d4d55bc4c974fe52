"""Django's ASGI handler, with each request's middleware and view run in one thread, in one go.

Django's own ASGIHandler loads the middleware in async mode. Ours are sync (the bad-input door, the cached
site, and every MiddlewareMixin whose hooks Django wraps one by one), so each request crossed between the
event loop and a thread about twenty times (`sync_to_async` / `async_to_sync` per hook and per process_view):
measured in process, side by side, 2-3 ms of CPU per search on this machine, 7-8 % (bench/RESULTS.md,
*Cost per request*). Django's docs name the price of such switches
(https://docs.djangoproject.com/en/5.2/topics/async/#performance).

Here the chain is loaded in sync mode, exactly as under WSGI, and the whole of it runs in one
`sync_to_async` call. Everything else stays Django's: the request's own thread (ThreadSensitiveContext, so
a request waiting on PostgreSQL or Elasticsearch does not hold up the others), the request_started /
request_finished signals (the connection pool's borrow and return), disconnect handling and the sending of
the response. Views and middleware see no difference: the same chain, the same order, the same errors.

At most REQUESTS_PER_PROCESS requests run their chain at once; the others wait in the event loop for a slot
(core/admission.py).
"""

import logging

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler

from core.admission import Admission, QueueTimeout, queue_full_response

logger = logging.getLogger(__name__)


class OneThreadASGIHandler(ASGIHandler):
    def __init__(self):
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self.admission = Admission()

    async def get_response_async(self, request):
        try:
            return await self.admission.run(sync_to_async(self.get_response, thread_sensitive=True), request)
        except QueueTimeout:
            logger.warning("overloaded: no request slot free after %ss path=%s", self.admission.queue_seconds,
                           request.path[:200])
            return await sync_to_async(queue_full_response, thread_sensitive=False)(request)
