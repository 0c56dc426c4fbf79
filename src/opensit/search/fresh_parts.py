"""The index rows of new objects, on the catalog's fast creation path (`catalog.fresh`): built
where the object is prepared, written with their entry ids by the writer."""

from opensit.catalog import fresh
from opensit.catalog.models import TourismObject
from opensit.search.indexer import IndexRows, index_rows, remove, write_rows


def _prepare(obj: TourismObject, ctx: fresh.FreshContext) -> IndexRows | None:
    if obj.status != TourismObject.Status.PUBLISHED:
        return None
    return index_rows(obj)


def _write(payloads: list[IndexRows | None]) -> None:
    write_rows([rows for rows in payloads if rows is not None])


def register() -> None:
    fresh.register(fresh.FreshPart("search", _prepare, _write, clear=remove))
