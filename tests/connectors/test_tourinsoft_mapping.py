"""The Tourinsoft mapping table and its readers, record by record (no database): the delimited
strings of v2 feeds, types, languages, and a property test that neither the reader nor the
mapping ever crashes on arbitrary OData-shaped JSON."""

import re
from datetime import UTC, date, datetime, time
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from opensit.catalog.document import lenient
from opensit.connectors.base import MappingError, ReadError, RecordReport, SourceItem
from opensit.connectors.tourinsoft import TourinsoftConnector, reader
from opensit.connectors.tourinsoft.mapping import FIELDS, PATTERNS, Mapper, rule_for
from opensit.connectors.tourinsoft.media import absolute_url
from opensit.connectors.tourinsoft.offer import capacity_field, prices
from opensit.connectors.tourinsoft.place import contact_kind, contacts
from opensit.connectors.tourinsoft.timing import NATIONAL_HOLIDAYS, opening
from opensit.connectors.tourinsoft.values import parse_date, parse_datetime, split_address
from opensit.connectors.tourinsoft.vocabulary import code_for

DOCS = Path(__file__).resolve().parents[2] / "docs" / "connectors" / "tourinsoft.md"


def mapped(record: dict) -> tuple[dict, RecordReport]:
    report = RecordReport(str(record.get("SyndicObjectID", "")))
    with lenient(report.warn):
        doc, _entries = Mapper().map(record, record["SyndicObjectID"], report)
    return doc.to_json(), report


def test_every_rule_has_a_reader():
    readers = {name for name, _ in FIELDS.values()} | {reader for _, reader, _ in PATTERNS}
    missing = [name for name in readers if not hasattr(Mapper, f"_read_{name}")]
    assert not missing


def test_the_documentation_lists_every_mapped_field():
    text = DOCS.read_text()
    missing = [key for key in FIELDS if f"`{key}`" not in text]
    assert not missing, f"fields missing from {DOCS.name}: {missing}"
    for pattern, _reader, _target in PATTERNS:  # pipes escaped in a Markdown table
        assert f"`{pattern.pattern.replace('|', chr(92) + '|')}`" in text, pattern.pattern


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Rue de la Bruyère|||28400|NOGENT-LE-ROTROU|28280",
         (["Rue de la Bruyère"], "28400", "NOGENT-LE-ROTROU", "28280")),
        ("Le Bourg|BP 12|Bâtiment C||37000|TOURS|CEDEX|37261",
         (["Le Bourg", "BP 12", "Bâtiment C"], "37000", "TOURS CEDEX", "37261")),
        ("Place du marché|||20000|AJACCIO|2A004",
         (["Place du marché"], "20000", "AJACCIO", "2A004")),
        ("Chemin des Vignes|||41000|Blois", (["Chemin des Vignes"], "41000", "Blois", "")),
        ("", ([], "", "", "")),
    ],
)  # fmt: skip
def test_addresses(value, expected):
    assert split_address(value) == expected


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Téléphone filaire", "phone"),
        ("Téléphone cellulaire", "mobile"),
        ("Portable", "mobile"),
        ("Télécopieur /fax", "fax"),
        ("Mél", "email"),
        ("Courriel", "email"),
        ("Site web (URL)", "website"),
        ("Page Facebook", "facebook"),
        ("Numéro SIRET", "other"),
    ],
)
def test_contact_kinds(label, kind):
    assert contact_kind(label) == kind


def test_contacts_warn_on_an_empty_value_and_keep_the_rest():
    report = RecordReport("X")
    found = contacts("Mél|#Site web|www.example.fr#Astreinte|06 00 00 00 00|nuit", "MoyenDeCom",
                     "main", report)  # fmt: skip
    assert [(c.kind, c.value, c.label) for c in found] == [
        ("website", "http://www.example.fr", ""),
        ("other", "06 00 00 00 00", "Astreinte (nuit)"),
    ]
    assert report.warnings[0][0] == "MoyenDeCom[0]"


