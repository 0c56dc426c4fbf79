"""Event spans in pieces of at most 8 days with a covering (start, end, entry) index; a
(department, type, commune) index for place filters and facets; each entry's type and its
ancestors as tokens of the text index (SQLite: a `tags` column of the FTS5 table; PostgreSQL:
lexemes added to each tsvector).

The type tags come from a frozen copy of the type hierarchy (below), not from
`opensit.catalog.types`: a migration must behave the same forever, so it never imports live
code."""

from django.db import migrations, models

SPAN_DAYS = 8  # opensit.search.indexer.SPAN_DAYS when this was written
TEXT_COLUMNS = "name_fr, text_fr, name_en, text_en, name_all, text_all"
PG_COLUMNS = ("tsv_fr", "tsv_en", "tsv_all")
FTS_OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"

# Copied on 2026-12-04 from opensit.catalog.types (each type's parent, roots None; unchanged
# since 2026-11-25, before this migration was written) and opensit.search.backends (type_token,
# type_tags).
PARENTS = {
    "event": None,
    "cultural_event": "event",
    "concert": "cultural_event",
    "exhibition": "cultural_event",
    "show": "cultural_event",
    "festival": "cultural_event",
    "sports_event": "event",
    "market_fair": "event",
    "social_event": "event",
    "itinerary": None,
    "walking_tour": "itinerary",
    "cycling_tour": "itinerary",
    "road_tour": "itinerary",
    "horse_tour": "itinerary",
    "fluvial_tour": "itinerary",
    "accommodation": None,
    "hotel": "accommodation",
    "hotel_restaurant": "hotel",
    "campsite": "accommodation",
    "camper_van_area": "campsite",
    "rental": "accommodation",
    "chalet": "rental",
    "bed_and_breakfast": "accommodation",
    "collective_accommodation": "accommodation",
    "hostel": "collective_accommodation",
    "holiday_village": "collective_accommodation",
    "food": None,
    "restaurant": "food",
    "gourmet_restaurant": "restaurant",
    "farmhouse_inn": "restaurant",
    "cafe_bar": "food",
    "fast_food": "food",
    "tasting": None,
    "wine_cellar": "tasting",
    "producer": "tasting",
    "cultural_site": None,
    "museum": "cultural_site",
    "religious_site": "cultural_site",
    "castle": "cultural_site",
    "remarkable_building": "cultural_site",
    "archaeological_site": "cultural_site",
    "park_garden": "cultural_site",
    "natural_site": None,
    "cave": "natural_site",
    "viewpoint": "natural_site",
    "leisure": None,
    "swimming_pool": "leisure",
    "golf_course": "leisure",
    "amusement_park": "leisure",
    "play_area": "leisure",
    "ski_area": "leisure",
    "activity": None,
    "guided_activity": "activity",
    "free_activity": "activity",
    "course": "activity",
    "multi_activity": "activity",
    "boat_trip": "activity",
    "service": None,
    "shop": "service",
    "equipment_rental": "service",
    "tourist_office": "service",
    "travel_agency": "service",
    "business_venue": "service",
    "convenience": "service",
    "package": None,
    "territory": None,
    "structure": None,
    "place": None,
}


def type_token(code):
    return "type" + code.replace("_", "")


def type_tags(code):
    """Tokens of the type and its ancestors, most specific first; "" for an unknown type."""
    if code not in PARENTS:
        return ""
    chain = [code]
    while (parent := PARENTS[chain[-1]]) is not None:
        chain.append(parent)
    return " ".join(type_token(c) for c in chain)


def split_spans(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, entry_id, start_day, end_day FROM search_event_span"
            " WHERE end_day - start_day >= %s",
            [SPAN_DAYS],
        )
        long_spans = cursor.fetchall()
        pieces = []
        for _id, entry_id, start, end in long_spans:
            while end - start >= SPAN_DAYS:
                pieces.append((entry_id, start, start + SPAN_DAYS - 1))
                start += SPAN_DAYS
            pieces.append((entry_id, start, end))
        for first in range(0, len(long_spans), 500):
            ids = [row[0] for row in long_spans[first : first + 500]]
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM search_event_span WHERE id IN ({marks})", ids)
        cursor.executemany(
            "INSERT INTO search_event_span (entry_id, start_day, end_day) VALUES (%s, %s, %s)",
            pieces,
        )


def _rebuild_fts(schema_editor, with_tags: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    columns = f"{TEXT_COLUMNS}, tags" if with_tags else TEXT_COLUMNS
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE search_fts_new USING fts5({columns}, {FTS_OPTIONS})")
        if with_tags:
            cursor.execute("CREATE TEMP TABLE search_type_tags (code TEXT PRIMARY KEY, tags TEXT)")
            cursor.execute("SELECT DISTINCT type FROM search_entry")
            cursor.executemany(
                "INSERT INTO search_type_tags VALUES (%s, %s)",
                [(code, type_tags(code)) for (code,) in cursor.fetchall()],
            )
            cursor.execute(
                f"INSERT INTO search_fts_new (rowid, {columns}) SELECT f.rowid, {TEXT_COLUMNS},"
                " COALESCE(t.tags, '') FROM search_fts f JOIN search_entry e ON e.id = f.rowid"
                " LEFT JOIN search_type_tags t ON t.code = e.type"
            )
            cursor.execute("DROP TABLE search_type_tags")
        else:
            cursor.execute(
                f"INSERT INTO search_fts_new (rowid, {columns}) SELECT rowid, {columns}"
                " FROM search_fts"
            )
        cursor.execute("DROP TABLE search_fts")
        cursor.execute("ALTER TABLE search_fts_new RENAME TO search_fts")


def _postgres_tags(schema_editor, add: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT type FROM search_entry")
        for (code,) in cursor.fetchall():
            tags = type_tags(code)
            if not tags:
                continue
            if add:
                change = ", ".join(f"{c} = {c} || %s::tsvector" for c in PG_COLUMNS)
                params = [tags] * len(PG_COLUMNS)
            else:
                change = ", ".join(f"{c} = ts_delete({c}, %s)" for c in PG_COLUMNS)
                params = [tags.split()] * len(PG_COLUMNS)
            cursor.execute(
                f"UPDATE search_text t SET {change} FROM search_entry e"
                " WHERE e.id = t.id AND e.type = %s",
                [*params, code],
            )


def add_tags(apps, schema_editor):
    _rebuild_fts(schema_editor, with_tags=True)
    _postgres_tags(schema_editor, add=True)


def drop_tags(apps, schema_editor):
    _rebuild_fts(schema_editor, with_tags=False)
    _postgres_tags(schema_editor, add=False)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_code_index_per_entry")]

    operations = [
        migrations.RemoveIndex(model_name="searcheventspan", name="search_event_days"),
        migrations.RunPython(split_spans, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="searcheventspan",
            index=models.Index(
                fields=["start_day", "end_day", "entry_id"], name="search_event_range"
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["department", "type", "commune_insee"], name="search_entry_place"
            ),
        ),
        migrations.RunPython(add_tags, drop_tags),
    ]
