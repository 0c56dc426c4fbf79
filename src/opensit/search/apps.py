from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "opensit.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from opensit.catalog.signals import objects_written
        from opensit.search.indexer import on_objects_written

        objects_written.connect(on_objects_written, dispatch_uid="opensit.search.index")
