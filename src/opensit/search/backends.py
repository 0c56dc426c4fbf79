"""The engine-specific half of the index: geography (the text index is Tantivy, the same on
both engines: see `textindex`).

SQLite: an R*Tree of latitude, longitude and root type (a third dimension, so that a box with
a type reads that type's points only), with the type as an auxiliary column. PostgreSQL: a
GiST index on the point of each entry. Both key rows by the integer id of `SearchEntry`.
Everything else is plain SQL shared by both (see `sql.py`).
"""

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.db import connection

from opensit.catalog.types import TYPES, ancestors, root_of

# Plain search tables whose statistics the planners use (`optimize` refreshes them).
ANALYSED = ("search_entry", "search_event_span", "search_code", "search_opening")


def type_token(code: str) -> str:
    """The FTS5 token of a type code (letters only: unicode61 splits words on "_")."""
    return "type" + code.replace("_", "")


# Two codes must never share a token.
assert len({type_token(code) for code in TYPES}) == len(TYPES)


@cache
def root_dimension(code: str) -> int:
    """The R*Tree's third dimension for a type: a number per root type, exact in single
    precision and far from the others' (a hash), so that the tree's nodes hold one root type
    each and a box with a type reads that type's points only."""
    return zlib.crc32(root_of(code).encode()) % 16_000_000 if code in TYPES else 0


@cache
def type_tags(code: str) -> str:
    """The `tags` column of an entry: its type and every ancestor, so that any level of the
    hierarchy is one token to match."""
    return " ".join(type_token(c) for c in ancestors(code)) if code in TYPES else ""


@dataclass
class GeoRow:
    entry_id: int
    latitude: float
    longitude: float
    type: str


def _chunks(ids: Sequence[int], size: int = 900):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class SqliteBackend:
    vendor = "sqlite"
    collate = ""
    fence = " LIMIT -1 OFFSET 0"  # SQLite has no OFFSET without a LIMIT
    greatest = "MAX"  # the scalar maximum of its arguments
    # SQLite keeps the left table as the outer loop of a CROSS JOIN: the filtered entries drive.
    join = "CROSS JOIN"

    def id_list(self, ids: Sequence[int]) -> tuple[str, list]:
        """SQL for "entry id in this list", one parameter whatever its length."""
        return "e.id IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]

    def object_id_list(self, object_ids: Sequence[str]) -> tuple[str, list]:
        """SQL for "object id in this list", one parameter whatever its length (a site's
        scope can hold every object of the catalog)."""
        return "e.object_id IN (SELECT value FROM json_each(%s))", [json.dumps(list(object_ids))]

    def delete(self, cursor, entry_ids: Sequence[int]) -> None:
        for chunk in _chunks(entry_ids):
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM search_geo WHERE id IN ({marks})", chunk)

    def clear(self, cursor) -> None:
        cursor.execute("DELETE FROM search_geo")

    def optimize(self, cursor) -> None:
        for table in ANALYSED:
            cursor.execute(f"ANALYZE {table}")

    def purge_orphans(self, cursor) -> None:
        cursor.execute("DELETE FROM search_geo WHERE id NOT IN (SELECT id FROM search_entry)")

    def insert(self, cursor, geo: list[GeoRow]) -> None:
        cursor.executemany(
            "INSERT INTO search_geo (id, minlat, maxlat, minlon, maxlon, minroot, maxroot, type)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (r.entry_id, r.latitude, r.latitude, r.longitude, r.longitude, root, root, r.type)
                for r in geo
                for root in (root_dimension(r.type),)
            ],
        )

    def geo_from(self, box: tuple[float, float, float, float], types: list[str] | None):
        """The R*Tree drives: its box (widened by float32 rounding) and the auxiliary type."""
        min_lon, min_lat, max_lon, max_lat = box
        eps = 1e-4
        where = "g.minlat >= %s AND g.maxlat <= %s AND g.minlon >= %s AND g.maxlon <= %s"
        params: list = [min_lat - eps, max_lat + eps, min_lon - eps, max_lon + eps]
        if types:
            roots = [root_dimension(code) for code in types]
            where += " AND g.minroot >= %s AND g.maxroot <= %s"
            where += f" AND g.type IN ({','.join(['%s'] * len(types))})"
            params += [min(roots), max(roots), *types]
        return "search_geo g CROSS JOIN search_entry e ON e.id = g.id", where, params

    def box_condition(self, box: tuple[float, float, float, float]) -> tuple[str, list]:
        min_lon, min_lat, max_lon, max_lat = box
        return (
            "e.latitude BETWEEN %s AND %s AND e.longitude BETWEEN %s AND %s",
            [min_lat, max_lat, min_lon, max_lon],
        )

    def geo_alone(self, box: tuple[float, float, float, float], types: list[str] | None):
        """The R*Tree alone: FROM ... WHERE of the box (+ types), its latitude and longitude."""
        _from, where, params = self.geo_from(box, types)
        return f"search_geo g WHERE {where}", params, "g.minlat", "g.minlon"


class PostgresBackend:
    vendor = "postgresql"
    collate = ' COLLATE "C"'
    fence = " OFFSET 0"
    greatest = "GREATEST"
    join = "JOIN"

    def id_list(self, ids: Sequence[int]) -> tuple[str, list]:
        return "e.id = ANY(%s)", [list(ids)]

    def object_id_list(self, object_ids: Sequence[str]) -> tuple[str, list]:
        return "e.object_id = ANY(%s)", [list(object_ids)]

    def delete(self, cursor, entry_ids: Sequence[int]) -> None:
        """Nothing: the GiST index is on the entries themselves."""

    def clear(self, cursor) -> None:
        """Nothing: the GiST index is on the entries themselves."""

    def optimize(self, cursor) -> None:
        """Refresh the planner's statistics (VACUUM, which cannot run in a transaction, is left
        to autovacuum)."""
        for table in ANALYSED:
            cursor.execute(f"ANALYZE {table}")

    def purge_orphans(self, cursor) -> None:
        """Nothing: the GiST index is on the entries themselves."""

    def insert(self, cursor, geo: list[GeoRow]) -> None:
        """Nothing: the GiST index is on the entries themselves."""

    def geo_from(self, box: tuple[float, float, float, float], types: list[str] | None):
        min_lon, min_lat, max_lon, max_lat = box
        where = "point(e.longitude, e.latitude) <@ box(point(%s, %s), point(%s, %s))"
        params: list = [min_lon, min_lat, max_lon, max_lat]
        if types:
            where += f" AND e.type IN ({','.join(['%s'] * len(types))})"
            params += types
        return "search_entry e", where, params

    def box_condition(self, box: tuple[float, float, float, float]) -> tuple[str, list]:
        min_lon, min_lat, max_lon, max_lat = box
        return (
            "e.latitude BETWEEN %s AND %s AND e.longitude BETWEEN %s AND %s",
            [min_lat, max_lat, min_lon, max_lon],
        )

    def geo_alone(self, box: tuple[float, float, float, float], types: list[str] | None):
        """None: the GiST index is on the entries themselves, the general plan is as good."""
        return None


def get_backend() -> SqliteBackend | PostgresBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"no search backend for {connection.vendor}")
