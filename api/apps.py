from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The agent-desktop API (`/api/v1/`): tokens, throttling, schema, and the records a CRM sends back
    (which article answered which contact, and whether it helped)."""

    name = "api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from api import schema  # noqa: F401  (registers the bearer-token scheme with drf-spectacular)
        from api.signal_handlers import register_signal_handlers

        register_signal_handlers()
