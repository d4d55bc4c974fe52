"""/healthz and /readyz for a load balancer, the worker's heartbeat, and JSON logs on request."""

import datetime
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.utils import timezone

from core import heartbeat
from core.management.commands.run_worker import keep_lease
from core.models import PendingLiveEvent
from tests.asgi_server import ROOT, Uvicorn, free_port


def test_healthz_answers_anonymously_without_touching_the_database(client):
    # No django_db mark: pytest-django makes any database access here raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker's lease keeper closes its connection, as in production
def test_readyz_reports_every_dependency_anonymously(client):
    keep_lease("worker-1")
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200
    assert set(body["checks"]) == {"database", "redis", "elasticsearch", "worker", "search_outbox", "live_outbox"}
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is True and body["checks"]["worker"]["workers"] == 1
    assert body["checks"]["live_outbox"] == {"ok": True, "pending": 0, "oldest": None}


@pytest.mark.django_db
def test_a_silent_worker_and_a_stuck_outbox_make_the_instance_degraded_not_unready(client):
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    heartbeat.beat("worker-1", now=long_ago)
    PendingLiveEvent.objects.create(group="operators", event={"type": "crisis.banners", "banners": []}, created_at=long_ago)
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["live_outbox"]["ok"] is False and body["checks"]["live_outbox"]["pending"] == 1


def test_an_instance_without_its_database_is_alive_but_not_ready():
    """A real server whose PostgreSQL does not answer: /healthz 200, /readyz 503 with the reason."""
    server = Uvicorn({"DATABASE_URL": f"postgres://nobody@127.0.0.1:{free_port()}/sportello",
                      "DATABASE_POOL_TIMEOUT": "2", "ELASTICSEARCH_URL": "", "REDIS_URL": ""})
    try:
        with urllib.request.urlopen(server.url + "/healthz", timeout=30) as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(server.url + "/readyz", timeout=30)
        body = json.loads(answer.value.read())
        assert answer.value.code == 503
        assert body["status"] == "unavailable" and body["checks"]["database"]["ok"] is False
    finally:
        server.stop()


def run_logging(log_format):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "LOG_FORMAT": log_format}
    code = "import logging; logging.getLogger('sportello.probe').warning('disk low free=%s', 3)\n" \
           "try:\n    1 / 0\nexcept ZeroDivisionError:\n    logging.getLogger('sportello.probe').exception('failed')"
    return subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_log_format_json_writes_one_json_object_per_line():
    result = run_logging("json")
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert result.returncode == 0, result.stderr
    assert lines[0]["level"] == "WARNING" and lines[0]["logger"] == "sportello.probe"
    assert lines[0]["message"] == "disk low free=3" and lines[0]["time"].endswith("+00:00")
    assert "ZeroDivisionError" in lines[1]["exception"]
    assert len(lines) == len(result.stderr.strip().splitlines())  # the traceback is inside the JSON line


def test_an_unknown_log_format_is_refused_with_a_clear_error():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "LOG_FORMAT": "xml"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "LOG_FORMAT must be plain or json" in result.stderr
