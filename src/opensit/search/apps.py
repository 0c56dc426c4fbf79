from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "opensit.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from opensit.search import parts

        parts.register()  # the index, written with every object
        post_migrate.connect(_purge_orphans, sender=self, dispatch_uid="opensit.search.purge")


def _purge_orphans(using: str = "default", **kwargs) -> None:
    """`flush` empties the Django tables and emits post_migrate, but the engine's own text and
    geography tables are not models: drop their rows whose entry is gone, or reused entry ids
    would collide with them."""
    from django.db import connections

    from opensit.search.backends import get_backend

    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if "search_entry" in tables and "search_geo" in tables:
            get_backend().purge_orphans(cursor)
