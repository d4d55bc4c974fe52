from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = _("Knowledge base")

    def ready(self):
        from kb.admin_dates import register_date_widgets
        from kb.signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_date_widgets()
