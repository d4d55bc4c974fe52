from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Sportello core")

    def ready(self):
        from django.urls import register_converter

        from core import checks  # noqa: F401  (registers the system checks)
        from core.converters import IdConverter
        from core.sites import register_signal_handlers

        register_converter(IdConverter, "id")  # before any URLconf is loaded
        register_signal_handlers()
