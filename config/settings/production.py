"""Production: refuses to start on the embedded defaults; HTTPS, secure cookies, manifest static files."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool

from .base import *  # noqa: F403
from .base import DEBUG, DEFAULT_SECRET_KEY, SECRET_KEY

if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value (50+ characters) in production.")
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
