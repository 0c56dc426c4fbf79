"""DATAtourisme records in the recent (2023 on) shape, mapped without the database.

The 2020 archive has no example of these shapes: each test takes a real object of the archive
and changes only the part under test to the recent shape the ontology documents (every property
may be one node or a list; PriceSpecification hasEligibleAudience, hasPricingOffer,
hasPricingSeason, appliesOnPeriod; text opening specifications), and says so.
"""

from datetime import date

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.catalog.document import lenient
from opensit.connectors.base import RecordReport
from opensit.connectors.datatourisme.mapping import map_record

CHAUMONT = "objects/f/f4/15-f4d24315-59bc-3b74-b5e0-e40c0472efd7.json"  # Festival des Jardins
SUEVRES = "objects/f/fa/15-fa8765c2-2566-3902-b9c6-2fe9f55d2a6c.json"  # Syndicat d'initiative
PASSERELLES = "objects/0/00/15-00e8d121-18ba-339b-946f-09896707b893.json"  # Les Passerelles
CLOSEAUX = "objects/0/07/15-07fbae9c-6b11-3d68-af0b-64d978b6383f.json"  # Gîte Bergeronnette


def _load(dt_archive, relative: str) -> dict:
    return orjson.loads((dt_archive / relative).read_bytes())


def _map(payload: dict):
    """Mapped as the import engine does: validated leniently (a bad value is a warning)."""
    report = RecordReport(payload["@id"], "test.json")
    with lenient(report.warn):
        document, _ = map_record(payload, report)
    return document, report


def _kb(code: str, cls: str, fr: str, en: str = "") -> dict:
    labels = {"fr": [fr], **({"en": [en]} if en else {})}
    return {"@id": f"kb:{code}", "@type": [cls], "rdfs:label": labels}


def _specs(payload: dict) -> list[dict]:
    return payload["offers"][0]["schema:priceSpecification"]


# -- prices ----------------------------------------------------------------------------------


def test_policy_as_a_list_keeps_labels_and_policies(dt_archive):
    """Recent shape: hasEligiblePolicy is a list of one node (it was a node in 2020)."""
    payload = _load(dt_archive, CHAUMONT)
    for spec in _specs(payload):
        if "hasEligiblePolicy" in spec:
            spec["hasEligiblePolicy"] = [spec["hasEligiblePolicy"]]
    document, report = _map(payload)
    rows = [(p.policy, p.label.get("fr"), p.min) for p in document.pricing.prices]
    assert rows == [
        ("Group", "Tarif Groupe", 15.2),
        ("ChildRate", "Tarif enfant", 6.0),
        ("Free", "Gratuit", None),
        ("BaseRateFullRate", "Tarif de base - plein tarif", 19.0),
    ]
    assert document.pricing.prices[1].label["en"] == "Child rate"
    assert document.pricing.prices[2].free is True
    assert not any(k.startswith(("schema:priceSpecification", "offers")) for k in document.extra)
    assert report.warnings == []


def test_units_audiences_offer_season_and_periods_reach_the_row(dt_archive):
    """Recent shape: a child rate per unit and per week, for children, on a rental offer, in
    high season, on two periods (the other properties of the real specification unchanged)."""
    payload = _load(dt_archive, CHAUMONT)
    child = _specs(payload)[1]
    child["hasPricingMode"] = [
        _kb("PerUnit", "PricingMode", "Par unité", "Per unit"),
        _kb("PerWeek", "PricingMode", "Par semaine", "Per week"),
    ]
    child["hasEligibleAudience"] = [_kb("Children", "PeopleAudience", "Enfants", "Children")]
    child["hasPricingOffer"] = [_kb("BikeRental", "RentalPricingOffer", "Location de vélo")]
    child["hasPricingSeason"] = [_kb("HighSeason", "PricingSeason", "Haute saison", "High season")]
    child["appliesOnPeriod"] = [
        {"@type": ["Period"], "startDate": "2024-08-01", "endDate": "2024-08-31"},
        {"@type": ["Period"], "startDate": "2024-07-01", "endDate": "2024-07-15"},
    ]
    child["schema:description"] = {"fr": ["De 6 à 12 ans"], "en": ["From 6 to 12"]}
    document, report = _map(payload)
    price = document.pricing.prices[1]
    assert (price.policy, price.label["fr"], price.min) == ("ChildRate", "Tarif enfant", 6.0)
    assert (price.unit, price.further_units) == ("PerUnit", ["PerWeek"])
    assert price.audiences == ["Children"]
    assert price.offer == "BikeRental"
    assert price.season == {"fr": "Haute saison", "en": "High season"}
    assert (price.period_start, price.period_end) == (date(2024, 7, 1), date(2024, 7, 15))
    assert [(p.start, p.end) for p in price.further_periods] == [
        (date(2024, 8, 1), date(2024, 8, 31))
    ]
    assert price.conditions == {"fr": "De 6 à 12 ans", "en": "From 6 to 12"}
    assert report.unknown_keys == []
    assert not any(k.startswith(("schema:priceSpecification", "offers")) for k in document.extra)


