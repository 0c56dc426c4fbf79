"""The sniffer names the format of every real sample, and `opensit import` refuses a sample
given to another connector (exit 2, nothing written) instead of failing record by record."""

import zipfile
from io import StringIO
from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.catalog.models import TourismObject
from opensit.connectors import sniff
from opensit.connectors.models import ImportRun, SourceRecord
from opensit.connectors.registry import CONNECTORS
from tests.factories import rich_document

ARCHIVE = "datatourisme/centre-val-de-loire-2020"
#: Every real sample (relative to ../shared/data) and the format it is.
SAMPLES = {
    "apidae/apidae-api-v002-commerce-2018.json": sniff.APIDAE,
    "apidae/apidae-api-v002-commerce-2022.json": sniff.APIDAE,
    "apidae/apidae-api-v002-empty.json": sniff.APIDAE,
    "apidae/apidae-api-v002-event-2022.json": sniff.APIDAE,
    "apidae/apidae-api-v002-trek-trimmed.json": sniff.APIDAE,
    "apidae/sitra-api-v002-commerce-2014.json": sniff.APIDAE,
    "apidae/sitra-api-v002-multilang-2014.json": sniff.APIDAE,
    ARCHIVE: sniff.DATATOURISME,
    f"{ARCHIVE}/index.json": sniff.DATATOURISME,
    f"{ARCHIVE}/context.jsonld": sniff.DATATOURISME,
    f"{ARCHIVE}/objects/0/00/15-003eb63b-ee8e-316f-b93f-6d58439158e6.json": sniff.DATATOURISME,
    f"{ARCHIVE}/objects": sniff.DATATOURISME,
    "tourinsoft/tourinsoft-v2-hotel.json": sniff.TOURINSOFT,
    "tourinsoft/tourinsoft-v2-event.json": sniff.TOURINSOFT,
    "lei/lei-products.xml": sniff.LEI,
    "lei/lei-event.xml": sniff.LEI,
    "tourinfrance/tif-v3-aveyron-collective-accommodation.xml": sniff.TOURINFRANCE,
}


@pytest.fixture
def data(shared_data: Path) -> Path:
    return shared_data


@pytest.mark.parametrize(("sample", "expected"), SAMPLES.items(), ids=list(SAMPLES))
def test_every_real_sample_is_recognised(data, sample, expected):
    assert sniff.sniff(data / sample) == expected


def test_every_sample_of_the_shared_folder_is_covered(data):
    """A sample added to ../shared/data is added here too (or to the unrecognised traces)."""
    files = {
        p.relative_to(data).as_posix()
        for p in data.glob("*/*")
        if p.is_file() and p.parent.name != "traces"
    }
    assert files <= set(SAMPLES)


@pytest.mark.parametrize(("sample", "expected"), SAMPLES.items(), ids=list(SAMPLES))
def test_the_first_kilobytes_are_enough(data, sample, expected):
    """A source too large to parse is told from its beginning (cut mid-record)."""
    path = data / sample
    if path.is_dir():
        return
    head = path.read_bytes()[:1500]
    assert sniff.sniff_bytes(head, complete=False) == expected


def test_files_too_large_to_parse_are_told_from_their_head(data, monkeypatch):
    """Past FULL_PARSE bytes only the head is read (here with limits a thousand times lower)."""
    monkeypatch.setattr(sniff, "FULL_PARSE", 8192)
    monkeypatch.setattr(sniff, "HEAD", 2048)
    assert sniff.sniff(data / "apidae/sitra-api-v002-multilang-2014.json") == sniff.APIDAE
    assert sniff.sniff(data / ARCHIVE / "index.json") == sniff.DATATOURISME
    assert sniff.sniff(data / ARCHIVE / "ontology.owl") == sniff.DATATOURISME


@pytest.mark.parametrize("trace", ["traces/trek.gpx", "traces/trek.kml"])
def test_trail_traces_are_no_source_format(data, trace):
    assert sniff.sniff(data / trace) is None


def test_canonical_json_lines_are_recognised(tmp_path):
    lines = [
        orjson.dumps({"id": f"OS-{i}", **rich_document("museum", f"Musée {i}")}) for i in (1, 2)
    ]
    path = tmp_path / "catalog.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert sniff.sniff(path) == sniff.JSONL
    # a head cut in the middle of a line still reads as JSON Lines
    assert sniff.sniff_bytes(path.read_bytes()[:-20], complete=False) == sniff.JSONL


