from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelConfig(AppConfig):
    """The side panel (`/panel/`): Sportello in a column of an agent desktop, framed by allowed origins."""

    name = "panel"
    verbose_name = _("Side panel")
