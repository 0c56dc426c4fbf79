"""Grow a synthetic catalog to benchmark sizes by copying it in SQL.

    OPENSIT_DATABASE_URL=... .venv/bin/python bench/grow.py --copies 10

`opensit synth` builds a real catalog through the write services (about 750 objects/s on
SQLite); 1,000,000 objects that way take over 20 minutes per engine. This script copies a
catalog built by `opensit synth` (`--copies` - 1 times) in a few statements per table, so
200,000 and 1,000,000 objects take minutes. Each copy gets new object ids (UUIDs of
version 8 whose last group starts with the copy number), slugs and source ids, and is
shifted by a few kilometres, so that the word, type, place and date distributions stay those
of the generator and the catalog has k times the density.

Copied: the objects (document included, with its id), their change-log entries, their public
renderings (the bodies carry the new id), feed entries, quality rows and every search table
(entries, codes, openings, event spans, text documents, and the R*Tree rows on SQLite); the
text index is then rebuilt from the documents, compacted as `opensit search optimize` does.
Mentions are not recounted (the copies keep their original's prior). Not copied:
revisions and source records (the API never reads them; the copies are at their first
version) and duplicate keys (copies would all be candidates of each other).
"""

import argparse
import os
import sys
import time


def new_id(column: str, k: int) -> str:
    """SQL for the id of copy `k` of the object id in `column`: a UUID of version 8 (custom),
    so never one of the originals' (version 5), with `k` in its last group."""
    return (
        f"(substr({column}, 1, 14) || '8' || substr({column}, 16, 9) || '{k:02x}'"
        f" || substr({column}, 27))"
    )


def with_new_id(column: str, id_column: str, k: int, sqlite: bool) -> str:
    """SQL for a text or JSON column where the object id is replaced by the copy's."""
    if sqlite:
        return f"replace({column}, {id_column}, {new_id(id_column, k)})"
    return f"replace({column}::text, {id_column}, {new_id(id_column, k)})"


