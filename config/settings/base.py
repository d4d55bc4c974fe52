"""Settings shared by every mode. Values that differ per deployment come from the environment.

Environment variables (all optional for the embedded first run):
DATABASE_URL, DATABASE_POOL_MIN_SIZE, DATABASE_POOL_MAX_SIZE, DATABASE_POOL_TIMEOUT, REDIS_URL,
REDIS_MAX_CONNECTIONS, ELASTICSEARCH_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS,
SPORTELLO_BASE_URL, SEARCH_INDEX_PREFIX, EMAIL_HOST, EMAIL_PORT, DEFAULT_FROM_EMAIL,
NOTIFICATIONS_DIGEST_HOURS, SLA_WARNING_MINUTES, LOG_FORMAT, LOGIN_FAILURES_PER_ACCOUNT,
LOGIN_FAILURES_PER_ADDRESS, LOGIN_LOCKOUT_MINUTES, SPORTELLO_EMBED_ORIGINS, SPORTELLO_EMBED_CROSS_SITE, TASK_HEARTBEAT_SECONDS,
TASK_LEASE_SECONDS, TASK_MAX_ATTEMPTS, API_RATE_PER_TOKEN, API_RATE_PER_USER, SEARCH_TERM_MIN_USERS,
SEARCH_LOG_RETENTION_DAYS, REQUESTS_PER_PROCESS, REQUEST_QUEUE_SECONDS, SIGNAL_DETECTION_MINUTES,
SIGNAL_SEARCH_GAP_MIN_USERS, SIGNAL_SEARCH_GAP_WINDOW_HOURS, SIGNAL_EMERGING_MIN_COUNT, SIGNAL_EMERGING_LIMIT.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.caches import local_cache, redis_cache
from config.channel_layers import in_memory_channel_layer, redis_channel_layer
from config.databases import database_settings
from config.env import env_bool, env_int, env_list, env_str

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
    "api",
    "panel",
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
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
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
    # The Content-Security-Policy header on every response (core/csp.py, policies below).
    "core.csp.SportelloCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.bad_input.BadInputMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "core.sites.CachedSiteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp; core/csp.py). Sportello's pages: everything from Sportello itself,
# no inline script, style attribute or on*= handler (a template that truly needs an inline script gives
# it nonce="{{ request.csp_nonce }}"), no frames of Sportello anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The Wagtail and Django admins: Wagtail's widget templates carry inline scripts and styles, and its live
# preview frames the admin itself.
SPORTELLO_ADMIN_CSP_PREFIXES = ["/admin/", "/django-admin/"]
SPORTELLO_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-ancestors": [SELF],
    },
}
# Origins allowed to frame views decorated with core.csp.embeddable (the agent-desktop panel), e.g.
# "https://desktop.example.com"; every other page refuses frames (frame-ancestors 'none', X-Frame-Options).
SPORTELLO_EMBED_ORIGINS = env_list("SPORTELLO_EMBED_ORIGINS", [])
# A desktop on another site (another registrable domain) that frames the panel: browsers send Sportello's
# session and CSRF cookies into that frame only when they are SameSite=None, which they accept only with
# Secure (HTTPS). Off by default, so the session keeps SameSite=Lax's protection everywhere else; a desktop
# on the same site (desktop.example.com framing sportello.example.com) needs none of it.
if env_bool("SPORTELLO_EMBED_CROSS_SITE", False):
    SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "None"
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

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
                "kb.context_processors.approvals",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

# One bounded pool per process on PostgreSQL, no kept handles on SQLite (config/databases.py).
DATABASES = {"default": database_settings(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Requests of one process that run at once; the others wait their turn, up to REQUEST_QUEUE_SECONDS, then
# 503 (core/admission.py). Fewer than the pool's connections: the rest serve the WebSocket consumers.
REQUESTS_PER_PROCESS = env_int("REQUESTS_PER_PROCESS", max(1, env_int("DATABASE_POOL_MAX_SIZE", 10) - 2))
REQUEST_QUEUE_SECONDS = env_int("REQUEST_QUEUE_SECONDS", 30)

AUTHENTICATION_BACKENDS = [
    # First: refuses a login while its account or address is locked out (accounts/throttling.py).
    "axes.backends.AxesStandaloneBackend",
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
# Login throttling (django-axes, both login pages): an account is locked after LOGIN_FAILURES_PER_ACCOUNT
# failed logins, a client address (a whole contact center behind NAT) after LOGIN_FAILURES_PER_ADDRESS,
# counting the last LOGIN_LOCKOUT_MINUTES; the lockout ends by itself that long after the last failure.
# Behind a proxy, run uvicorn with --forwarded-allow-ips=<proxy> so the client's address is the one seen.
AXES_HANDLER = "accounts.throttling.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(env_str("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(env_str("LOGIN_FAILURES_PER_ADDRESS", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Guardian: no anonymous user row; everything in Sportello needs a login anyway.
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
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
# A failed cache call trips a breaker (core/cache_breaker.py) that logs one warning and skips Redis for
# REDIS_BREAKER_SECONDS; django-redis's own traceback per ignored call would only repeat it.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
REDIS_BREAKER_SECONDS = env_int("REDIS_BREAKER_SECONDS", 5)

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
    "search.tasks.purge_search_log",
    "collaboration.tasks.escalate_overdue_questions",
    "collaboration.tasks.warn_service_levels_at_risk",
    "notifications.tasks.remind_article_reviews",
    "notifications.tasks.send_email_digests",
    "notifications.tasks.notify_overdue_crisis_updates",
    "insights.tasks.raise_business_signals",
]
# Business signals from the insights (insights.signal_detection): emerging problems and spikes of
# searches without result, looked for every SIGNAL_DETECTION_MINUTES. A search gap is a term that found
# nothing for SIGNAL_SEARCH_GAP_MIN_USERS different operators (never fewer than SEARCH_TERM_MIN_USERS)
# within SIGNAL_SEARCH_GAP_WINDOW_HOURS; an emerging problem is seen SIGNAL_EMERGING_MIN_COUNT times this
# week, the SIGNAL_EMERGING_LIMIT strongest of each kind (words, tags, searches).
SIGNAL_DETECTION_MINUTES = int(env_str("SIGNAL_DETECTION_MINUTES", "15"))
SIGNAL_SEARCH_GAP_MIN_USERS = int(env_str("SIGNAL_SEARCH_GAP_MIN_USERS", "5"))
SIGNAL_SEARCH_GAP_WINDOW_HOURS = int(env_str("SIGNAL_SEARCH_GAP_WINDOW_HOURS", "24"))
SIGNAL_EMERGING_MIN_COUNT = int(env_str("SIGNAL_EMERGING_MIN_COUNT", "5"))
SIGNAL_EMERGING_LIMIT = int(env_str("SIGNAL_EMERGING_LIMIT", "3"))
# Periodic jobs that run less often than every SPORTELLO_PERIODIC_SECONDS: {task path: seconds}.
SPORTELLO_PERIODIC_TASK_SECONDS = {"insights.tasks.raise_business_signals": SIGNAL_DETECTION_MINUTES * 60}
# Task leases (core/task_leases.py): a worker beats every TASK_HEARTBEAT_SECONDS; the tasks of a worker
# silent for TASK_LEASE_SECONDS are run again, up to TASK_MAX_ATTEMPTS claims in all, then failed.
SPORTELLO_TASK_HEARTBEAT_SECONDS = float(env_str("TASK_HEARTBEAT_SECONDS", "10"))
SPORTELLO_TASK_LEASE_SECONDS = float(env_str("TASK_LEASE_SECONDS", "60"))
SPORTELLO_TASK_MAX_ATTEMPTS = int(env_str("TASK_MAX_ATTEMPTS", "3"))
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

# The search log holds what operators typed, customers' names included: a search term appears on a
# dashboard only once SEARCH_TERM_MIN_USERS different operators searched it, and the worker deletes
# searches (and their clicks, in the database and in the trends index) older than SEARCH_LOG_RETENTION_DAYS.
SEARCH_TERM_MIN_USERS = int(env_str("SEARCH_TERM_MIN_USERS", "3"))
SEARCH_LOG_RETENTION_DAYS = int(env_str("SEARCH_LOG_RETENTION_DAYS", "180"))

ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "sportello")
SEARCH_INDEX_REPLICAS = int(env_str("SEARCH_INDEX_REPLICAS", "0"))
SEARCH_TIMEOUT_SECONDS = float(env_str("SEARCH_TIMEOUT_SECONDS", "5"))
# What one user may ask of search (search/throttle.py): requests at once per process, and per minute.
SEARCH_MAX_PARALLEL_PER_USER = int(env_str("SEARCH_MAX_PARALLEL_PER_USER", "3"))
SEARCH_RATE_PER_MINUTE = int(env_str("SEARCH_RATE_PER_MINUTE", "120"))
SUGGEST_RATE_PER_MINUTE = int(env_str("SUGGEST_RATE_PER_MINUTE", "600"))

WAGTAIL_SITE_NAME = "Sportello"


def serving_address():
    """Where this installation is served when SPORTELLO_BASE_URL does not say: the HOST and PORT `make run`
    (scripts/run.sh) serves on, so links in emails follow `make run PORT=…`. A wildcard host (0.0.0.0, ::)
    is no address to link to: the first allowed host stands in for it."""
    host = env_str("HOST", "127.0.0.1").strip() or "127.0.0.1"
    if host in ("0.0.0.0", "::", "[::]"):
        host = next((name for name in ALLOWED_HOSTS if name and not name.startswith(".") and name != "*"), "127.0.0.1")
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{env_str('PORT', '8000').strip() or '8000'}"


SPORTELLO_BASE_URL = (env_str("SPORTELLO_BASE_URL") or serving_address()).rstrip("/")
WAGTAILADMIN_BASE_URL = SPORTELLO_BASE_URL
WAGTAIL_I18N_ENABLED = False
# Wagtail's database search (SQLite FTS5; PostgreSQL full text, Italian), text accent-folded in Python:
# the admin's search and the search fallback when Elasticsearch is off or down (search/backends/database/).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "italian"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: each would be a third-party request carrying a hash of the user's email.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin's date pickers write ISO dates, unambiguous and accepted by every language; typed dates are
# read the same way in every language (config/formats/, checked by core/checks.py).
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# The pages' own JSON endpoints (/api/search…) use these defaults; /api/v1/ has its own policy in one
# place (api.views.base: tokens or session, throttled per token and per user).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("API_RATE_PER_TOKEN", "1200/min"),
        "user": env_str("API_RATE_PER_USER", "300/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sportello API",
    "DESCRIPTION": "The knowledge base in the agent desktop: search, assist, articles, crises, and what the "
                   "CRM reports back (usage, feedback). See the README, section *Agent-desktop API*.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc from the drf-spectacular-sidecar package, served as our static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.schema.only_v1"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_error_responses"],
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
    # API tokens are masked in every line, whoever logs it (core.secrets).
    "filters": {"redact_tokens": {"()": "core.secrets.RedactTokensFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # uvicorn's access log (request lines with their query string) goes through the same handler.
        "uvicorn.access": {"handlers": ["console"], "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