def test_dates():
    assert parse_datetime("/Date(1546457575113)/") == datetime(
        2019, 1, 2, 19, 32, 55, 113000, tzinfo=UTC
    )
    local = parse_datetime("2019-07-01T10:00:00")
    assert local.utcoffset().total_seconds() == 7200  # French summer time
    assert parse_date("08/08/2019") == date(2019, 8, 8)
    assert parse_date("31/02/2019") is None and parse_datetime("hier") is None


def test_opening_mornings_closed_days_and_holidays():
    report = RecordReport("X")
    value = "01/04/2024|30/09/2024|9h|12h|14h|18h30|Lundi matin$Samedi|Jours fériés"
    result, _periods = opening(value, "PeriodeOuverture", report)
    assert [(p.weekdays, [(t.opens, t.closes) for t in p.times]) for p in result.periods] == [
        (["sat"], [(time(9), time(12)), (time(14), time(18, 30))]),
        (["mon"], [(time(9), time(12))]),
    ]
    assert [c.holiday for c in result.closures] == list(NATIONAL_HOLIDAYS)
    only_closed, _ = opening("01/05/2024|31/05/2024|10:00|17:00||||Mardi", "P", report)
    assert only_closed.periods[0].weekdays == ["mon", "wed", "thu", "fri", "sat", "sun"]
    assert not report.warnings
    reversed_, _ = opening("30/05/2024|01/05/2024#pas de date", "PeriodeOuverture", report)
    assert reversed_.periods == []
    assert [w[0] for w in report.warnings] == ["PeriodeOuverture[0]", "PeriodeOuverture[1]"]


def test_prices():
    report = RecordReport("X")
    rows = prices(
        "Emplacement|Haute saison|25,50|18|#Forfait famille|du 01/07/2024 au 31/08/2024|90||"
        "#Gratuit|moins de 6 ans|||#Tarif groupe|par personne, 10 pers. minimum|8|",
        "Tarifs",
        report,
    )
    pitch, family, free, group = rows
    assert (pitch.min, pitch.max, pitch.unit, pitch.season) == (18, 25.5, "per pitch",
                                                                {"fr": "Haute saison"})  # fmt: skip
    assert report.warnings == [("Tarifs[0]", "maximum below the minimum; swapped")]
    assert (family.policy, family.audiences, family.min) == ("package", ["families"], 90)
    assert (family.period_start, family.period_end) == (date(2024, 7, 1), date(2024, 8, 31))
    assert (free.free, free.policy, free.conditions) == (True, "free", {"fr": "moins de 6 ans"})
    assert (group.audiences, group.unit) == (["groups"], "per person")


@pytest.mark.parametrize(
    ("key", "field"),
    [("CapaciteTotale", "persons"), ("NbChambres", "rooms"), ("NombreEmplacements", "pitches"),
     ("NbCouverts", "seats"), ("NbLits", "beds"), ("Capacite", "persons"), ("Nboeuf", None)],
)  # fmt: skip
def test_capacity_fields(key, field):
    assert capacity_field(key) == field


def _record(**values) -> dict:
    return {"SyndicObjectID": "RESCEN0410000001", "SyndicObjectName": "Chez Paul", **values}


def test_types_by_id_syndication_and_type_name():
    assert mapped(_record())[0]["type"] == "food"
    assert mapped(_record(Classification="Restaurant gastronomique"))[0]["type"] == (
        "gourmet_restaurant"
    )
    by_syndication = _record(
        SyndicObjectID="X-1",
        __metadata={"type": "TourInSoft.V5.Syndication.Syndication_CDT41PCU_ab12.SyndicObject"},
        Classification="Musée",
    )
    assert mapped(by_syndication)[0]["type"] == "museum"
    by_name = _record(SyndicObjectID="42", ObjectTypeName="Hôtellerie de plein air")
    assert mapped(by_name)[0]["type"] == "campsite"
    doc, report = mapped(_record(SyndicObjectID="ZZZ1", ObjectTypeName="Bizarre"))
    assert doc["type"] == "place" and report.warnings[0][0] == "ObjectTypeName"


