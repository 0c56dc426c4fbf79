"""Property tests of the two XML readers and mappings (LEI, TourinFrance): on arbitrary bytes,
on arbitrary well-formed XML and on records with arbitrary values, reading never crashes
(each entry is a record or a ReadError) and mapping raises nothing but the errors the engine
turns into issues."""

import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from opensit.catalog.document import lenient
from opensit.connectors.base import MappingError, ReadError, RecordReport, SourceItem
from opensit.connectors.engine import ImportEngine
from opensit.connectors.lei import LeiConnector
from opensit.connectors.lei import reader as lei_reader
from opensit.connectors.lei.mapping import map_record as map_lei
from opensit.connectors.models import ImportRun
from opensit.connectors.tourinfrance import TourinFranceConnector
from opensit.connectors.tourinfrance import read as read_tif
from opensit.connectors.tourinfrance.mapping import map_record as map_tif
from opensit.connectors.xmlread import clock, day, number

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TAGS = st.sampled_from(
    ["LEI", "Resultat", "sit_liste", "PRODUIT", "NOM", "CRITERES", "Crit", "HORAIRES",
     "Horaire", "NOMENCLATURE", "CRIT", "MODAL", "listeOI", "OIs", "OI", "DublinCore",
     "identifier", "title", "Tarifs", "DetailTarif", "x"]
)  # fmt: skip
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


def _element(depth: int = 3) -> st.SearchStrategy[str]:
    leaf = st.builds(lambda t, v: f"<{t}>{escape(v)}</{t}>", TAGS, TEXT)
    if depth == 0:
        return leaf
    return st.one_of(
        leaf,
        st.builds(
            lambda t, subs: f"<{t}>{''.join(subs)}</{t}>",
            TAGS,
            st.lists(_element(depth - 1), max_size=4),
        ),
    )


def _entries(data: bytes, read) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.xml"
        path.write_bytes(data)
        return list(read(path))


def _map_all(entries: list, mapper) -> None:
    for entry in entries:
        assert isinstance(entry, (SourceItem, ReadError))
        if isinstance(entry, SourceItem):
            report = RecordReport(entry.source_id)
            try:
                with lenient(report.warn):
                    mapper(entry.payload, report)
            except (MappingError, ValidationError):
                pass


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_the_readers(data):
    for read in (lei_reader.read, read_tif):
        for entry in _entries(data, read):
            assert isinstance(entry, (SourceItem, ReadError))


@SETTINGS
@given(_element(4))
def test_arbitrary_xml_never_crashes_reading_nor_mapping(xml):
    data = xml.encode()
    _map_all(_entries(data, lei_reader.read), map_lei)
    _map_all(_entries(data, read_tif), map_tif)


@SETTINGS
@given(name=TEXT, lat=TEXT, lon=TEXT, insee=TEXT, start=TEXT, hour=TEXT, crit=TEXT, price=TEXT)
def test_lei_products_with_arbitrary_values(name, lat, lon, insee, start, hour, crit, price):
    xml = (
        f"<LEI><Resultat><sit_liste><PRODUIT>1</PRODUIT><NOM>{escape(name)}</NOM>"
        f"<TYPE_NOM>Fête</TYPE_NOM><PERIODE_DU>{escape(start)}</PERIODE_DU>"
        f"<LATITUDE>{escape(lat)}</LATITUDE><LONGITUDE>{escape(lon)}</LONGITUDE>"
        f"<INSEE>{escape(insee)}</INSEE><CRITERES>"
        f'<Crit CLEF_CRITERE="9" CLEF_MODA="91">{escape(crit)}</Crit>'
        f'<Crit CLEF_CRITERE="8" CLEF_MODA="81">{escape(price)}</Crit></CRITERES>'
        f"<HORAIRES><Horaire><DATE_DEBUT>{escape(start)}</DATE_DEBUT><HEURES><Heure>"
        f"<HEURE_DEBUT>{escape(hour)}</HEURE_DEBUT><LUNDI>O</LUNDI></Heure></HEURES>"
        f"<DATE_FIN>{escape(start)}</DATE_FIN></Horaire></HORAIRES></sit_liste>"
        f'<NOMENCLATURE><CRIT CLEF="9"><NOMCRIT>Photos</NOMCRIT></CRIT>'
        f'<CRIT CLEF="8"><NOMCRIT>Tarifs</NOMCRIT><MODAL CLEF="81">Adulte</MODAL></CRIT>'
        f"</NOMENCLATURE></Resultat></LEI>"
    )
    entries = _entries(xml.encode(), lei_reader.read)
    assert len(entries) == 1
    _map_all(entries, map_lei)


