from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "opensit.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from opensit.catalog.signals import objects_written
        from opensit.search.indexer import on_objects_written

        objects_written.connect(on_objects_written, dispatch_uid="opensit.search.index")
        post_migrate.connect(_purge_orphans, sender=self, dispatch_uid="opensit.search.purge")


def _purge_orphans(using: str = "default", **kwargs) -> None:
    """`flush` empties the Django tables and emits post_migrate, but SQLite's FTS5 and R*Tree
    tables are not models: drop their rows whose entry is gone, or reused ids would collide."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        tables = {row.name for row in connection.introspection.get_table_list(cursor)}
        if {"search_entry", "search_fts", "search_geo"} <= tables:
            cursor.execute(
                "DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_entry)"
            )
            cursor.execute("DELETE FROM search_geo WHERE id NOT IN (SELECT id FROM search_entry)")
