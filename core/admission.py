"""At most REQUESTS_PER_PROCESS requests of a process run at once; the others wait their turn in the event loop.

Under ASGI every request runs its sync middleware and view in a thread of its own (core/asgi_handler.py),
with no bound: 200 operators answered at once make about 100 threads per uvicorn worker. They all share
one interpreter lock and DATABASE_POOL_MAX_SIZE connections, so each request takes 100 times its CPU time to
finish, holds its connection all that while, and the last in line give up after DATABASE_POOL_TIMEOUT with
a 503 (measured: bench/RESULTS.md, *Load*). A WSGI server bounds this with its worker threads and lets the
rest wait in the socket's backlog; this does the same inside one process. A request waits here, in first
come first served order, costing nothing but a coroutine; it runs only when one of the slots is free, and
then finds a connection at once (the slots are fewer than the pool's connections, which leaves some for
the WebSocket consumers of the same process). A request that waited REQUEST_QUEUE_SECONDS without a slot
gets the same honest 503 with Retry-After as a full pool (core/overload.py), with the security headers of
every page, without touching the database or the cache.
"""

import asyncio
import weakref

from django.conf import settings
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware

from core.csp import SportelloCSPMiddleware
from core.overload import overloaded


class QueueTimeout(Exception):
    pass


class Admission:
    """One semaphore per event loop (a uvicorn worker has one; tests may run several in turn)."""

    def __init__(self, slots=None, queue_seconds=None):
        self.slots = slots or settings.REQUESTS_PER_PROCESS
        self.queue_seconds = queue_seconds or settings.REQUEST_QUEUE_SECONDS
        self._semaphores = weakref.WeakKeyDictionary()

    def _semaphore(self):
        loop = asyncio.get_running_loop()
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            semaphore = self._semaphores[loop] = asyncio.Semaphore(self.slots)
        return semaphore

    async def run(self, coroutine_function, *args):
        """Await coroutine_function(*args) in a free slot; QueueTimeout when none frees up in time."""
        semaphore = self._semaphore()
        try:
            await asyncio.wait_for(semaphore.acquire(), self.queue_seconds)
        except TimeoutError:
            raise QueueTimeout from None
        try:
            return await coroutine_function(*args)
        finally:
            semaphore.release()


# The 503 of a full queue, through the middleware that sets the headers every page carries (HSTS,
# nosniff, CSP, frame refusal), and none that reads the session, the user or the database.
queue_full_response = SecurityMiddleware(SportelloCSPMiddleware(XFrameOptionsMiddleware(overloaded)))
