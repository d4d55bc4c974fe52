"""Sportello's URLs plus views that fail the way an overloaded or a broken process does, and a slow one that
records how many requests run it at once."""

import threading
import time

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.urls import path
from psycopg_pool import ConnectionPool

from config.urls import *  # noqa: F403  (handler500 included)
from config.urls import urlpatterns as sportello_urlpatterns

# A real psycopg pool that can never lend a connection (nothing listens on port 1): getconn() gives up
# after its timeout with the PoolTimeout a full pool raises, wrapped by Django as its backend does.
unreachable_pool = ConnectionPool("host=127.0.0.1 port=1 connect_timeout=1", min_size=0, max_size=1, open=False,
                                  timeout=0.2, reconnect_timeout=0.1)


def waits_for_a_connection(request):
    unreachable_pool.open()
    with connection.wrap_database_errors:
        unreachable_pool.getconn()


def fails(request):
    raise RuntimeError("a bug, not a full house")


class Running:
    lock = threading.Lock()
    now = 0
    most = 0


@login_not_required
def slow(request):
    with Running.lock:
        Running.now += 1
        Running.most = max(Running.most, Running.now)
    try:
        time.sleep(float(request.GET.get("seconds", "0.3")))
    finally:
        with Running.lock:
            Running.now -= 1
    return HttpResponse("done")


urlpatterns = [
    path("slow-test/", slow),
    path("overload-test/", waits_for_a_connection),
    path("api/overload-test/", waits_for_a_connection),
    path("broken-test/", fails),
    *sportello_urlpatterns,
]
