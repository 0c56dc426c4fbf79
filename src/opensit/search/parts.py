"""The search index as a part of the write pipeline (`catalog.pipeline`): published objects
are in it, every other status is out."""

from opensit.catalog import pipeline
from opensit.catalog.models import TourismObject
from opensit.search.indexer import IndexRows, index_rows, remove, write_rows


def index_rows_of(obj: TourismObject, ctx: pipeline.Context) -> IndexRows | None:
    if obj.status != TourismObject.Status.PUBLISHED:
        return None
    return index_rows(obj)


def replace_index_rows(object_ids: list[str], rows: list[IndexRows | None]) -> None:
    remove(object_ids)
    write_rows([found for found in rows if found is not None])


def register() -> None:
    pipeline.register(pipeline.Part("search", index_rows_of, replace_index_rows))
