"""Bulk inserts without the ORM's per-value preparation, for the import write path.

Django's `bulk_create` prepares every value of every row through the field machinery (about
10 µs per value: 17 columns x 500 objects per batch, on each of several tables). `insert`
reads the attributes of unsaved model instances and adapts only what the database adapter
cannot take as it is (datetimes, dates, JSON), then runs one `executemany`. The rows are the
same as `bulk_create` would write; no ids come back, so it is for tables whose primary key is
set by the caller or not read afterwards.

JSON values are encoded with orjson; a document already encoded by the projection
(`instance._json_cache[field] = (value, text)`) is written as that text, so the object and its
revision share one encoding.

On PostgreSQL a plain INSERT (no upsert) of `COPY_FROM` rows or more goes through COPY (psycopg's
`cursor.copy`): one statement whose rows the server reads as a stream, where executemany binds
and executes the statement once per row. The rows written are the same (tests/connectors/
test_copy.py imports the real archive both ways and compares every table).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import orjson
from django.db import connection, models

_OPTIONS = orjson.OPT_NON_STR_KEYS
#: Plain inserts of at least this many rows use COPY on PostgreSQL (None: never).
COPY_FROM: int | None = 2


def encode_json(value: Any) -> str:
    return orjson.dumps(value, option=_OPTIONS).decode()


def _json_param(text: str) -> Any:
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb(text, dumps=_identity)
    return text


def _identity(text: str) -> str:
    return text


def _sqlite_datetime(value: datetime | None) -> str | None:
    """What SQLite's `adapt_datetimefield_value` gives (naive UTC text), without its settings
    lookups per value."""
    if value is None:
        return None
    if value.utcoffset() is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value)


def _adapter(field: models.Field):
    """A function of (instance) returning the database value of `field`."""
    ops = connection.ops
    attname = field.attname
    if isinstance(field, models.JSONField):
        name = field.name

        def json_value(obj: Any) -> Any:
            value = getattr(obj, attname)
            if value is None and field.null:
                return None
            cache = getattr(obj, "_json_cache", None)
            cached = cache.get(name) if cache else None
            # The cached text only stands for the very value it was encoded from.
            return cached[1] if cached is not None and cached[0] is value else encode_json(value)

        return json_value
    if isinstance(field, models.DateTimeField):
        adapt = _sqlite_datetime if connection.vendor == "sqlite" else ops.adapt_datetimefield_value
        last: list = [None, None]  # the rows of one write mostly share their times

        def datetime_value(obj: Any) -> Any:
            value = getattr(obj, attname)
            if value is not last[0]:
                last[0], last[1] = value, adapt(value)
            return last[1]

        return datetime_value
    if isinstance(field, models.DateField):
        adapt = ops.adapt_datefield_value
        return lambda obj: adapt(getattr(obj, attname))
    if isinstance(field, models.BinaryField):
        return lambda obj: getattr(obj, attname)
    if isinstance(field, (models.DecimalField, models.TimeField, models.UUIDField)):
        return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)
    return lambda obj: getattr(obj, attname)


@dataclass(frozen=True)
class RowPlan:
    """How to turn instances of a model into the rows of one INSERT: built once per model,
    usable without a database connection (the import's mapping workers build rows with it)."""

    sql: str
    adapters: tuple
    json_positions: tuple[int, ...]
    copy_sql: str = ""  # the COPY of the same columns; empty for an upsert

    def row(self, obj: models.Model) -> tuple:
        return tuple(adapt(obj) for adapt in self.adapters)


def plan(
    model: type[models.Model],
    fields: Sequence[str] | None = None,
    *,
    conflict: Sequence[str] | None = None,
    update: Sequence[str] | None = None,
) -> RowPlan:
    """The INSERT of `model` (all concrete fields but an auto primary key, or `fields`); with
    `conflict` and `update`, an upsert (ON CONFLICT (...) DO UPDATE SET col = EXCLUDED.col).
    JSON values come out of `row` as text; `execute` wraps them for the database."""
    meta = model._meta
    if fields is None:
        concrete = [
            f
            for f in meta.concrete_fields
            if not (f.primary_key and isinstance(f, models.AutoField))
        ]
    else:
        concrete = [meta.get_field(name) for name in fields]
    for f in concrete:  # the defaults bulk_create would fill in (auto_now, callables)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            raise ValueError(f"{model.__name__}.{f.name}: auto_now fields are not supported")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in concrete)
    placeholders = ", ".join(["%s"] * len(concrete))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
    copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    if conflict:
        copy_sql = ""
        targets = ", ".join(quote(meta.get_field(name).column) for name in conflict)
        sets = ", ".join(
            f"{quote(col)} = EXCLUDED.{quote(col)}"
            for col in (meta.get_field(name).column for name in update or ())
        )
        sql += f" ON CONFLICT ({targets}) DO UPDATE SET {sets}"
    return RowPlan(
        sql,
        tuple(_adapter(f) for f in concrete),
        tuple(n for n, f in enumerate(concrete) if isinstance(f, models.JSONField)),
        copy_sql,
    )


def execute(row_plan: RowPlan, rows: Sequence[tuple]) -> None:
    """Run the plan's INSERT over rows made by `RowPlan.row` (here or in another process)."""
    if not rows:
        return
    positions = row_plan.json_positions
    if positions and connection.vendor == "postgresql":
        rows = [_wrap_json(row, positions) for row in rows]
    with connection.cursor() as cursor:
        if row_plan.copy_sql and copy_applies(len(rows)):
            copy_rows(cursor, row_plan.copy_sql, rows)
        else:
            cursor.executemany(row_plan.sql, rows)


def insert_rows(cursor: Any, table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """INSERT rows of values the adapter takes as they are into `table` (a search table, not a
    model), through COPY when `copy_applies`; the caller's cursor."""
    if not rows:
        return
    names = ", ".join(columns)
    if copy_applies(len(rows)):
        copy_rows(cursor, f"COPY {table} ({names}) FROM STDIN", rows)
    else:
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def copy_applies(count: int) -> bool:
    """Whether `count` rows of a plain insert go through COPY (PostgreSQL, `COPY_FROM`)."""
    return connection.vendor == "postgresql" and COPY_FROM is not None and count >= COPY_FROM


def copy_rows(cursor: Any, copy_sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """Stream `rows` through `COPY ... FROM STDIN` (psycopg's adapters, as executemany's)."""
    with cursor.cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(row)


def _wrap_json(row: tuple, positions: tuple[int, ...]) -> tuple:
    values = list(row)
    for n in positions:
        if values[n] is not None:
            values[n] = _json_param(values[n])
    return tuple(values)


def insert(
    model: type[models.Model],
    objects: Sequence[models.Model],
    fields: Sequence[str] | None = None,
    *,
    conflict: Sequence[str] | None = None,
    update: Sequence[str] | None = None,
) -> None:
    """INSERT the instances in one executemany (see `plan`), and mark them saved."""
    if not objects:
        return
    row_plan = plan(model, fields, conflict=conflict, update=update)
    execute(row_plan, [row_plan.row(obj) for obj in objects])
    db = connection.alias
    for obj in objects:
        obj._state.adding = False
        obj._state.db = db


@cache
def row_plan(model: type[models.Model], upsert_on: str = "") -> RowPlan:
    """The insert plan of a model, once per process (it depends on the database vendor); with
    `upsert_on`, an upsert on that unique field that rewrites every other column."""
    if not upsert_on:
        return plan(model)
    fields = [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key or not isinstance(f, models.AutoField)
    ]
    return plan(model, conflict=[upsert_on], update=[name for name in fields if name != upsert_on])
