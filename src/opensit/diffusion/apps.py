from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiffusionConfig(AppConfig):
    name = "opensit.diffusion"
    label = "diffusion"
    verbose_name = _("Diffusion")

    def ready(self) -> None:
        # Connect the receiver that renders public JSON inside the write transaction.
        from opensit.diffusion import fresh_parts, render  # noqa: F401

        fresh_parts.register()  # the same rows on the import's fast creation path