def test_paired_minimum_and_maximum_lists_are_separate_ranges(dt_archive):
    """Recent shape: minPrice ["10", "20"] with maxPrice ["15", "30"] (one value each in 2020)."""
    payload = _load(dt_archive, CHAUMONT)
    full = _specs(payload)[3]
    full["schema:minPrice"], full["schema:maxPrice"] = ["10", "20"], ["15", "30"]
    document, report = _map(payload)
    full_rows = [p for p in document.pricing.prices if p.policy == "BaseRateFullRate"]
    assert [(p.min, p.max) for p in full_rows] == [(10.0, 15.0), (20.0, 30.0)]
    assert all(p.label["fr"] == "Tarif de base - plein tarif" for p in full_rows)
    assert report.warnings == []
    full["schema:maxPrice"] = ["15", "30", "40"]  # cannot be paired: one range, and a warning
    document, report = _map(payload)
    full_rows = [p for p in document.pricing.prices if p.policy == "BaseRateFullRate"]
    assert [(p.min, p.max) for p in full_rows] == [(10.0, 40.0)]
    assert report.warnings[0][0] == "offers[0].schema:priceSpecification[3]"


def test_text_price_goes_to_summary_and_information_to_conditions(dt_archive):
    """Real 2020 record: a specification that is only a text, and a price with a text."""
    document, _ = _map(_load(dt_archive, PASSERELLES))
    assert document.pricing.summary == {"fr": "Visite libre pour les individuels"}
    (price,) = document.pricing.prices
    assert (price.min, price.label) == (4.0, {})
    assert price.conditions["fr"].startswith("Visite accompagnée et dégustation de fromages")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lows=st.lists(st.one_of(st.integers(-5, 500).map(str), st.text(max_size=4)), max_size=4),
    highs=st.lists(st.one_of(st.integers(-5, 500).map(str), st.text(max_size=4)), max_size=4),
    policy_as_list=st.booleans(),
)
def test_any_amount_lists_give_valid_rows_or_warnings(dt_archive, lows, highs, policy_as_list):
    payload = _load(dt_archive, SUEVRES)
    spec = _specs(payload)[0]
    spec["schema:minPrice"], spec["schema:maxPrice"] = lows, highs
    if policy_as_list:
        spec["hasEligiblePolicy"] = [spec["hasEligiblePolicy"]]
    document, report = _map(payload)
    child = [p for p in document.pricing.prices if p.policy == "ChildRate"]
    assert child and all(p.label["fr"] == "Tarif enfant" for p in child)
    for row in child:
        assert row.min is None or row.max is None or row.min <= row.max
    assert all(field.startswith("offers[0]") for field, _ in report.warnings)


# -- opening ---------------------------------------------------------------------------------


def test_text_opening_specification_reaches_the_summary(dt_archive):
    """Recent shape: a TextOpeningHoursSpecification added beside the real period."""
    payload = _load(dt_archive, SUEVRES)
    payload["isLocatedAt"][0]["schema:openingHoursSpecification"].append(
        {
            "@type": ["TextOpeningHoursSpecification", "schema:OpeningHoursSpecification"],
            "schema:description": {
                "fr": ["Ouvert les week-ends de septembre, sur rendez-vous en semaine."],
                "en": ["Open at weekends in September, by appointment on weekdays."],
                "de-CH": ["Im September am Wochenende geöffnet."],
            },
        }
    )
    document, report = _map(payload)
    assert document.opening.summary == {
        "fr": "Ouvert les week-ends de septembre, sur rendez-vous en semaine.",
        "en": "Open at weekends in September, by appointment on weekdays.",
        "de-CH": "Im September am Wochenende geöffnet.",
    }
    (period,) = document.opening.periods  # the real period is still there
    assert (period.start, period.end, period.weekdays) == (
        date(2020, 9, 1),
        date(2020, 9, 15),
        ["sat", "sun"],
    )
    assert report.unknown_keys == [] and report.warnings == []


