"""SQLite: the R*Tree gets a third dimension, the root type (`backends.root_dimension`), so that
a radius with a type reads only that type's points.

The root of each type comes from a frozen copy of the type hierarchy (below), not from
`opensit.catalog.types`: a migration must behave the same forever, so it never imports live
code."""

import zlib

from django.db import migrations

COLUMNS = "id, minlat, maxlat, minlon, maxlon"

# Copied on 2026-12-04 from opensit.catalog.types (each type's parent, roots None; unchanged
# since 2026-11-25, before this migration was written) and opensit.search.backends
# (root_dimension).
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


def root_dimension(code):
    """A number per root type (crc32 of its code), 0 for an unknown type."""
    if code not in PARENTS:
        return 0
    while PARENTS[code] is not None:
        code = PARENTS[code]
    return zlib.crc32(code.encode()) % 16_000_000


def _rebuild(schema_editor, with_root: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        if with_root:
            cursor.execute(
                "CREATE VIRTUAL TABLE search_geo_new USING rtree("
                f"{COLUMNS}, minroot, maxroot, +type)"
            )
            cursor.execute("CREATE TEMP TABLE search_geo_roots (code TEXT PRIMARY KEY, root INT)")
            cursor.execute("SELECT DISTINCT type FROM search_geo")
            cursor.executemany(
                "INSERT INTO search_geo_roots VALUES (%s, %s)",
                [(code, root_dimension(code)) for (code,) in cursor.fetchall()],
            )
            cursor.execute(
                f"INSERT INTO search_geo_new ({COLUMNS}, minroot, maxroot, type)"
                " SELECT g.id, g.minlat, g.maxlat, g.minlon, g.maxlon, r.root, r.root, g.type"
                " FROM search_geo g JOIN search_geo_roots r ON r.code = g.type"
            )
            cursor.execute("DROP TABLE search_geo_roots")
        else:
            cursor.execute(f"CREATE VIRTUAL TABLE search_geo_new USING rtree({COLUMNS}, +type)")
            cursor.execute(
                f"INSERT INTO search_geo_new ({COLUMNS}, type) SELECT {COLUMNS}, type"
                " FROM search_geo"
            )
        cursor.execute("DROP TABLE search_geo")
        cursor.execute("ALTER TABLE search_geo_new RENAME TO search_geo")


def forwards(apps, schema_editor):
    _rebuild(schema_editor, with_root=True)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, with_root=False)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_event_ranges_type_tags")]

    operations = [migrations.RunPython(forwards, backwards)]
