"""The embedded first run: SQLite, in-memory channel layer, database search fallback.

DEBUG stays off unless DEBUG=1 is exported, so nobody is shown a stack trace by default.
"""

from config.env import env_bool

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = env_bool("DEBUG", False)
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
