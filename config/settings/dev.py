"""The embedded first run: SQLite, in-memory channel layer, database search fallback.

DEBUG stays off unless DEBUG=1 is exported, so nobody is shown a stack trace by default.
"""

from config.env import env_bool, env_list

from .base import *  # noqa: F403
from .base import SPORTELLO_BASE_URL, STORAGES

DEBUG = env_bool("DEBUG", False)
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo CRM case (/panel/demo/) frames the side panel from Sportello's own address.
SPORTELLO_EMBED_ORIGINS = env_list("SPORTELLO_EMBED_ORIGINS", [SPORTELLO_BASE_URL])
