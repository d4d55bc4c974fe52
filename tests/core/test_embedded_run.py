"""The embedded run (`make run`: SQLite, no Redis, no Elasticsearch) still works now that the suite runs on
PostgreSQL: the demo loader fills a fresh SQLite database, the main pages answer through uvicorn for a
demo user, and SQLite handles are closed after each request rather than kept per request thread."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.asgi_server import ROOT, Browser, Uvicorn

MAIN_PAGES = ["/", "/search/?q=disdetta", "/collaboration/", "/collaboration/needs/", "/collaboration/practices/",
              "/notifications/", "/notifications/preferences/"]
# Handles one request at a time may hold while the probe is taken (none once all requests ended).
MAX_OPEN_HANDLES = 2


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    database = tmp_path_factory.mktemp("embedded") / "db.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "ELASTICSEARCH_URL": "", "REDIS_URL": ""}
    manage_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **env}
    for command in (["migrate", "--noinput", "-v0"], ["load_demo_data", "--quiet-logins"]):
        result = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=manage_env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
    server = Uvicorn(env)
    server.database = database
    yield server
    server.stop()


def open_handles(pid, database):
    fd_dir = Path(f"/proc/{pid}/fd")
    return sum(1 for fd in fd_dir.iterdir() if os.path.realpath(fd) == str(database))


def test_demo_user_sees_the_main_pages_on_sqlite(embedded):
    browser = Browser(embedded.url)
    browser.log_in("operatore", "sportello-demo")
    for path in MAIN_PAGES:
        status, html = browser.get(path)
        assert status == 200, path
        assert "Traceback" not in html
    status, html = browser.get("/")
    assert "Sportello" in html


def test_sqlite_handles_are_not_kept_per_request_thread(embedded):
    browser = Browser(embedded.url)
    browser.log_in("operatore2", "sportello-demo")
    statuses = [browser.get(path)[0] for path in MAIN_PAGES * 8]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses += list(pool.map(lambda _n: browser.get("/")[0], range(40)))
    assert set(statuses) == {200}
    assert open_handles(embedded.pid, embedded.database) <= MAX_OPEN_HANDLES
