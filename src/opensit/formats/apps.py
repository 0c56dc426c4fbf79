from django.apps import AppConfig


class FormatsConfig(AppConfig):
    name = "opensit.formats"
    label = "formats"
    verbose_name = "Output formats"
