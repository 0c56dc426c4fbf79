from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "opensit.quality"
    label = "quality"
    verbose_name = _("Data quality")

    def ready(self) -> None:
        from opensit.quality import fresh_parts, receivers  # noqa: F401  (objects_written)

        fresh_parts.register()  # the same rows on the import's fast creation path