def shift_of(k: int) -> tuple[float, float]:
    """Latitude and longitude shift of copy `k`: a 5 x 5 grid of steps of 0.02 degrees."""
    return (k % 5 - 2) * 0.02, (k // 5 % 5 - 2) * 0.02


def statements(k: int, base: int, sqlite: bool) -> list[str]:
    dlat, dlon = shift_of(k)
    oid = new_id("object_id", k)
    # The document carries its own id and source id: the copy's, or a later save of the copy
    # would take the original's source id back.
    copy_source = f"source_id || '-copy-{k}'"
    if sqlite:
        body = f"CAST({with_new_id('body', 'object_id', k, sqlite)} AS BLOB)"
        document = (
            f"json_set({with_new_id('document', 'id', k, sqlite)}, '$.source.id', {copy_source})"
        )
    else:
        body = f"convert_to(replace(convert_from(body, 'UTF8'), object_id, {oid}), 'UTF8')"
        document = (
            f"jsonb_set({with_new_id('document', 'id', k, sqlite)}::jsonb, '{{source,id}}',"
            f" to_jsonb({copy_source}))"
        )
    object_columns = (
        "type, type_root, name, status, source_system, commune_insee, department,"
        " first_date, last_date, content_hash, version, created_at, updated_at, merged_into,"
        " owner_id, local_fields, provenance, source_fields"
    )
    out = [
        f"INSERT INTO catalog_tourismobject (id, slug, source_id, latitude, longitude, document,"
        f" {object_columns}) SELECT {new_id('id', k)}, slug || '-{k}',"
        f" {copy_source}, latitude + {dlat}, longitude + {dlon}, {document},"
        f" {object_columns} FROM catalog_tourismobject WHERE id IN (SELECT object_id FROM"
        f" search_entry WHERE id <= {base})",
        f"INSERT INTO diffusion_publicdocument (object_id, lang, body, etag, updated_at,"
        f" stale_after) SELECT {oid}, lang, {body}, etag, updated_at, stale_after"
        " FROM diffusion_publicdocument WHERE object_id IN"
        f" (SELECT object_id FROM search_entry WHERE id <= {base})",
        f"INSERT INTO diffusion_feedentry (object_id, action, updated_at) SELECT {oid}, action,"
        " updated_at FROM diffusion_feedentry WHERE selection_id IS NULL AND object_id IN"
        f" (SELECT object_id FROM search_entry WHERE id <= {base}) ORDER BY seq",
        "INSERT INTO quality_objectquality (object_id, score, missing, warnings, warning_count,"
        f" warning_codes, computed_at) SELECT {oid}, score, missing, warnings, warning_count,"
        " warning_codes, computed_at FROM quality_objectquality WHERE object_id IN"
        f" (SELECT object_id FROM search_entry WHERE id <= {base})",
    ]
    return out + index_statements(k, base, oid, sqlite)


def index_statements(k: int, base: int, oid_sql: str, sqlite: bool) -> list[str]:
    """SQL copying the search index rows of entries 1..`base` as copy `k`: entry ids shifted by
    `k * base`, object ids given by `oid_sql` (over the column `object_id`), places shifted by
    a few km (also used by `search_bench.replicate`, which copies the index alone)."""
    dlat, dlon = shift_of(k)
    shift = k * base
    out = [
        "INSERT INTO search_entry (id, object_id, type, type_root, owner_id, commune_insee,"
        " department, latitude, longitude, name_key, updated_us, first_day, shuffle)"
        f" SELECT id + {shift}, {oid_sql}, type, type_root, owner_id, commune_insee, department,"
        f" latitude + {dlat}, longitude + {dlon}, name_key, updated_us - {k}, first_day,"
        f" (shuffle * 31 + {k}) % 2147483647 FROM search_entry WHERE id <= {base}",
        f"INSERT INTO search_code (entry_id, scheme, code) SELECT entry_id + {shift}, scheme,"
        f" code FROM search_code WHERE entry_id <= {base}",
        "INSERT INTO search_opening (entry_id, start_day, end_day, weekday_mask, yearly,"
        f" start_md, end_md, closed) SELECT entry_id + {shift}, start_day, end_day,"
        f" weekday_mask, yearly, start_md, end_md, closed FROM search_opening"
        f" WHERE entry_id <= {base}",
        f"INSERT INTO search_event_span (entry_id, start_day, end_day) SELECT entry_id +"
        f" {shift}, start_day, end_day FROM search_event_span WHERE entry_id <= {base}",
    ]
    # The text documents (the text index rebuilds from them: see `grow`).
    out.append(
        f"INSERT INTO search_document (entry_id, body) SELECT entry_id + {shift}, body"
        f" FROM search_document WHERE entry_id <= {base}"
    )
    if sqlite:
        out.append(
            f"INSERT INTO search_geo SELECT id + {shift}, minlat + {dlat}, maxlat + {dlat},"
            f" minlon + {dlon}, maxlon + {dlon}, minroot, maxroot, type FROM search_geo"
            f" WHERE id <= {base}"
        )
    return out


def grow(copies: int) -> None:
    from django.db import connection, transaction

    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id), COUNT(*) FROM search_entry")
        base, have = cursor.fetchone()
    if not base or base != have:
        raise SystemExit("grow.py copies a catalog built by `opensit synth` (dense entry ids)")
    started = time.perf_counter()
    for k in range(1, copies):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_entry WHERE id > %s", [k * base])
            if cursor.fetchone()[0]:
                continue  # this copy is already there (an earlier, interrupted run)
            for sql in statements(k, base, sqlite):
                cursor.execute(sql)
        rate = (k * base) / (time.perf_counter() - started)
        print(f"\r  {(k + 1) * base:,} objects ({rate:,.0f} copied/s)", end="", flush=True)
    print()
    from opensit.search.backends import get_backend
    from opensit.search.textindex import get_index

    with connection.cursor() as cursor:
        # The copies' documents have no log rows: an emptied log makes every text index
        # rebuild from `search_document` at its next search.
        cursor.execute("DELETE FROM search_text_log")
        # What `opensit search optimize` does nightly, but the mentions: the copies' documents
        # carry their original's prior (its mention count included), and recounting them is
        # one phrase query per object (over 30 minutes at 1,000,000 objects).
        if sqlite:
            get_backend().optimize(cursor)
        else:
            # VACUUM ANALYZE does what `optimize` does on PostgreSQL (GIN pending lists,
            # statistics) and sets the visibility map that index-only scans need.
            cursor.execute("VACUUM ANALYZE")
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('search_entry', 'id'), MAX(id))"
                " FROM search_entry"
            )
    started = time.perf_counter()
    index = get_index(sync=False)
    index.optimize()  # built and compacted in one rebuild (OPENSIT_SEARCH_OPTIMIZE_HEAP_MB)
    took = time.perf_counter() - started
    print(f"  text index: {index.searcher.num_segments} segment(s) in {took:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, required=True, help="Final size / synth size.")
    args = parser.parse_args()
    if not 1 <= args.copies <= 250:
        raise SystemExit("--copies must be between 1 and 250")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings")
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    import django

    django.setup()
    grow(args.copies)


if __name__ == "__main__":
    main()
