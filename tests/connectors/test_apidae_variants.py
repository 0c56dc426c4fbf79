"""Apidae opening, prices and aspects, on real objects with the blocks the samples lack added:
exceptional openings, closures on special days, generated summaries, tariffs with or without
labels, and the winter, groups, accessibility and business aspects as variants."""

import copy
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import orjson
import pytest

from opensit.catalog.models import TourismObject
from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.apidae.mapping import ApidaeMapper
from opensit.connectors.apidae.references import References
from opensit.connectors.base import RecordReport
from opensit.connectors.engine import ImportEngine
from tests.missing import unavailable

pytestmark = [pytest.mark.shared_data]

MULTILANG = "apidae/sitra-api-v002-multilang-2014.json"


@pytest.fixture
def by_id(shared_data: Path) -> dict[int, dict[str, Any]]:
    path = shared_data / MULTILANG
    if not path.is_file():
        unavailable(f"no Apidae sample at {path}")
    return {o["id"]: o for o in orjson.loads(path.read_bytes())["objetsTouristiques"]}


def mapped(obj: dict[str, Any], refs: References | None = None):
    report = RecordReport(str(obj["id"]))
    return ApidaeMapper(refs or References()).map(obj, report), report


def with_exceptions(hut: dict[str, Any]) -> dict[str, Any]:
    hut = copy.deepcopy(hut)
    hut["ouverture"]["ouverturesExceptionnelles"] = [
        {
            "dateDebut": "2014-12-26",
            "dateFin": "2014-12-31",
            "horaireOuverture": "10:00:00",
            "horaireFermeture": "17:00:00",
            "complementHoraire": {"libelleFr": "Gardiennage de Noël", "libelleEn": "Xmas"},
        },
        {"identifiant": 77, "dateOuverture": "2015-02-14"},
    ]
    hut["ouverture"]["fermeturesExceptionnelles"] = [
        {"dateSpeciale": "PREMIER_JANVIER"},
        {"dateSpeciale": "NOEL"},
        {"dateSpeciale": "1er mai"},
        {"dateFermeture": "2014-08-15"},
        {"dateSpeciale": "PAQUES"},
    ]
    hut["ouverture"]["periodeEnClairGenere"] = {
        "libelleFr": "Du 22/03 au 14/09.",
        "libelleDe": "Vom 22.03 bis 14.09.",
    }
    return hut


def test_opening_keeps_exceptions_closures_and_summaries(by_id):
    doc, report = mapped(with_exceptions(by_id[317604]))
    usual = [p for p in doc.opening.periods if not p.exceptional]
    assert [(p.start, p.end) for p in usual] == [
        (date(2014, 3, 22), date(2014, 5, 11)),
        (date(2014, 5, 29), date(2014, 6, 1)),
        (date(2014, 6, 7), date(2014, 9, 14)),
    ]
    special = [p for p in doc.opening.periods if p.exceptional]
    assert [(p.start, p.end) for p in special] == [
        (date(2014, 12, 26), date(2014, 12, 31)),
        (date(2015, 2, 14), date(2015, 2, 14)),
    ]
    assert special[0].times[0].opens == time(10) and special[0].times[0].closes == time(17)
    assert special[0].label == {"fr": "Gardiennage de Noël", "en": "Xmas"}
    assert [(c.holiday, c.date) for c in doc.opening.closures] == [
        ("jan-1", None),
        ("dec-25", None),
        ("may-1", None),
        ("", date(2014, 8, 15)),
    ]
    # Easter Sunday is no public holiday of the catalog: a warning, and kept aside
    field, message = report.warnings[0]
    assert field == "ouverture.fermeturesExceptionnelles[4].dateSpeciale"
    assert "PAQUES" in message
    assert doc.extra["ouverture"]["fermeturesExceptionnelles"] == [{"dateSpeciale": "PAQUES"}]
    assert doc.extra["ouverture"]["ouverturesExceptionnelles"] == [{"identifiant": 77}]
    # the source's own summary wins; the generated one adds the languages it lacks
    assert doc.opening.summary["fr"].startswith("Du 22/03 au 11/05/2014.")
    assert doc.opening.summary["de"] == "Vom 22.03 bis 14.09."


def test_weekly_hours_of_a_real_period(by_id):
    event = by_id[502723]  # "Jeudi 28 août 2014", the appointment in complementHoraire
    doc, _report = mapped(copy.deepcopy(event))
    period = doc.opening.periods[0]
    assert (period.start, period.end, period.recurs_yearly) == (
        date(2014, 8, 28),
        date(2014, 8, 28),
        False,
    )
    assert period.label["en"].startswith("Appointment friom 7 am")
    assert doc.opening.summary["fr"].startswith("Jeudi 28 août 2014.")
    assert "apidae:418" in doc.themes  # indicationsPeriode "Eté": a code, not extra
    assert "indicationsPeriode" not in doc.extra.get("ouverture", {})


