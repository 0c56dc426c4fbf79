"""The Apidae mapping on real objects with one block changed: opening rules, event recurrences,
trail geometry, and the warnings that keep a record instead of failing it."""

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest

from opensit.connectors.apidae.mapping import ApidaeMapper
from opensit.connectors.apidae.references import References
from opensit.connectors.base import MappingError, RecordReport
from tests.missing import unavailable

pytestmark = [pytest.mark.shared_data]

MULTILANG = "apidae/sitra-api-v002-multilang-2014.json"


@pytest.fixture
def by_id(shared_data: Path) -> dict[int, dict[str, Any]]:
    path = shared_data / MULTILANG
    if not path.is_file():
        unavailable(f"no Apidae sample at {path}")
    return {o["id"]: o for o in orjson.loads(path.read_bytes())["objetsTouristiques"]}


def mapped(obj: dict[str, Any]):
    report = RecordReport(str(obj["id"]))
    return ApidaeMapper(References()).map(obj, report), report


def test_weekdays_with_their_own_hours_and_except_days(by_id):
    stay = copy.deepcopy(by_id[322810])
    period = stay["ouverture"]["periodesOuvertures"][0]
    period["ouverturesJournalieres"] = [
        {"jour": "VENDREDI", "horaireOuverture": "14:00:00", "horaireFermeture": "18:00:00"},
        {"jour": "SAMEDI", "horaireOuverture": "09:00:00", "horaireFermeture": "18:00:00"},
        {"jour": "DIMANCHE", "horaireOuverture": "09:00:00", "horaireFermeture": "18:00:00"},
    ]
    doc, _ = mapped(stay)
    periods = [(p.weekdays, p.times[0].opens.hour) for p in doc.opening.periods]
    assert periods == [(["fri"], 14), (["sat", "sun"], 9)]

    period["type"] = "OUVERTURE_SAUF"
    period["ouverturesJournalieres"] = [{"jour": "LUNDI"}, {"jour": "MARDI"}]
    doc, _ = mapped(stay)
    assert doc.opening.periods[0].weekdays == ["wed", "thu", "fri", "sat", "sun"]


def test_weekly_event_becomes_a_recurrence_rule(by_id):
    """The summer stay's Friday-to-Sunday period, given to an event: one rule, not 52 dates."""
    event = copy.deepcopy(by_id[322810])
    event["type"] = "FETE_ET_MANIFESTATION"
    event["informationsFeteEtManifestation"] = event.pop("informationsSejourPackage")
    doc, _ = mapped(event)
    assert doc.type == "event"
    assert doc.event.occurrences == []
    rule = doc.event.recurrences[0]
    assert str(rule.start_date) == "2014-06-01"
    assert rule.rrule == "FREQ=WEEKLY;BYDAY=FR,SA,SU;UNTIL=20140930"


def test_yearly_period_and_unknown_day(by_id):
    hut = copy.deepcopy(by_id[317604])
    periods = hut["ouverture"]["periodesOuvertures"]
    periods[0]["tousLesAns"] = True
    doc, _ = mapped(hut)
    assert doc.opening.periods[0].recurs_yearly is True
    periods[0]["type"] = "OUVERTURE_SEMAINE"
    periods[0]["ouverturesJournalieres"] = [{"jour": "SOMEDAY"}]
    with pytest.raises(MappingError) as error:
        mapped(hut)
    assert error.value.field == "ouverture.periodesOuvertures[0].ouverturesJournalieres[0].jour"


def test_trail_geometry_from_the_itinerary_block(by_id):
    trail = copy.deepcopy(by_id[526457])
    line = {"type": "LineString", "coordinates": [[6.144058, 44.826552], [6.15, 44.83]]}
    trail["informationsEquipement"]["itineraire"]["geoJson"] = line
    doc, _ = mapped(trail)
    assert doc.location.geometry == line
    assert (doc.location.latitude, doc.location.longitude) == (44.826552, 6.144058)


def test_bad_media_and_foreign_commune_are_warnings(by_id):
    trail = copy.deepcopy(by_id[526457])
    trail["illustrations"][1]["traductionFichiers"] = [{"locale": "fr"}]
    del trail["images"]  # the 2014 format repeats illustrations there: it would restore it
    trail["localisation"]["adresse"]["commune"]["code"] = "CH-1950"
    doc, report = mapped(trail)
    fields = [field for field, _ in report.warnings]
    assert fields == [
        "localisation.adresse.commune.code",
        "illustrations[1].traductionFichiers",
    ]
    assert doc.location.commune is None
    assert len([m for m in doc.media if m.kind == "image"]) == 3


def test_coordinates_out_of_range_fail_the_record(by_id):
    trail = copy.deepcopy(by_id[526457])
    trail["localisation"]["geolocalisation"]["geoJson"]["coordinates"] = [44.8, 96.1]
    with pytest.raises(MappingError) as error:
        mapped(trail)
    assert error.value.field == "localisation.geolocalisation.geoJson.coordinates"


def test_price_maximum_below_minimum_names_the_tariff(by_id):
    hut = copy.deepcopy(by_id[317604])
    tarif = hut["descriptionTarif"]["periodes"][0]["tarifs"][1]
    tarif["minimum"], tarif["maximum"] = 19.4, 4.85
    with pytest.raises(MappingError) as error:
        mapped(hut)
    assert error.value.field == "descriptionTarif.periodes[0].tarifs[1].maximum"


def test_route_stage_links_both_ways(by_id):
    """The hut is a stage of route 519349 (ETAPE_PARCOURS); seen from the route, the same link
    is PARCOURS_ETAPE and names the hut as a stage."""
    hut = by_id[317604]
    doc, _ = mapped(hut)
    assert [(link.kind, link.target) for link in doc.links if link.kind == "route"] == [
        ("route", "apidae:519349")
    ]
    route = copy.deepcopy(by_id[526457])
    route["liens"] = {
        "liensObjetsTouristiquesTypes": [
            {
                "type": "PARCOURS_ETAPE",
                "objetTouristique": {k: hut[k] for k in ("type", "id", "nom")},
            }
        ]
    }
    doc, _ = mapped(route)
    stage = doc.links[0]
    assert (stage.kind, stage.target, stage.order) == ("stage", "apidae:317604", 0)
    assert stage.label == {
        "fr": "Refuge de l'Alpe de Villar d'Arène",
        "en": hut["nom"]["libelleEn"],
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda o: o.update(localisation=["05182"]), "localisation", "got a list"),
        (lambda o: o.update(illustrations={"url": "x"}), "illustrations", "expected a list"),
        (lambda o: o["multimedias"].append("plan.gpx"), "multimedias[1]", "got a string"),
        (
            lambda o: o["ouverture"].update(periodesOuvertures=[["2014-06-01"]]),
            "ouverture.periodesOuvertures[0]",
            "expected a JSON object",
        ),
        (lambda o: o.update(nom="Refuges"), "nom", "got a string"),
    ],
)
def test_unexpected_shapes_name_the_block(by_id, change, field, message):
    trail = copy.deepcopy(by_id[526457])
    change(trail)
    with pytest.raises(MappingError) as error:
        mapped(trail)
    assert error.value.field == field
    assert message in error.value.message
