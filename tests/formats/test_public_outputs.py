"""Every flat output carries the main image with its credit and licence, the prices, the
opening in words and both update dates (the source's and ours); iCalendar invents no end."""

import csv
import io
from datetime import UTC, datetime

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from opensit.catalog.document import Price
from opensit.formats.csv_format import render_stream as csv_stream
from opensit.formats.enrich import price_text
from opensit.formats.export import write_export
from opensit.formats.geojson import feature
from opensit.formats.ical import render_stream as ical_stream
from tests.factories import imported_document
from tests.strategies import documents

SOURCE_DATE = "2025-11-03T08:15:00Z"


def csv_rows(documents, lang="fr") -> list[dict[str, str]]:
    data = b"".join(csv_stream(documents, lang)).decode()
    return list(csv.DictReader(io.StringIO(data, newline="")))


def without_summary(document: dict) -> dict:
    return {**document, "opening": {**document["opening"], "summary": {}}}


def test_csv_image_prices_opening_and_both_dates():
    doc = {**imported_document("museum", "Musée des Beaux-Arts"), "id": "m1",
           "updated_at": "2026-12-01T10:00:00Z"}  # fmt: skip
    (row,) = csv_rows([doc])
    assert row["image_url"] == "https://img.exemple.fr/musee-des-beaux-arts/facade.jpg"
    assert (row["image_credit"], row["image_licence"]) == ("Léonard de Serres", "cc-by-4.0")
    assert row["opening"] == "Ouvert toute l'année sauf le lundi"  # the source's text wins
    assert row["prices"].split("; ") == [
        "Plein tarif: 12.50–18 EUR per person, 2026-04-01/2026-09-30",
        "Tarif réduit: 8 EUR per person, 2026-10-01/2027-03-31",
        "Groupes britanniques: 150 GBP per group",
        "Moins de 7 ans: gratuit",
    ]
    assert (row["source_updated_at"], row["updated_at"]) == (SOURCE_DATE, "2026-12-01T10:00:00Z")
    assert row["aspects"] == "groups | accessibility"
    (written,) = csv_rows([without_summary(doc)], "en")
    assert written["opening"].startswith(
        "High season: Tuesday to Sunday from 9:30am to 12:30pm and from 2pm to 6:30pm"
        " from 1 April to 30 September 2026. "
    )
    assert written["opening"].endswith("Closed on 1 May 2026 and on 11 November 2026")


def test_two_prices_that_differ_only_by_label_audience_or_unit_never_read_the_same():
    base = {"min": 10.0, "unit": "per person"}
    rows = [
        {**base, "label": {"fr": "Adulte"}},
        {**base, "label": {"fr": "Adulte"}, "audiences": ["children"]},
        {**base, "label": {"fr": "Adulte"}, "unit": "per night"},
        {**base, "label": {"fr": "Adulte"}, "further_units": ["per week"]},
        {**base, "label": {"fr": "Adulte"}, "policy": "reduced"},
        {**base, "label": {"fr": "Enfant"}},
    ]
    (row,) = csv_rows([{"id": "p", "type": "museum", "name": {"fr": "Musée"},
                        "pricing": {"prices": rows}}])  # fmt: skip
    lines = row["prices"].split("; ")
    assert len(lines) == len(set(lines)) == 6
    assert lines[1] == "Adulte [children]: 10 EUR per person"


WORD = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=8)
CODE = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
PRICES = st.builds(
    dict,
    label=st.dictionaries(st.just("fr"), WORD, max_size=1),
    audiences=st.lists(CODE, max_size=2, unique=True),
    unit=st.one_of(st.just(""), WORD),
    min=st.one_of(st.none(), st.floats(0, 1e6)),
)


@settings(max_examples=200, deadline=None)
@given(PRICES, st.sampled_from(["label", "audiences", "unit"]), WORD, CODE)
def test_a_price_changed_in_one_part_reads_differently(price, part, word, code):
    changed = {
        "label": {"fr": word},
        "audiences": [*price["audiences"], code] if code not in price["audiences"] else [],
        "unit": word,
    }[part]
    if changed == price[part]:
        return
    first = Price.model_validate(price).model_dump(mode="json")
    second = Price.model_validate({**price, part: changed}).model_dump(mode="json")
    assert price_text(first, "fr") != price_text(second, "fr")