@SETTINGS
@given(title=TEXT, lat=TEXT, commune=TEXT, low=TEXT, high=TEXT, start=TEXT, capacity=TEXT)
def test_tourinfrance_objects_with_arbitrary_values(
    title, lat, commune, low, high, start, capacity
):
    xml = (
        '<listeOI><OIs><OI xmlns:dc="http://purl.org/dc/elements/1.1/"><DublinCore>'
        f'<dc:title xml:lang="FR">{escape(title)}</dc:title><dc:identifier>T1</dc:identifier>'
        '<Classification code="02.01.14">Hébergement collectif</Classification></DublinCore>'
        '<Contacts><DetailContact libelle="Etab/Lieu/Structure"><Adresses><DetailAdresse>'
        f'<Commune code="{escape(commune, {chr(34): "&quot;"})}">X</Commune>'
        "</DetailAdresse></Adresses></DetailContact></Contacts>"
        "<Geolocalisations><DetailGeolocalisation><Zone><Points><DetailPoint><Coordonnees>"
        f"<DetailCoordonnees><Latitude>{escape(lat)}</Latitude><Longitude>2</Longitude>"
        "</DetailCoordonnees></Coordonnees></DetailPoint></Points></Zone>"
        "</DetailGeolocalisation></Geolocalisations>"
        f"<Periodes><DetailPeriode><Dates><DetailDates><DateDebut>{escape(start)}</DateDebut>"
        "<DateFin>2014-01-01</DateFin></DetailDates></Dates></DetailPeriode></Periodes>"
        f"<Tarifs><DetailTarifs><DetailTarif><Nom>x</Nom><TarifMin>{escape(low)}</TarifMin>"
        f"<TarifMax>{escape(high)}</TarifMax></DetailTarif></DetailTarifs></Tarifs>"
        '<Capacites><CapacitesGlobales><Capacite libelle="Personne">'
        f"{escape(capacity)}</Capacite></CapacitesGlobales></Capacites>"
        "</OI></OIs></listeOI>"
    )
    entries = _entries(xml.encode(), read_tif)
    assert len(entries) == 1
    _map_all(entries, map_tif)


@given(TEXT)
def test_value_parsers_never_crash(raw):
    number(raw)
    day(raw)
    clock(raw)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_decimal_comma_numbers(value):
    written = f"{value:.4f}"
    assert number(written.replace(".", ",")) == float(written)


def test_reading_streams_in_constant_memory(tmp_path):
    """20,000 products (about 4 MB of XML) are read with a peak far below the file's size:
    each record is dropped from the tree once read."""
    import tracemalloc

    record = (
        "<sit_liste><PRODUIT>{n}</PRODUIT><NOM><![CDATA[Produit {n}]]></NOM>"
        "<TYPE_NOM>Restauration</TYPE_NOM><LATITUDE>49,03</LATITUDE><LONGITUDE>7,71</LONGITUDE>"
        '<CRITERES><Crit CLEF_CRITERE="1" CLEF_MODA="2">{n}</Crit></CRITERES></sit_liste>\n'
    )
    path = tmp_path / "big.xml"
    with path.open("w") as out:
        out.write("<LEI><Resultat>")
        for n in range(20_000):
            out.write(record.format(n=n))
        out.write("</Resultat></LEI>")
    size = path.stat().st_size
    tracemalloc.start()
    count = sum(1 for entry in lei_reader.read(path) if isinstance(entry, SourceItem))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 20_000
    assert size > 4_000_000 and peak < size / 4


ATTR = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=150)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(product=ATTR, name=TEXT, moda=ATTR, value=ATTR, kind=TEXT, tif_type=ATTR, title=ATTR)
def test_the_engine_never_fails_a_whole_run(product, name, moda, value, kind, tif_type, title):
    """Arbitrary ids, names, keys and values through the engine and the database: a record
    may fail, never the run (a database error ends a run on PostgreSQL)."""
    quote = {'"': "&quot;"}
    lei = (
        f"<LEI><Resultat><sit_liste><PRODUIT>{escape(product)}</PRODUIT>"
        f"<NOM>{escape(name)}</NOM><TYPE_NOM>{escape(kind)}</TYPE_NOM><CRITERES>"
        f'<Crit CLEF_CRITERE="1" CLEF_MODA="{escape(moda, quote)}">{escape(value)}</Crit>'
        f'</CRITERES></sit_liste></Resultat><NOMENCLATURE><CRIT CLEF="1">'
        f'<NOMCRIT>Equipements</NOMCRIT><MODAL CLEF="{escape(moda, quote)}">{escape(value)}'
        f"</MODAL></CRIT></NOMENCLATURE></LEI>"
    )
    tif = (
        '<listeOI><OIs><OI xmlns:dc="http://purl.org/dc/elements/1.1/"><DublinCore>'
        f"<dc:title>{escape(title)}</dc:title><dc:identifier>{escape(product)}</dc:identifier>"
        f'<Classification code="x">{escape(kind)}</Classification></DublinCore>'
        '<OffresPrestations><DetailOffrePrestation libelle="Equipements"><DetailPrestation>'
        f'<Prestation type="{escape(tif_type, quote)}">{escape(value)}</Prestation>'
        "</DetailPrestation></DetailOffrePrestation></OffresPrestations></OI></OIs></listeOI>"
    )
    with tempfile.TemporaryDirectory() as folder:
        for connector, xml in ((LeiConnector(), lei), (TourinFranceConnector(), tif)):
            path = Path(folder) / "feed.xml"
            path.write_text(xml, encoding="utf-8")
            run = ImportEngine(connector).run(path)
            assert run.status != ImportRun.Status.FAILED, list(run.issues.values("message"))
