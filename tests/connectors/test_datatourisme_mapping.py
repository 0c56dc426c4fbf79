"""DATAtourisme mapping without the database: period compaction, one real record mapped field
by field, and records made in tmp_path for the edge cases (long date lists, bad values)."""

from datetime import date, time, timedelta

import orjson
import pytest

from opensit.connectors.base import RecordReport
from opensit.connectors.datatourisme import reader
from opensit.connectors.datatourisme.mapping import map_record
from opensit.connectors.datatourisme.periods import is_every_day, runs

CHAUMONT = "objects/f/f4/15-f4d24315-59bc-3b74-b5e0-e40c0472efd7.json"
CAMPING = "objects/e/ed/15-ed17248a-105e-30f4-a7cb-e5af3ee67171.json"
LOCHES = "objects/0/00/15-003eb63b-ee8e-316f-b93f-6d58439158e6.json"

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _load(dt_archive, relative: str) -> dict:
    return orjson.loads((dt_archive / relative).read_bytes())


def _map(payload: dict):
    report = RecordReport(payload.get("@id", ""), "test.json")
    document, entries = map_record(payload, report)
    return document, entries, report


# -- compaction of date lists --------------------------------------------------------------------


def test_consecutive_days_make_one_range():
    start = date(2020, 3, 1)
    assert runs(start + timedelta(days=n) for n in range(537)) == [
        (start, start + timedelta(days=536), frozenset(range(7)))
    ]


def test_tuesday_to_sunday_for_18_months_is_one_weekly_range():
    start = date(2020, 3, 3)  # a Tuesday
    days = [start + timedelta(days=n) for n in range(626) if (start + timedelta(n)).weekday() != 0]
    ((first, last, weekdays),) = runs(days)
    assert (first, last) == (days[0], days[-1])
    assert weekdays == frozenset({1, 2, 3, 4, 5, 6})
    assert not is_every_day(first, last, weekdays)


def test_a_missing_day_splits_the_run_instead_of_inventing_it():
    # Wednesday 8 July is missing while Wednesday 1 July is there: no exact single range
    days = [date(2020, 7, d) for d in range(1, 15) if d != 8]
    assert [(a.day, b.day) for a, b, _ in runs(days)] == [(1, 7), (9, 14)]


# -- a real record, field by field ---------------------------------------------------------------


def test_real_festival_maps_every_part(dt_archive):
    document, entries, report = _map(_load(dt_archive, CHAUMONT))
    assert document.type == "festival"
    assert document.name == {
        "fr": "Festival International des Jardins",
        "en": "International Garden Festival",
    }
    assert document.location.commune.insee == "41045"
    assert document.location.commune.name == "Chaumont-sur-Loire"
    assert (document.location.latitude, document.location.longitude) == (47.4790208, 1.1820328)
    occurrences = [
        (o.start_date, o.end_date, o.start_time, o.end_time) for o in document.event.occurrences
    ]
    assert occurrences[0] == (date(2020, 9, 1), date(2020, 9, 30), time(10), time(19, 30))
    assert document.booking.phone == "+33 2 54 20 99 22"
    main = next(m for m in document.media if m.main)
    assert main.credit == "©Mir-Photo-ADT41"
    assert main.publication_end == date(2025, 12, 31)
    assert document.extra["dc:identifier"] == "FMA41AAEVE100038"
    assert document.pricing.prices[2].policy == "Free" and document.pricing.prices[2].free
    assert document.languages == ["de", "en", "es", "fr", "pt"]
    assert report.unknown_keys == []
    assert {e.code for e in entries} >= {"Toilet", "COVID19ProtocolsCommitted", "Regional"}


def test_real_campsite_classification_amenities_and_prices(dt_archive):
    document, entries, _ = _map(_load(dt_archive, CAMPING))
    assert document.type == "campsite"
    assert document.name["en"] == "Camping Le Gué"
    assert document.classifications == ["ScaleRating_3etoiles"]
    assert "OutdoorPool" in document.amenities
    assert document.pricing.payment_methods == ["Cash", "Check", "HolidayVouchers"]
    assert (document.pricing.prices[0].min, document.pricing.prices[0].max) == (2.2, 4.0)
    assert document.capacity.persons == 150
    assert document.pets_allowed is True
    assert document.accessibility == ["ReducedMobilityAccess"]
    stars = next(e for e in entries if e.code == "ScaleRating_3etoiles")
    assert (stars.scheme, stars.labels["fr"]) == ("classification", "3 étoiles")


# -- long date lists, made in tmp_path -----------------------------------------------------------


