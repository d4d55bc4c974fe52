"""Production settings refuse the embedded defaults; the deployment check passes with real values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-" + "z" * 20


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_default_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = manage("check", SECRET_KEY=GOOD_KEY, DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_deploy_check_passes_with_real_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="sportello.example.com")
    assert result.returncode == 0, result.stderr


def base_urls(**env):
    """SPORTELLO_BASE_URL and WAGTAILADMIN_BASE_URL as a process started with `env` sees them."""
    environment = {k: v for k, v in os.environ.items() if k not in ("SPORTELLO_BASE_URL", "HOST", "PORT")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.dev", **env)
    code = "from django.conf import settings; print(settings.SPORTELLO_BASE_URL, settings.WAGTAILADMIN_BASE_URL)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_links_in_emails_follow_the_address_make_run_serves_on():
    assert base_urls() == ["http://127.0.0.1:8000"] * 2
    assert base_urls(PORT="8123") == ["http://127.0.0.1:8123"] * 2
    assert base_urls(HOST="0.0.0.0", PORT="8123", ALLOWED_HOSTS="sportello.example.com") == ["http://sportello.example.com:8123"] * 2
    assert base_urls(PORT="8123", SPORTELLO_BASE_URL="https://sportello.example.com/") == ["https://sportello.example.com"] * 2