def test_archives_are_recognised_by_their_layout(data, tmp_path):
    """A DATAtourisme flux zipped, and an Apidae export zip (objets_modifies/)."""
    archive = data / ARCHIVE
    flux = tmp_path / "flux.zip"
    with zipfile.ZipFile(flux, "w") as out:
        out.write(archive / "index.json", "index.json")
        for path in sorted((archive / "objects" / "0").rglob("*.json"))[:3]:
            out.write(path, path.relative_to(archive).as_posix())
    assert sniff.sniff(flux) == sniff.DATATOURISME

    response = orjson.loads((data / "apidae/apidae-api-v002-event-2022.json").read_bytes())
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as out:
        for obj in response["objetsTouristiques"]:
            out.writestr(f"objets_modifies/objets_modifies-{obj['id']}.json", orjson.dumps(obj))
    assert sniff.sniff(export) == sniff.APIDAE
    folder = tmp_path / "unpacked"
    (folder / "objets_modifies").mkdir(parents=True)
    assert sniff.sniff(folder) == sniff.APIDAE


def test_a_tourinsoft_odata_v4_answer_is_recognised():
    body = {"@odata.context": "x", "value": [{"SyndicObjectID": "HOTCEN028", "Nom": "Hôtel"}]}
    assert sniff.sniff_bytes(orjson.dumps(body)) == sniff.TOURINSOFT


@pytest.mark.django_db
@pytest.mark.parametrize(("sample", "found"), SAMPLES.items(), ids=list(SAMPLES))
def test_a_sample_given_to_another_connector_is_refused(data, sample, found):
    """`opensit import apidae <DATAtourisme file>`: one clear message, exit 2, no run, no
    object, no payload written; for every registered connector that is not the sample's."""
    others = [name for name in sorted(CONNECTORS) if sniff.format_of(name) != found]
    assert others
    for connector in others:
        with pytest.raises(CommandError) as refusal:
            call_command(
                "import", connector, str(data / sample), "--no-progress", stdout=StringIO()
            )
        assert refusal.value.returncode == 2
        expected = sniff.label(sniff.format_of(connector))
        assert str(refusal.value).startswith(
            f"This looks like a {sniff.label(found)} file, not {expected}: nothing imported."
        )
        if sniff.connector_for(found, CONNECTORS):
            assert f"opensit import {sniff.connector_for(found, CONNECTORS)}" in str(refusal.value)
    assert not ImportRun.objects.exists()
    assert not TourismObject.objects.exists() and not SourceRecord.objects.exists()


@pytest.mark.django_db
def test_the_refusal_in_french_and_force_overrides_it(data):
    hotel = data / "tourinsoft/tourinsoft-v2-hotel.json"
    with (
        override("fr"),
        pytest.raises(CommandError, match=r"^Ceci ressemble à un fichier Tourinsoft, pas Apidae"),
    ):
        call_command("import", "apidae", str(hotel), "--no-progress", stdout=StringIO())
    # --force: the Apidae reader gets the file and says what it cannot read (exit 1)
    with pytest.raises(CommandError, match="record failed") as failure:
        call_command("import", "apidae", str(hotel), "--force", "--no-progress", stdout=StringIO())
    assert failure.value.returncode == 1
    assert ImportRun.objects.get().failed == 1


def test_the_connector_names_and_aliases():
    assert sniff.format_of("apidae") == sniff.APIDAE
    assert sniff.format_of("tif") == sniff.TOURINFRANCE
    assert sniff.format_of("geotrek") is None  # unknown to the sniffer: never refused
    assert sniff.connector_for(sniff.DATATOURISME, CONNECTORS) == "datatourisme"
    assert sniff.connector_for(sniff.LEI, ["apidae"]) is None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"{", b"[", b"<", b"\xef\xbb\xbf{", b'{"d":', b"<?xml ", b"\n"]),
    body=st.binary(max_size=2000),
    complete=st.booleans(),
)
def test_the_sniffer_never_crashes_on_arbitrary_bytes(prefix, body, complete):
    assert sniff.sniff_bytes(prefix + body, complete=complete) in {None, *sniff.LABELS}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(["d", "results", "value", "@id", "@type", "@graph", "@context"])
                | st.text(max_size=8),
                inner,
                max_size=4,
            )
        ),
        max_leaves=20,
    )
)
def test_the_sniffer_never_crashes_on_arbitrary_json(value):
    data = orjson.dumps(value)
    assert sniff.sniff_bytes(data) in {None, *sniff.LABELS}
    assert sniff.classify(value) in {None, *sniff.LABELS}


def test_unreadable_paths_are_unknown(tmp_path):
    assert sniff.sniff(tmp_path / "missing.json") is None
    assert sniff.sniff(tmp_path) is None  # an empty folder
    assert sniff.describe(tmp_path) == []
