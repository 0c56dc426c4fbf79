from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WidgetsConfig(AppConfig):
    name = "opensit.widgets"
    label = "widgets"
    verbose_name = _("Widgets")
    default_auto_field = "django.db.models.BigAutoField"
