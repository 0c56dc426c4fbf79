from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "opensit.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from opensit.core.checks import check_postgres

        checks.register(check_postgres, deploy=True)