def test_prices_keep_type_conditions_season_and_currency(by_id):
    stay = copy.deepcopy(by_id[438792])
    tarifs = stay["descriptionTarif"]["periodes"][0]["tarifs"]
    tarifs[0]["devise"] = "CHF"
    tarifs[1]["type"] = {"elementReferenceType": "TarifType", "id": 99001}  # no label anywhere
    tarifs[1]["devise"] = "francs"
    doc, report = mapped(stay)
    weekend, half = doc.pricing.prices
    assert weekend.label == {"fr": "Week-end", "en": "Week-end"}
    assert weekend.policy == "apidae:1526"
    assert (weekend.min, weekend.max, weekend.currency) == (70.0, 130.0, "CHF")
    assert weekend.conditions["fr"].startswith("3 Nuits en demi-pension")
    assert weekend.season == {"fr": "A l'année", "en": "Annual"}
    assert (weekend.period_start, weekend.period_end) == (date(2014, 6, 14), date(2014, 10, 19))
    assert half.label == {"fr": "Tarif 99001", "en": "Price type 99001"}
    assert half.currency == "EUR"
    assert dict(report.warnings) == {
        "descriptionTarif.periodes[0].tarifs[1].type": (
            "no label for the price type 99001; labelled from its id"
        ),
        "descriptionTarif.periodes[0].tarifs[1].devise": "not a currency code: 'francs'; EUR kept",
    }
    assert doc.pricing.summary["en"] == "Half board (pp): 25 to 46 €\nWeek-end: 70 to 130 €."
    assert doc.pricing.payment_methods == ["apidae:1268", "apidae:1271", "apidae:1277"]


def test_price_type_labels_from_the_export_table(by_id):
    stay = copy.deepcopy(by_id[438792])
    for tarif in stay["descriptionTarif"]["periodes"][0]["tarifs"]:
        tarif["type"] = {"elementReferenceType": "TarifType", "id": tarif["type"]["id"]}
    refs = References({1528: {"id": 1528, "libelleFr": "Demi-pension", "libelleIt": "Mezza"}})
    doc, report = mapped(stay, refs)
    assert doc.pricing.prices[1].label == {"fr": "Demi-pension", "it": "Mezza"}
    assert doc.pricing.prices[0].label == {"fr": "Tarif 1526", "en": "Price type 1526"}
    assert [f for f, _m in report.warnings] == ["descriptionTarif.periodes[0].tarifs[0].type"]


def with_aspects(hut: dict[str, Any], trail: dict[str, Any]) -> dict[str, Any]:
    hut = copy.deepcopy(hut)
    winter_image = copy.deepcopy(trail["illustrations"][0])
    hut["aspects"] = [
        {
            "aspect": "HIVER",
            "champsAspect": ["presentation.descriptifCourt", "ouverture"],
            "presentation": {"descriptifCourt": {"libelleFr": "Refuge d'hiver, accès à ski."}},
            "ouverture": {
                "periodeEnClair": {"libelleFr": "Salle hors-sac ouverte l'hiver."},
                "periodesOuvertures": [
                    {
                        "dateDebut": "2014-12-20",
                        "dateFin": "2015-03-15",
                        "type": "OUVERTURE_SEMAINE",
                        "tousLesAns": True,
                        "ouverturesJournalieres": [{"jour": "SAMEDI"}, {"jour": "DIMANCHE"}],
                    }
                ],
            },
            "illustrations": [winter_image],
        },
        {
            "aspect": "GROUPES",
            "presentation": {"descriptifDetaille": {"libelleFr": "Accueil de groupes (26)."}},
            "descriptionTarif": {
                "tarifsEnClair": {"libelleFr": "Groupes : 15 € la nuitée."},
                "periodes": [
                    {
                        "dateDebut": "2014-03-22",
                        "dateFin": "2014-09-14",
                        "tarifs": [
                            {
                                "minimum": 15.0,
                                "type": copy.deepcopy(
                                    hut["descriptionTarif"]["periodes"][0]["tarifs"][1]["type"]
                                ),
                                "precisionTarif": {"libelleFr": "À partir de 10 personnes"},
                            }
                        ],
                    }
                ],
            },
        },
        {
            "aspect": "HANDICAP",
            "prestations": {"complementAccueil": {"libelleFr": "Rampe d'accès au rez."}},
        },
        {
            "aspect": "TOURISME_AFFAIRES",
            "presentation": {"descriptifCourt": {"libelleEn": "Seminars in the mountains."}},
        },
    ]
    return hut


