from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "opensit.media"
    label = "media"
    verbose_name = _("Media library")

    def ready(self) -> None:
        from opensit.media import receivers  # noqa: F401  (connects the signal receivers)
