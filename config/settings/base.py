"""Settings shared by every mode. Values that differ per deployment come from the environment.

Environment variables (all optional for the embedded first run):
DATABASE_URL, DATABASE_POOL_MIN_SIZE, DATABASE_POOL_MAX_SIZE, DATABASE_POOL_TIMEOUT, REDIS_URL,
REDIS_MAX_CONNECTIONS, ELASTICSEARCH_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS,
SPORTELLO_BASE_URL, SEARCH_INDEX_PREFIX, EMAIL_HOST, EMAIL_PORT, DEFAULT_FROM_EMAIL,
NOTIFICATIONS_DIGEST_HOURS, SLA_WARNING_MINUTES, LOG_FORMAT.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.caches import local_cache, redis_cache
from config.channel_layers import in_memory_channel_layer, redis_channel_layer
from config.databases import database_settings
from config.env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

# The embedded default key is only good for a first local run; production.py refuses it.
DEFAULT_SECRET_KEY = "sportello-embedded-default-key-not-for-production"
SECRET_KEY = env_str("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core",
    "accounts",
    "kb",
    "collaboration",
    "search",
    "notifications",
    "insights",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "guardian",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "core.sites.CachedSiteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.user_roles",
                "kb.context_processors.active_crises",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

# One bounded pool per process on PostgreSQL, no kept handles on SQLite (config/databases.py).
DATABASES = {"default": database_settings(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"
# Guardian: no anonymous user row; everything in Sportello needs a login anyway.
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The cache holds nothing that must survive: with Redis down, pages answer from the database
# (config/caches.py); sessions live in the database, the cache only keeps copies (cached_db).
REDIS_URL = env_str("REDIS_URL")
CACHES = {"default": redis_cache(REDIS_URL) if REDIS_URL else local_cache()}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Channels: Redis pub/sub in production (see config/channel_layers.py and README), in-memory for the
# embedded run (one process only: events from the worker process do not reach pages).
CHANNEL_LAYERS = {"default": redis_channel_layer(REDIS_URL) if REDIS_URL else in_memory_channel_layer()}

# Background work: the database queue, drained by `manage.py run_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# What the worker enqueues every SPORTELLO_PERIODIC_SECONDS (see core/management/commands/run_worker.py).
SPORTELLO_PERIODIC_SECONDS = 60
# How often the worker records its heartbeat and sends live events the channel layer refused earlier.
SPORTELLO_TICK_SECONDS = 5
# What a page re-reads over its socket after connecting or after a channel-layer outage (core.consumers):
# callables returning one live event each.
SPORTELLO_LIVE_STATE = ["kb.events.crisis_banners_event"]
# What /readyz checks (core.health): only the database is required, the rest reports "degraded".
SPORTELLO_READINESS_CHECKS = {
    "database": "core.health.database_status",
    "redis": "core.health.cache_status",
    "elasticsearch": "search.health.elasticsearch_status",
    "worker": "core.health.worker_status",
    "search_outbox": "search.health.outbox_status",
    "live_outbox": "core.health.live_outbox_status",
}
SPORTELLO_PERIODIC_TASKS = [
    "kb.tasks.publish_scheduled_pages",
    "search.tasks.process_index_jobs",
    "search.tasks.index_search_log",
    "search.tasks.fade_learned_phrasings",
    "collaboration.tasks.escalate_overdue_questions",
    "collaboration.tasks.warn_service_levels_at_risk",
    "notifications.tasks.send_email_digests",
]
# Notifications: the digest goes out at most once per NOTIFICATIONS_DIGEST_HOURS per user; escalated
# questions warn their assignees SLA_WARNING_MINUTES before a due time.
NOTIFICATIONS_DIGEST_HOURS = int(env_str("NOTIFICATIONS_DIGEST_HOURS", "24"))
SLA_WARNING_MINUTES = int(env_str("SLA_WARNING_MINUTES", "30"))

# Email (the digest): an SMTP relay in production; the embedded run prints emails to the console.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sportello@localhost")
# Posting rate limit per operator: (posts, seconds).
COLLABORATION_POST_RATE = (10, 60)

ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "sportello")
SEARCH_INDEX_REPLICAS = int(env_str("SEARCH_INDEX_REPLICAS", "0"))
SEARCH_TIMEOUT_SECONDS = float(env_str("SEARCH_TIMEOUT_SECONDS", "5"))

WAGTAIL_SITE_NAME = "Sportello"
SPORTELLO_BASE_URL = env_str("SPORTELLO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SPORTELLO_BASE_URL
WAGTAIL_I18N_ENABLED = False
# Wagtail's database search (SQLite FTS5; PostgreSQL full text, Italian), text accent-folded in Python:
# the admin's search and the search fallback when Elasticsearch is off or down (search/backends/database/).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "italian"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}

# LOG_FORMAT=json: one JSON object per line (core/json_logs.py) for a log collector; plain text otherwise.
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.json_logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}