def test_aspects_are_variants(by_id):
    doc, report = mapped(with_aspects(by_id[317604], by_id[526457]))
    assert report.warnings == []
    winter, groups = doc.aspects["winter"], doc.aspects["groups"]
    assert winter.short_description == {"fr": "Refuge d'hiver, accès à ski."}
    assert winter.opening.summary == {"fr": "Salle hors-sac ouverte l'hiver."}
    assert winter.opening.periods[0].weekdays == ["sat", "sun"]
    assert winter.opening.periods[0].recurs_yearly is True
    # the real winter main image first, then the aspect's own illustration
    assert winter.media[0].url.endswith("/images-principales-hiver/517212.jpg")
    assert winter.media[1].url.endswith("/images/600938.jpg")
    assert groups.description == {"fr": "Accueil de groupes (26)."}
    price = groups.prices[0]
    assert (price.min, price.audiences, price.policy) == (15.0, ["groups"], "apidae:1525")
    assert price.label["fr"] == "Nuitée (/ pers.)"
    assert price.conditions == {"fr": "À partir de 10 personnes"}
    assert doc.aspects["accessibility"].practical_info == {"fr": "Rampe d'accès au rez."}
    assert doc.aspects["business"].short_description == {"en": "Seminars in the mountains."}
    # what no aspect field holds stays in extra, with the aspect it belongs to
    kept = {a["aspect"]: a for a in doc.extra["aspects"]}
    assert kept["HIVER"]["champsAspect"] == ["presentation.descriptifCourt", "ouverture"]
    assert kept["GROUPES"]["descriptionTarif"]["tarifsEnClair"]["libelleFr"].startswith("Groupes")
    # the main document is untouched by the variants
    assert doc.short_description["fr"].startswith("Sabine et André vous accueillent")
    assert all(not p.audiences for p in doc.pricing.prices)


def test_winter_main_image_goes_to_the_winter_aspect(by_id):
    doc, _report = mapped(copy.deepcopy(by_id[317604]))
    (image,) = doc.aspects["winter"].media
    assert image.url.endswith("/images-principales-hiver/517212.jpg")
    assert (image.width, image.height, image.main) == (1150, 862, True)


def test_source_dates_publisher_and_place(by_id):
    doc, _report = mapped(copy.deepcopy(by_id[526457]))
    assert doc.source.updated_at == datetime(2014, 6, 6, 15, 12, 40, 553000, tzinfo=UTC)
    assert doc.created_at == datetime(2014, 5, 23, 7, 48, 12, 6000, tzinfo=UTC)
    assert doc.source.publisher == "Maison du Tourisme du Champsaur & Valgaudemar"
    hut, _report = mapped(copy.deepcopy(by_id[317604]))
    assert hut.location.altitude == 2079
    assert hut.location.access["fr"].startswith("Départ pour le refuge situé à Arsine")
    assert "geolocalisation" not in hut.extra.get("localisation", {}).get("complement", {})


@pytest.mark.django_db  # its commune has no INSEE code: looked up in the (empty) reference
def test_reference_lists_inside_a_type_sub_block_are_codes(shared_data):
    path = shared_data / "apidae/apidae-api-v002-trek-trimmed.json"
    if not path.is_file():
        unavailable(f"no Apidae sample at {path}")
    (trek,) = orjson.loads(path.read_bytes())["objetsTouristiques"]
    natures = trek["informationsEquipement"]["itineraire"]["naturesTerrain"]
    doc, _report = mapped(trek)
    assert {f"apidae:{n['id']}" for n in natures} <= set(doc.themes)
    assert "naturesTerrain" not in doc.extra["informationsEquipement"]["itineraire"]


@pytest.mark.django_db
def test_variants_and_closures_survive_the_import(by_id, tmp_path):
    hut = with_aspects(with_exceptions(by_id[317604]), by_id[526457])
    path = tmp_path / "response.json"
    path.write_bytes(orjson.dumps({"numFound": 1, "objetsTouristiques": [hut]}))
    run = ImportEngine(ApidaeConnector()).run(path)
    assert (run.created, run.failed, run.warnings) == (1, 0, 1)
    doc = TourismObject.objects.get(source_system="apidae", source_id="317604").document
    assert {"holiday": "jan-1"} in doc["opening"]["closures"]
    assert [p["start"] for p in doc["opening"]["periods"] if p.get("exceptional")] == [
        "2014-12-26",
        "2015-02-14",
    ]
    assert doc["aspects"]["groups"]["prices"][0]["audiences"] == ["groups"]
    assert doc["aspects"]["winter"]["opening"]["periods"][0]["weekdays"] == ["sat", "sun"]
    again = ImportEngine(ApidaeConnector()).run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_what_a_period_cannot_hold_stays_aside(by_id):
    hut = copy.deepcopy(by_id[317604])
    first = hut["ouverture"]["periodesOuvertures"][0]
    first.update(type="OUVERTURE_MOIS", horaireFermeture="18:00:00")
    first["ouverturesJourDuMois"] = [{"jour": "PREMIER_LUNDI"}]
    doc, _report = mapped(hut)
    assert doc.opening.periods[0].start == date(2014, 3, 22)
    assert doc.extra["ouverture"]["periodesOuvertures"] == [
        {
            "ouverturesJourDuMois": [{"jour": "PREMIER_LUNDI"}],
            "type": "OUVERTURE_MOIS",
            "horaireFermeture": "18:00:00",
        }
    ]