def _one_day_specs(start: date, days: int, skip_weekday: int | None) -> list[dict]:
    specs = []
    for n in range(days):
        day = start + timedelta(days=n)
        if day.weekday() == skip_weekday:
            continue
        specs.append(
            {
                "schema:dayOfWeek": [{"@id": f"schema:{DAYS[day.weekday()]}"}],
                "schema:opens": "10:00:00",
                "schema:closes": "18:00:00",
                "schema:validFrom": f"{day}T00:00:00",
                "schema:validThrough": f"{day}T00:00:00",
            }
        )
    return specs


def test_exhibition_of_537_one_day_periods_is_stored_as_one_period(dt_archive):
    payload = _load(dt_archive, LOCHES)
    specs = _one_day_specs(date(2020, 3, 3), 626, skip_weekday=0)
    assert len(specs) == 537
    payload["isLocatedAt"][0]["schema:openingHoursSpecification"] = specs
    payload["takesPlaceAt"] = [
        {"startDate": s["schema:validFrom"][:10], "endDate": s["schema:validFrom"][:10]}
        for s in specs
    ]
    document, _, report = _map(payload)
    (period,) = document.opening.periods
    assert (period.start, period.end) == (date(2020, 3, 3), date(2021, 11, 18))
    assert period.weekdays == ["tue", "wed", "thu", "fri", "sat", "sun"]
    assert [(t.opens, t.closes) for t in period.times] == [(time(10), time(18))]
    assert document.event.occurrences == []
    (rule,) = document.event.recurrences
    assert rule.rrule == "FREQ=WEEKLY;BYDAY=TU,WE,TH,FR,SA,SU;UNTIL=20211118"
    assert report.warnings == []


def test_bad_values_are_warnings_naming_the_field_and_the_rest_maps(dt_archive):
    payload = _load(dt_archive, LOCHES)
    payload["isLocatedAt"][0]["schema:geo"]["schema:latitude"] = "quarante-sept"
    payload["takesPlaceAt"][0]["startTime"] = "25:99"
    payload["hasTranslatedProperty"] = [{"@id": "https://data.datatourisme.gouv.fr/x"}]
    document, _, report = _map(payload)
    fields = [f for f, _ in report.warnings]
    assert "schema:geo.schema:latitude" in fields
    assert "takesPlaceAt[0].startTime" in fields
    assert document.location.latitude is None
    assert document.location.commune.insee == "37132"
    assert report.unknown_keys == ["hasTranslatedProperty"]
    assert "hasTranslatedProperty" in document.extra


def test_reader_names_the_broken_file_and_reads_graph_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "broken.json").write_bytes(b'{"@id": "x", ')
    graph = {"@graph": [{"@id": "https://example.org/1"}, {"dc:identifier": "NOID"}]}
    (tmp_path / "graph.jsonld").write_bytes(orjson.dumps(graph))
    (tmp_path / "index.json").write_bytes(b"[]")
    items = list(reader.read(tmp_path))
    assert [type(i).__name__ for i in items] == ["ReadError", "SourceItem", "ReadError"]
    assert items[0].file == "a/broken.json" and "invalid JSON" in items[0].message
    assert items[1].file == "graph.jsonld#1"
    assert (items[2].file, items[2].source_id) == ("graph.jsonld#2", "NOID")


@pytest.mark.parametrize("value", ["Anglais", "Klingon"])
def test_language_names_become_codes_or_stay_in_extra(dt_archive, value):
    payload = _load(dt_archive, LOCHES)
    payload["availableLanguage"] = [value]
    document, _, report = _map(payload)
    if value == "Anglais":
        assert document.languages == ["en"]
    else:
        assert document.extra["availableLanguage"] == ["Klingon"]
        assert report.warnings[0][0] == "availableLanguage"


def test_invalid_insee_code_is_a_warning_not_a_lost_record(dt_archive):
    payload = _load(dt_archive, LOCHES)
    payload["isLocatedAt"][0]["schema:address"][0]["hasAddressCity"][0]["insee"] = "3713"
    document, _, report = _map(payload)
    assert document.location.commune is None
    assert document.location.postal_code == "37600"
    assert document.extra["hasAddressCity.insee"] == "3713"
    assert report.warnings == [("hasAddressCity.insee", "invalid INSEE code '3713', kept in extra")]


def test_points_of_interest_under_unknown_keys_become_links(dt_archive):
    payload = _load(dt_archive, LOCHES)
    target = "https://data.datatourisme.gouv.fr/15/0049d959-34e3-3385-a34d-1354ececdbdc"
    payload["isConnectedTo"] = [{"@id": target, "@type": ["Hotel", "PointOfInterest"]}]
    document, _, report = _map(payload)
    assert [(link.kind, link.target) for link in document.links] == [
        ("isConnectedTo", f"datatourisme:{target}")
    ]
    assert report.unknown_keys == ["isConnectedTo"]
    assert document.extra["isConnectedTo"] == {"@id": target}
