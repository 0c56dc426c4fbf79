"""The engine-specific half of the index: full text and geography.

SQLite: an FTS5 table (diacritics removed, name and text columns per language, bm25 weights
so the name ranks above the description, and a `tags` column holding the entry's type and its
ancestors as tokens, so that text + type is one FTS5 query that neither joins nor ranks the
rows of other types) and an R*Tree of latitude, longitude and root type (a third dimension, so
that a box with a type reads that type's points only), with the type as an auxiliary column.
PostgreSQL: a table of weighted tsvectors (french, english, simple over `opensit_unaccent`)
with GIN indexes, each vector also holding the type lexemes of the entry (as the SQLite `tags`
column), and a GiST index on the point of each entry. Both key rows by the integer
id of `SearchEntry`. Everything else is plain SQL shared by both (see `sql.py`).
"""

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.db import connection

from opensit.catalog.types import TYPES, ancestors, root_of
from opensit.search.text import PG_CONFIGS, light_stem

NAME_WEIGHT = 10.0
TEXT_WEIGHT = 1.0
GROUPS = ("fr", "en", "all")  # PostgreSQL's vectors
SQLITE_GROUPS = ("fr", "en", "other")  # SQLite's column pairs: each text once (migration 0007)
# Plain search tables whose statistics the planners use (`optimize` refreshes them).
ANALYSED = ("search_entry", "search_event_span", "search_code", "search_opening")

SQLITE_SETUP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "name_fr, text_fr, name_en, text_en, name_other, text_other, tags, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE VIRTUAL TABLE search_geo USING rtree("
    "id, minlat, maxlat, minlon, maxlon, minroot, maxroot, +type)",
]
SQLITE_TEARDOWN = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_geo"]

POSTGRES_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent() is only STABLE (it reads a dictionary): indexes need an IMMUTABLE wrapper that
    # names the dictionary explicitly.
    "CREATE OR REPLACE FUNCTION opensit_unaccent(text) RETURNS text AS "
    "$$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$ "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT",
    "CREATE TABLE search_text (id bigint PRIMARY KEY, "
    "tsv_fr tsvector NOT NULL, tsv_en tsvector NOT NULL, tsv_all tsvector NOT NULL)",
    "CREATE INDEX search_text_fr ON search_text USING gin (tsv_fr)",
    "CREATE INDEX search_text_en ON search_text USING gin (tsv_en)",
    "CREATE INDEX search_text_all ON search_text USING gin (tsv_all)",
    "CREATE INDEX search_entry_point ON search_entry USING gist (point(longitude, latitude))",
]
POSTGRES_TEARDOWN = [
    "DROP INDEX IF EXISTS search_entry_point",
    "DROP TABLE IF EXISTS search_text",
    "DROP FUNCTION IF EXISTS opensit_unaccent(text)",
]


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
class TextRow:
    entry_id: int
    texts: dict[str, tuple[str, str]]  # group -> (name, text)
    type: str = ""


@dataclass
class GeoRow:
    entry_id: int
    latitude: float
    longitude: float
    type: str


@dataclass
class TextMatch:
    """How a text query joins the entries: FROM clause, condition and rank (lower is better).

    `types_done`: the match already keeps only the requested types. `alone_from` and
    `alone_params`, when set, are a FROM ... WHERE of the text index alone (its `rowid` is the
    entry id, `rank_sql` applies): with no other condition, the page and the count need no join."""

    from_sql: str
    from_params: list
    where_sql: str
    where_params: list
    rank_sql: str
    rank_params: list
    types_done: bool = False
    alone_from: str = ""
    alone_params: list | None = None
    alone_id: str = "rowid"