def test_geojson_image_with_credit_and_licence_prices_and_dates():
    doc = {**imported_document("museum", "Musée des Beaux-Arts"), "id": "m1",
           "updated_at": "2026-12-01T10:00:00Z"}  # fmt: skip
    properties = orjson.loads(orjson.dumps(feature(doc, "en")))["properties"]
    image = properties["image"]
    assert image["url"].endswith("/facade.jpg") and image["credit"] == "Léonard de Serres"
    assert image["licence"]["code"] == "cc-by-4.0"
    assert image["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert properties["prices"][0] == "Full price: 12.50–18 EUR per person, 2026-04-01/2026-09-30"
    assert (properties["price_min"], properties["price_max"]) == (8.0, 150.0)
    assert properties["source_updated_at"] == SOURCE_DATE
    assert properties["updated_at"] == "2026-12-01T10:00:00Z"
    assert properties["opening"] == "Open all year, closed Mondays"
    assert (
        feature({"id": "x", "type": "museum", "name": {"fr": "M"}}, "fr")["properties"]["image"]
        is None
    )


def calendar(documents) -> Calendar:
    return Calendar.from_ical(b"".join(ical_stream(documents, "fr")))


def test_ical_start_time_only_has_no_end_and_last_modified_is_the_source_date():
    doc = {
        "id": "concert",
        "type": "concert",
        "name": {"fr": "Concert d'orgue"},
        "updated_at": "2026-12-01T10:00:00Z",
        "source": {"system": "apidae", "id": "42", "updated_at": SOURCE_DATE},
        "event": {
            "occurrences": [
                {"start_date": "2026-12-20", "start_time": "20:30:00"},
                {"start_date": "2026-12-27", "end_date": "2026-12-29", "start_time": "17:00:00"},
                {"start_date": "2027-01-03", "start_time": "16:00:00", "end_time": "18:00:00"},
            ]
        },
    }
    events = calendar([doc]).walk("VEVENT")
    assert len(events) == 3
    one, daily, timed = events
    assert "DTEND" not in one and "DURATION" not in one
    assert one.decoded("dtstart").hour == 20
    assert "DTEND" not in daily and "RRULE" in daily
    assert timed.decoded("dtend").hour == 18
    for event in events:
        assert event.decoded("last-modified") == datetime(2025, 11, 3, 8, 15, tzinfo=UTC)
        assert event.decoded("dtstamp") == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    ours = calendar([{**doc, "source": None}]).walk("VEVENT")[0]
    assert ours.decoded("last-modified") == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_published_objects_fill_the_opening_column(publish):
    periods = {"periods": [{"start": "2026-07-01", "end": "2026-08-31", "recurs_yearly": True,
                            "weekdays": ["tue", "wed", "thu", "fri", "sat", "sun"],
                            "times": [{"opens": "14:00:00", "closes": "18:00:00"}]}],
               "closures": [{"holiday": "jul-14"}]}  # fmt: skip
    publish({"type": "museum", "name": {"fr": "Musée de la Poste"}, "opening": periods})
    out = io.BytesIO()
    write_export("csv", out, lang="fr")
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue().decode(), newline="")))
    assert row["opening"] == (
        "Du mardi au dimanche de 14h à 18h, du 1er juillet au 31 août. Fermé le 14 juillet"
    )


@settings(max_examples=60, deadline=None)
@given(documents(), st.sampled_from(["fr", "en", "de"]))
def test_any_stored_document_renders_its_prices_opening_and_image(document, lang):
    (row,) = csv_rows([{**document, "id": "x"}], lang)
    prices = [p for p in document.get("pricing", {}).get("prices", []) if price_text(p, lang)]
    assert len(row["prices"].split("; ")) >= len(prices) if prices else row["prices"] == ""
    if document.get("opening", {}).get("periods"):
        assert row["opening"]
    properties = feature({**document, "id": "x"}, lang)["properties"]
    assert (properties["image"] is None) == (row["image_url"] == "")
