from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "opensit.sites"
    label = "sites"
    verbose_name = _("Destination sites")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from opensit.sites import receivers  # noqa: F401  (forgets the hosts when a site changes)