# -- provenance, languages, contacts, accessibility ------------------------------------------


def test_every_record_has_its_source_update_date_publisher_and_creation(dt_archive):
    """The whole 2020 archive: source.updated_at is the SIT's own `lastUpdate`."""
    files = sorted((dt_archive / "objects").rglob("*.json"))
    assert len(files) == 2550
    for file in files:
        payload = orjson.loads(file.read_bytes())
        document, _ = _map(payload)
        assert document.source.updated_at.date() == date.fromisoformat(payload["lastUpdate"])
        assert document.source.publisher, file.name
        assert document.extra["lastUpdateDatatourisme"] == payload["lastUpdateDatatourisme"]
        if payload.get("creationDate"):
            assert document.created_at.date() == date.fromisoformat(payload["creationDate"])
    document, _ = _map(_load(dt_archive, CHAUMONT))
    assert document.source.updated_at.date() == date(2020, 8, 26)
    assert document.source.publisher == "SIT Centre-Val de Loire"


def test_every_bcp47_language_is_kept_and_an_unknown_one_is_named(dt_archive):
    """Recent data carries regional tags in language maps and languages."""
    payload = _load(dt_archive, CHAUMONT)
    payload["rdfs:label"]["pt-BR"] = ["Festival Internacional de Jardins"]
    payload["rdfs:label"]["zh-Hant"] = ["國際花園節"]
    payload["rdfs:label"]["klingon!"] = ["?"]
    payload["availableLanguage"] = ["en-GB", "zh-Hant", "Anglais", "fr", "Klingon!"]
    document, report = _map(payload)
    assert document.name["pt-BR"] == "Festival Internacional de Jardins"
    assert document.name["zh-Hant"] == "國際花園節"
    assert document.languages == ["en-GB", "zh-Hant", "en", "fr"]
    fields = dict(report.warnings)
    assert "klingon!" in fields["name.klingon!"]
    assert "Klingon!" in fields["availableLanguage"]
    assert report.source_id == payload["@id"]


def test_booking_contact_is_not_listed_twice_and_labels_are_kept(dt_archive):
    document, _ = _map(_load(dt_archive, CHAUMONT))
    values = [(c.kind, c.value) for c in document.contacts]
    assert len(values) == len(set(values))
    assert ("phone", "+33 2 54 20 99 22") in values
    assert document.booking.phone == "+33 2 54 20 99 22"
    assert {c.label for c in document.contacts} == {"Festival International des Jardins"}
    gite, _ = _map(_load(dt_archive, CLOSEAUX))
    phones = [c.value for c in gite.contacts if c.kind == "phone"]
    assert phones == ["+33 2 47 57 32 73", "+33 6 95 36 47 12"]
    assert gite.contacts[0].label == "Gîte Bergeronnette"


def test_accessibility_features_are_accessibility_not_amenities(dt_archive):
    """A feature for disabled people in hasFeature (what a JSON-LD export writes back)."""
    payload = _load(dt_archive, SUEVRES)
    payload.pop("reducedMobilityAccess", None)
    payload.setdefault("hasFeature", []).append(
        {
            "@type": ["FeatureSpecification"],
            "features": [
                _kb("ReducedMobilityAccess", "Amenity", "Accès PMR"),
                _kb("WheelchairAccessibleToilet", "AccessibilityAmenity", "Toilettes adaptées"),
                _kb("Toilet", "CommonAmenity", "Toilettes"),
            ],
        }
    )
    document, _ = _map(payload)
    assert document.accessibility == ["ReducedMobilityAccess", "WheelchairAccessibleToilet"]
    assert "Toilet" in document.amenities
    assert "ReducedMobilityAccess" not in document.amenities
