"""The schema.org node of an object (formats/schemaorg.py) where the pages' tests do not go:
a night show, an event whose dates are past, a long trace, a closed season, unknown types."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from opensit.catalog.types import TYPES
from opensit.formats import schemaorg
from opensit.formats.schemaorg import SCHEMA_TYPES, meta_description, schema_node, schema_type
from tests.factories import rich_document

TODAY = date(2026, 6, 1)
PARIS = ZoneInfo("Europe/Paris")


def node_of(document: dict, lang: str = "fr") -> dict:
    return schema_node(document, lang, "https://site.exemple.fr/x/", labels={}, today=TODAY)


def test_a_night_show_ends_the_next_morning_in_winter_time():
    event = {"occurrences": [{"start_date": "2026-12-31", "start_time": "22:00:00",
                              "end_time": "02:00:00"}]}  # fmt: skip
    node = node_of(rich_document("show", "Réveillon", event=event))
    assert node["@type"] == "TheaterEvent"
    assert node["startDate"] == "2026-12-31T22:00:00+01:00"
    assert node["endDate"] == "2027-01-01T02:00:00+01:00"
    assert node["offers"][0]["availability"] == "https://schema.org/InStock"


def test_an_event_whose_dates_are_past_keeps_its_last_date_and_no_availability():
    event = {"occurrences": [{"start_date": "2025-07-10"}, {"start_date": "2025-08-15"}]}
    node = node_of(rich_document("concert", "Concert d'été", event=event))
    assert node["@type"] == "MusicEvent"
    assert node["startDate"] == node["endDate"] == "2025-08-15"
    assert "subEvent" not in node
    assert all("availability" not in offer for offer in node["offers"])


def test_a_weekly_recurrence_gives_its_next_days_with_their_times():
    event = {"recurrences": [{"start_date": "2026-06-06", "rrule": "FREQ=WEEKLY;BYDAY=SA",
                              "start_time": "10:00:00", "end_time": "12:00:00"}]}  # fmt: skip
    node = node_of(rich_document("market_fair", "Marché du samedi", event=event))
    assert node["@type"] == "SaleEvent"
    start = datetime.combine(date(2026, 6, 6), time(10), PARIS)
    assert node["startDate"] == start.isoformat() == "2026-06-06T10:00:00+02:00"
    assert len(node["subEvent"]) == schemaorg.SUB_EVENTS
    assert node["subEvent"][0]["startDate"] == (start + timedelta(days=7)).isoformat()


def test_a_long_trace_is_thinned_and_keeps_its_ends():
    points = [[0.6 + i / 10_000, 47.3 + i / 10_000] for i in range(2_000)]
    document = rich_document("cycling_tour", "Loire à vélo")
    document["location"]["geometry"] = {"type": "LineString", "coordinates": points}
    line = node_of(document)["itinerary"]["geo"]["line"].split(" ")
    assert len(line) == 2 * schemaorg.TRACE_POINTS
    assert line[:2] == [str(points[0][1]), str(points[0][0])]
    assert line[-2:] == [str(points[-1][1]), str(points[-1][0])]


def test_classes_and_fallbacks():
    assert schema_type("hotel_restaurant") == "Hotel"
    assert schema_type("camper_van_area") == "Campground"
    assert schema_type("cafe_bar", ["CafeOrTeahouse"]) == "CafeOrCoffeeShop"
    assert schema_type("cafe_bar", ["Church"]) == "BarOrPub"  # not one of the type's classes
    assert schema_type("religious_site", ["Cathedral"]) == "Church"
    assert schema_type("no-such-type") == "LocalBusiness"
    for code in ("structure", "territory", "package", "place"):
        node = node_of(rich_document(code, "Objet"))
        assert node["@type"] == schemaorg.SCHEMA_TYPES[code] and node["name"] == "Objet"
    assert node_of(rich_document("package", "Week-end"))["offers"][0]["price"] == 12.5


def test_every_class_of_the_tables_has_a_kind():
    classes = {*schemaorg.SCHEMA_TYPES.values(), *schemaorg.CLASS_REFINEMENTS.values()}
    assert classes <= set(schemaorg.KINDS)


def test_meta_description_is_short_plain_and_falls_back():
    document = {"short_description": {"en": "  A   hotel\nin town. "}, "description": {}}
    assert meta_description(document, "fr") == "A hotel in town."
    long = {"description": {"fr": "<p>" + "mot " * 100 + "</p>"}}
    found = meta_description(long, "fr")
    assert len(found) <= 160 and found.endswith("mot…") and "<" not in found


def test_each_type_has_a_class_and_the_import_mapping_agrees():
    """Every type reaches a class; where catalog.types names a schema: class, it is ours."""
    for code, object_type in TYPES.items():
        found = schema_type(code)
        assert found, code
        named = [c[7:] for c in object_type.datatourisme if c.startswith("schema:")]
        if named:
            assert found == named[0], code
    assert schema_type("hotel_restaurant") == "Hotel"
    assert schema_type("unknown-type") == "LocalBusiness"
    assert set(SCHEMA_TYPES) <= set(TYPES)
