"""SQLite's memory map, turned off around work that would only fill it."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper


@contextmanager
def no_mmap(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """SQLite's memory map (settings: 256 MB) counts every page a long read or write touches
    in the process's memory (a whole-table scan of an export, an import's index pages); the
    page cache (64 MB) serves them as well. Nothing on other databases."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        row = cursor.execute("PRAGMA mmap_size").fetchone()
        if row is not None:  # an in-memory database has no map
            cursor.execute("PRAGMA mmap_size=0")
    if row is None:
        yield
        return
    size = row[0]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size={int(size)}")
