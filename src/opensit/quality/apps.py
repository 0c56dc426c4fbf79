from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "opensit.quality"
    label = "quality"
    verbose_name = _("Data quality")

    def ready(self) -> None:
        from opensit.quality import parts

        parts.register()  # quality and duplicate keys, written with every object