def test_texts_in_several_languages_and_unknown_languages():
    assert rule_for("DescriptionCommercialeGB") == ("text", "short_description", "en")
    assert rule_for("SyndicObjectName_DE") == ("text", "name", "de")
    assert rule_for("CommuneGB") is None  # only texts take a language suffix
    doc, report = mapped(
        _record(
            DescriptionCommerciale="Cuisine du marché",
            DescriptionCommercialeGB="Market cuisine",
            SyndicObjectName_DE="Bei Paul",
            LanguesParlees="Français#Klingon",
            AnimauxAcceptes="Non",
            Gratuit="oui",
        )
    )
    assert doc["short_description"] == {"fr": "Cuisine du marché", "en": "Market cuisine"}
    assert doc["name"] == {"fr": "Chez Paul", "de": "Bei Paul"}
    assert doc["languages"] == ["fr"] and doc["extra"]["LanguesParlees"] == ["Klingon"]
    assert doc["pets_allowed"] is False and doc["pricing"]["free"] is True
    assert report.warnings == [("LanguesParlees", "unknown languages kept raw: Klingon")]


def test_bad_values_are_warnings_naming_the_field():
    doc, report = mapped(
        _record(GmapLatitude="95.2", GmapLongitude="abc", Updated="demain", CodeInsee="ABCDE")
    )
    assert {field for field, _ in report.warnings} == {
        "GmapLatitude",
        "GmapLongitude",
        "Updated",
        "CodeInsee",
    }
    assert "latitude" not in doc.get("location", {})
    assert doc["extra"]["GmapLatitude"] == "95.2" and doc["extra"]["Updated"] == "demain"


@pytest.mark.parametrize(
    ("target", "label", "code"),
    [
        ("classifications", "3 étoiles", "ScaleRating_3etoiles"),
        ("classifications", "1 étoile", "ScaleRating_1etoile"),
        ("classifications", "Palace", "tourinsoft:palace"),
        ("labels", "Accueil Vélo", "LabelRating_AccueilVelo"),
        ("labels", "Vignobles & Découvertes", "LabelRating_VignoblesDecouvertes"),
        ("amenities", "Qualité Tourisme", "tourinsoft:qualite-tourisme"),
        ("amenities", "3 étoiles", "tourinsoft:3-etoiles"),
        ("amenities", "+", ""),
    ],
)
def test_vocabulary_codes(target, label, code):
    assert code_for(target, label) == code


def test_long_labels_and_texts_by_language():
    label = "Accès " * 40
    doc, report = mapped(
        _record(PrestationsServices=label, Descriptif={"FR": "Bon", "GB": "Good", "XX": "?"})
    )
    [code] = doc["amenities"]
    assert len(code) == 100 and code.startswith("tourinsoft:acces-acces")
    assert doc["description"] == {"fr": "Bon", "en": "Good"}
    assert doc["extra"]["Descriptif"] == {"XX": "?"}
    assert report.unknown_keys == ["Descriptif.XX"]


def test_v3_contact_objects():
    doc, report = mapped(
        _record(
            MoyensDeCommunication=[
                {"Type": "Mél", "Valeur": "paul@example.fr"},
                {"Type": "Téléphone", "Valeur": "02 54 00 00 00"},
                {"Type": "Site web", "Valeur": ""},
            ]
        )
    )
    assert [(c["kind"], c["value"]) for c in doc["contacts"]] == [
        ("email", "paul@example.fr"),
        ("phone", "02 54 00 00 00"),
    ]
    assert report.warnings[0][0] == "MoyensDeCommunication[2]"


def test_media_urls_without_scheme():
    assert (
        absolute_url("//cdt28.media.tourinsoft.eu/a.jpg")
        == "https://cdt28.media.tourinsoft.eu/a.jpg"
    )
    assert absolute_url("cdt28.media.tourinsoft.eu/upload/a.jpg") == (
        "http://cdt28.media.tourinsoft.eu/upload/a.jpg"
    )
    assert absolute_url("javascript:alert(1)") == "javascript:alert(1)"  # refused later
    doc, report = mapped(_record(Photos="javascript:alert(1)|x|y#//h.fr/b.png|Titre|Moi|CC0"))
    assert [(m["url"], m.get("licence")) for m in doc["media"]] == [("https://h.fr/b.png", "cc0")]
    assert report.warnings and report.warnings[0][0].startswith("media")