def _chunks(ids: Sequence[int], size: int = 900):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class SqliteBackend:
    vendor = "sqlite"
    groups = SQLITE_GROUPS  # the text groups `document_texts` builds for `insert`
    collate = ""
    total_in_page = False
    greatest = "MAX"  # the scalar maximum of its arguments
    # SQLite keeps the left table as the outer loop of a CROSS JOIN: the filtered entries drive.
    join = "CROSS JOIN"

    def delete(self, cursor, entry_ids: Sequence[int]) -> None:
        for chunk in _chunks(entry_ids):
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM search_geo WHERE id IN ({marks})", chunk)

    def clear(self, cursor) -> None:
        cursor.execute("DELETE FROM search_fts")
        cursor.execute("DELETE FROM search_geo")

    def optimize(self, cursor) -> None:
        """Merge the FTS5 index into one segment. Rebuilding or copying many rows leaves
        segments that every text query reads in turn: at 200,000 objects after a reindex,
        296,468 index pages became 111,048 and text + type went from 4.7 to 1.4 ms (p50)."""
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        for table in ANALYSED:
            cursor.execute(f"ANALYZE {table}")

    def purge_orphans(self, cursor) -> None:
        cursor.execute("DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_entry)")
        cursor.execute("DELETE FROM search_geo WHERE id NOT IN (SELECT id FROM search_entry)")

    def insert(self, cursor, texts: list[TextRow], geo: list[GeoRow]) -> None:
        cursor.executemany(
            "INSERT INTO search_fts (rowid, name_fr, text_fr, name_en, text_en, name_other,"
            " text_other, tags) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    row.entry_id,
                    *(value for group in SQLITE_GROUPS for value in row.texts[group]),
                    type_tags(row.type),
                )
                for row in texts
            ],
        )
        cursor.executemany(
            "INSERT INTO search_geo (id, minlat, maxlat, minlon, maxlon, minroot, maxroot, type)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (r.entry_id, r.latitude, r.latitude, r.longitude, r.longitude, root, root, r.type)
                for r in geo
                for root in (root_dimension(r.type),)
            ],
        )

    def text_match(self, words: list[str], group: str, types: list[str] | None) -> TextMatch:
        terms = " AND ".join(f'"{light_stem(word)}"*' for word in words)
        # "all" (no language, or one without columns) reads every column pair.
        groups = SQLITE_GROUPS if group == "all" else (group,)
        weights = ", ".join(
            f"{NAME_WEIGHT if g in groups else 0.0}, {TEXT_WEIGHT if g in groups else 0.0}"
            for g in SQLITE_GROUPS
        )
        rank_sql = f"bm25(search_fts, {weights}, 0.0)"
        columns = " ".join(f"name_{g} text_{g}" for g in groups)
        match = f"{{{columns}}} : ({terms})"
        if types:
            match += f" AND tags : ({' OR '.join(type_token(code) for code in types)})"
        # CROSS JOIN pins the FTS table as the outer loop: the match set drives the query.
        return TextMatch(
            from_sql="search_fts CROSS JOIN search_entry e ON e.id = search_fts.rowid",
            from_params=[],
            where_sql="search_fts MATCH %s",
            where_params=[match],
            rank_sql=rank_sql,
            rank_params=[],
            types_done=True,
            alone_from="search_fts WHERE search_fts MATCH %s",
            alone_params=[match],
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
    groups = GROUPS
    collate = ' COLLATE "C"'
    total_in_page = True
    greatest = "GREATEST"
    join = "JOIN"

    def delete(self, cursor, entry_ids: Sequence[int]) -> None:
        for chunk in _chunks(entry_ids, 5000):
            cursor.execute("DELETE FROM search_text WHERE id = ANY(%s)", [list(chunk)])

    def clear(self, cursor) -> None:
        cursor.execute("TRUNCATE search_text")

    def optimize(self, cursor) -> None:
        """Move the GIN pending lists into the indexes and refresh the planner's statistics
        (VACUUM, which cannot run in a transaction, is left to autovacuum)."""
        for index in ("search_text_fr", "search_text_en", "search_text_all"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        for table in (*ANALYSED, "search_text"):
            cursor.execute(f"ANALYZE {table}")

    def purge_orphans(self, cursor) -> None:
        cursor.execute(
            "DELETE FROM search_text t WHERE NOT EXISTS"
            " (SELECT 1 FROM search_entry e WHERE e.id = t.id)"
        )

    def insert(self, cursor, texts: list[TextRow], geo: list[GeoRow]) -> None:
        vectors = ", ".join(
            f"setweight(to_tsvector('{PG_CONFIGS[g]}', opensit_unaccent(%s)), 'A')"
            f" || setweight(to_tsvector('{PG_CONFIGS[g]}', opensit_unaccent(%s)), 'B')"
            " || %s::tsvector"
            for g in GROUPS
        )
        cursor.executemany(
            f"INSERT INTO search_text (id, tsv_fr, tsv_en, tsv_all) VALUES (%s, {vectors})",
            [
                (
                    row.entry_id,
                    *(
                        value
                        for group in GROUPS
                        for value in (*row.texts[group], type_tags(row.type))
                    ),
                )
                for row in texts
            ],
        )

    def text_match(self, words: list[str], group: str, types: list[str] | None) -> TextMatch:
        config = PG_CONFIGS[group]
        tsquery = " & ".join(f"{word}:*" for word in words)
        query_sql = f"to_tsquery('{config}', opensit_unaccent(%s))"
        where_sql = f"t.tsv_{group} @@ {query_sql}"
        where_params = [tsquery]
        if types:
            # The type lexemes are in the same vector: GIN intersects them with the words.
            where_sql = f"t.tsv_{group} @@ ({query_sql} && %s::tsquery)"
            where_params.append(" | ".join(type_token(code) for code in types))
        return TextMatch(
            from_sql="search_text t JOIN search_entry e ON e.id = t.id",
            from_params=[],
            where_sql=where_sql,
            where_params=where_params,
            rank_sql=f"(-ts_rank(t.tsv_{group}, {query_sql}))::float8",
            rank_params=[tsquery],
            types_done=True,
            alone_from=f"search_text t WHERE {where_sql}",
            alone_params=list(where_params),
            alone_id="t.id",
        )

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
