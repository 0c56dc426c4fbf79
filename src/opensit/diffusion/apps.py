from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiffusionConfig(AppConfig):
    name = "opensit.diffusion"
    label = "diffusion"
    verbose_name = _("Diffusion")

    def ready(self) -> None:
        from opensit.diffusion import parts

        parts.register()  # public forms and feed, written with every object
