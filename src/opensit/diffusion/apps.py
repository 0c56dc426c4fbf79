from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiffusionConfig(AppConfig):
    name = "opensit.diffusion"
    label = "diffusion"
    verbose_name = _("Diffusion")

    def ready(self) -> None:
        # access connects the key cache's receivers: a key revoked by any process (a command,
        # a shell, a worker) bumps the shared generation, not only one that served the API.
        from opensit.diffusion import access, parts  # noqa: F401

        parts.register()  # public forms and feed, written with every object

        from opensit.core.serving import worker_exiting, worker_started
        from opensit.diffusion.warmup import flush_usage_on_exit, warm_on_start

        worker_started.connect(warm_on_start, dispatch_uid="opensit.diffusion.warm_up")
        worker_exiting.connect(flush_usage_on_exit, dispatch_uid="opensit.diffusion.usage")
