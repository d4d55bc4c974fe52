"""Tests: fast hashing, locmem cache, tasks run at once, search indices prefixed per run.

`make test` runs on PostgreSQL, the production database (DATABASE_TEST_URL, set by scripts/with-postgres.sh),
with the same connection pool as production; without it, on a SQLite file.
"""

import os

from config.databases import database_settings

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, STORAGES

DEBUG = False
SECRET_KEY = "sportello-test-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
SEARCH_INDEX_PREFIX = f"test-{os.getpid()}"
# One test user searches hundreds of times a minute; tests/search/test_throttle.py sets real limits.
SEARCH_RATE_PER_MINUTE = SUGGEST_RATE_PER_MINUTE = 0
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "core.secrets.RedactTokensFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

if os.environ.get("DATABASE_TEST_URL"):
    DATABASES = {"default": database_settings(os.environ["DATABASE_TEST_URL"])}

# A file, not SQLite's shared in-memory database: tests that run real threads (concurrent votes, a
# search during a rebuild) need writers to wait for each other rather than fail with "table is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}