def test_an_unset_map_pin_is_no_location():
    doc, report = mapped(_record(GmapLatitude="0", GmapLongitude="0.0000"))
    assert "latitude" not in doc.get("location", {})
    assert report.warnings == [("GmapLatitude", "coordinates 0, 0 ignored")]


def test_no_name_is_a_mapping_error():
    with pytest.raises(MappingError) as error:
        mapped({"SyndicObjectID": "HOT1", "SyndicObjectName": "  "})
    assert error.value.field == "SyndicObjectName"


def test_the_answer_shapes(tmp_path):
    one = {"SyndicObjectID": "A", "title": "a"}
    for body in ({"d": {"results": [one]}}, {"d": [one]}, {"value": [one]}, [one], one):
        found = list(reader.parse(orjson.dumps(body), "x.json"))
        assert [item.source_id for item in found] == ["A"], body
    [error] = list(reader.parse(b'{"hello": 1}', "x.json"))
    assert isinstance(error, ReadError) and "Tourinsoft" in error.message


# -- property: nothing crashes ---------------------------------------------------------------

_KEYS = [
    *sorted(FIELDS),
    *("PrestationsConforts", "ClassementGuide", "NbChambres", "Photos", "MediaPhotoss"),
    *("MoyenDeComResa", "Classification2", "Truc"),
]
_PIECES = st.sampled_from(
    [
        *("", "#", "|", "$", "01/02/2024", "31/12/2023", "/Date(1546457575113)/", "08:00"),
        *("25h", "Lundi soir", "Jours fériés", "12,5", "-3", "http://x.fr/a.jpg", "Mél"),
        *("Téléphone", "é", "\x00", "2019-01-02T10:00:00", "9" * 30),
    ]
)
_STRINGS = st.lists(_PIECES | st.text(max_size=8), max_size=12).map("".join)
_SUBKEYS = st.sampled_from(["Photo", "Url", "Titre", "Credit", "uri", "x"]) | st.text(max_size=5)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**62), 2**62) | st.floats() | _STRINGS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_SUBKEYS, inner, max_size=4),
    max_leaves=12,
)
_RECORD = st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=6), _JSON, max_size=12)
_ANSWER = st.one_of(
    _RECORD.map(lambda r: {"d": {"results": [r]}}),
    st.lists(_RECORD, max_size=3).map(lambda rs: {"value": rs}),
    st.lists(_RECORD | _JSON, max_size=3),
    _JSON,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=_ANSWER, source_id=st.sampled_from(["HOTCEN1", "FMA2", "", "ZZ", 12]))
def test_the_reader_and_the_mapping_never_crash(answer, source_id):
    """Whatever OData-shaped JSON comes, reading yields items or read errors, and mapping an
    item gives a document, or a MappingError / ValidationError the engine reports by field."""
    if isinstance(answer, dict) and "d" in answer:
        for record in answer["d"]["results"]:
            record.setdefault("SyndicObjectID", source_id)
    connector = TourinsoftConnector()
    for entry in reader.parse(orjson.dumps(answer, option=orjson.OPT_NON_STR_KEYS), "p.json"):
        if isinstance(entry, ReadError):
            assert entry.message
            continue
        assert isinstance(entry, SourceItem) and entry.source_id
        report = RecordReport(entry.source_id)
        try:
            with lenient(report.warn):
                doc, entries = connector.map_detached(entry, report)
        except (MappingError, ValidationError):
            continue
        assert doc.source.id == entry.source_id
        codes = r"tourinsoft:[a-z0-9-]+|ScaleRating_[1-5]etoiles?|LabelRating_[A-Za-z]+"
        assert all(re.fullmatch(codes, e.code) for e in entries)
        assert all(len(e.code) <= 100 for e in entries)  # VocabularyEntry.code


@pytest.mark.parametrize("raw", ["/Date(", "/Date(x)/", "\\/Date(12", "/Date()/"])
def test_a_broken_ms_date_is_no_date(raw):
    """Found by Hypothesis: a value starting "/Date(" that is not one sent parse_date and
    parse_datetime back and forth until the recursion limit."""
    from opensit.connectors.tourinsoft.values import parse_date, parse_datetime

    assert parse_date(raw) is None
    assert parse_datetime(raw) is None
