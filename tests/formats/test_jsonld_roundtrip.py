"""The JSON-LD export read back by our own DATAtourisme connector gives the same documents:
every object of the DATAtourisme 2020 archive and every Apidae sample, exported and re-imported
(the DATAtourisme mapping and the renderer need no database; the Apidae mapping reads
its communes table). Left out of the comparison, by
nature: what identifies the object in this catalog (id, slug), its workflow and ownership
(status, owner, coeditors) and what is never diffused (private, extra, contacts not public,
media whose licence is not open or whose publication has ended): formats.public drops them."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from rdflib import RDF, Graph

from opensit.catalog.document import SourceRef, TourismDocument, lenient
from opensit.connectors.apidae.mapping import ApidaeMapper
from opensit.connectors.apidae.references import References
from opensit.connectors.base import RecordReport, SourceItem
from opensit.connectors.datatourisme import extension, reader
from opensit.connectors.datatourisme.mapping import map_record
from opensit.core.licences import licence_code
from opensit.formats.jsonld import Concepts, render_stream, to_jsonld
from opensit.formats.jsonld_context import (
    OPENSIT,
    OPENSIT_CONTEXT,
    OPENSIT_CONTEXT_PATH,
    OPENSIT_TERMS,
)
from opensit.formats.public import public_form
from tests.formats.test_jsonld import _archive_terms
from tests.missing import unavailable
from tests.strategies import DAYS, LINE, PERIODS, TIMES, WORDS, documents, lang_text

pytestmark = [pytest.mark.shared_data]

TODAY = date(2026, 12, 4)
NOT_EXPORTED = frozenset({"id", "slug", "owner", "status", "coeditors", "private", "extra"})
"""Fields an export leaves out by nature (see the module docstring and docs/formats.md)."""
STATIC = Path(__file__).resolve().parents[2] / "src" / "opensit" / "formats" / "static"
LOCHES = "objects/0/00/15-003eb63b-ee8e-316f-b93f-6d58439158e6.json"


def canonical(form: dict[str, Any]) -> dict[str, Any]:
    """A public form in the catalog's model: licences as codes, the fields it derives out."""
    out = {k: v for k, v in form.items() if k not in ("type_path", "available_aspects")}
    out["licence"] = licence_code(form["licence"])
    out["media"] = [{**m, "licence": licence_code(m["licence"])} for m in form["media"]]
    if "aspects" in form:
        out["aspects"] = {
            code: {**a, "media": [{**m, "licence": licence_code(m["licence"])} for m in a["media"]]}
            if "media" in a
            else a
            for code, a in form["aspects"].items()
        }
    return out


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document as an export can carry it, normalised by the model."""
    public = canonical(public_form(document, TODAY))
    full = TourismDocument.model_validate(public).to_json()
    return {key: value for key, value in full.items() if key not in NOT_EXPORTED}


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            d
            for key in sorted(set(a) | set(b))
            for d in differences(a.get(key), b.get(key), f"{path}.{key}")
        ]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"[:300]]


def round_trip(
    document: TourismDocument, concepts: Concepts
) -> tuple[TourismDocument, RecordReport]:
    """Export one document, read the JSON back as a file would be, map it again."""
    node = orjson.loads(orjson.dumps(to_jsonld(document.to_json(), concepts, TODAY)))
    report = RecordReport(node["@id"])
    with lenient(report.warn):
        again, _ = map_record(node, report)
    return again, report


def datatourisme_documents(archive: Path) -> Iterator[tuple[str, TourismDocument]]:
    for item in reader.read(archive):
        assert isinstance(item, SourceItem), item
        report = RecordReport(item.source_id)
        with lenient(report.warn):
            document, _ = map_record(item.payload, report)
        yield item.source_id, document


def apidae_documents(folder: Path) -> Iterator[tuple[str, TourismDocument]]:
    mapper = ApidaeMapper(References())
    for path in sorted(folder.glob("*.json")):
        for obj in orjson.loads(path.read_bytes()).get("objetsTouristiques", []):
            report = RecordReport(str(obj["id"]))
            with lenient(report.warn):
                yield f"{path.name}#{obj['id']}", mapper.map(obj, report)


@pytest.fixture(scope="module")
def archive() -> Path:
    from tests.conftest import SHARED_DATA

    path = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020"
    if not path.is_dir():
        unavailable(f"DATAtourisme archive not found at {path} (clone ../shared beside)")
    return path


@pytest.fixture(scope="module")
def apidae_folder() -> Path:
    from tests.conftest import SHARED_DATA

    path = SHARED_DATA / "apidae"
    if not path.is_dir():
        unavailable(f"Apidae samples not found at {path} (clone ../shared beside)")
    return path


def _check(
    documents: Iterator[tuple[str, TourismDocument]], concepts: Concepts | None = None
) -> tuple[int, list[str], dict]:
    concepts = concepts or Concepts({})
    count, failures, back = 0, [], {}
    for name, document in documents:
        count += 1
        again, report = round_trip(document, concepts)
        diff = differences(comparable(document.to_json()), comparable(again.to_json()))
        failures.extend(f"{name} {d}" for d in diff)
        if report.unknown_keys:
            failures.append(f"{name}: unknown keys read back {report.unknown_keys}")
        back[name] = again
    return count, failures, back


def test_every_datatourisme_object_round_trips(archive):
    count, failures, back = _check(datatourisme_documents(archive))
    assert count == 2550
    assert failures[:20] == []
    published = [d for d in back.values() if d.source and d.source.publisher]
    assert {d.source.publisher for d in published} >= {"SIT Centre-Val de Loire"}
    assert all(d.source.system == "datatourisme" and d.source.updated_at for d in back.values())


@pytest.mark.django_db  # the Apidae mapping looks communes up
def test_every_apidae_object_round_trips(apidae_folder):
    count, failures, back = _check(apidae_documents(apidae_folder))
    assert count >= 100
    assert failures[:20] == []
    documents = list(back.values())
    assert all(d.source.system == "apidae" for d in documents)
    assert any(d.location.altitude for d in documents)
    assert any(d.links for d in documents)
    assert any(p.label or p.unit for d in documents for p in d.pricing.prices)


@pytest.mark.django_db  # the Apidae mapping looks communes up
def test_a_rendered_file_reads_back_through_the_reader(apidae_folder, tmp_path):
    documents = dict(apidae_documents(apidae_folder))
    path = tmp_path / "export.jsonld"
    path.write_bytes(
        b"".join(
            render_stream([d.to_json() for d in documents.values()], vocabulary={}, today=TODAY)
        )
    )
    again = []
    for item in reader.read(path):
        assert isinstance(item, SourceItem), item
        report = RecordReport(item.source_id)
        with lenient(report.warn):
            again.append(map_record(item.payload, report)[0])
    assert [comparable(d.to_json()) for d in again] == [
        comparable(d.to_json()) for d in documents.values()
    ]


def test_a_flux_record_is_left_to_the_mapping(archive):
    payload = orjson.loads((archive / LOCHES).read_bytes())
    assert extension.terms(payload) is None


def _known_terms(archive: Path) -> set[str]:
    """The ontology's terms, the schema.org, ebucore, foaf, dc and rdfs terms the national flux
    itself uses, RDF's list terms, and the published opensit: terms."""
    ontology = Graph().parse(archive / "ontology.owl", format="json-ld")
    flux = orjson.loads((archive / "context.jsonld").read_bytes())
    flux = flux.get("@context", flux)
    prefixes = {k: v for k, v in flux.items() if isinstance(v, str)}
    properties, _classes = _archive_terms(prefixes)
    known = {str(s) for s in ontology.subjects()} | properties
    known |= {str(RDF.type), str(RDF.first), str(RDF.rest)}
    return known | {OPENSIT + name.removeprefix("opensit:") for name in OPENSIT_TERMS}


@pytest.mark.django_db  # the Apidae mapping looks communes up
def test_the_export_is_json_ld_of_known_terms(archive, apidae_folder):
    documents = [d for _, d in apidae_documents(apidae_folder)]
    documents += [d for n, (_, d) in enumerate(datatourisme_documents(archive)) if n % 10 == 0]
    body = b"".join(render_stream([d.to_json() for d in documents], vocabulary={}, today=TODAY))
    graph = Graph().parse(data=body.decode(), format="json-ld")
    assert len(graph) > 50_000
    known = _known_terms(archive)
    predicates = {str(p) for p in graph.predicates()}
    assert predicates - known == set()
    used = {p for p in predicates if p.startswith(OPENSIT)}
    assert {OPENSIT + "aspect", OPENSIT + "source", OPENSIT + "period"} <= used


def test_the_published_context_is_the_shipped_file():
    shipped = orjson.loads((STATIC / OPENSIT_CONTEXT_PATH).read_bytes())
    assert shipped == OPENSIT_CONTEXT
    assert shipped["@context"]["opensit"] == OPENSIT == "https://opensit.org/ns/v1#"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_round_trips(document):
    """Every part of the schema, with values the samples do not hold (several time ranges,
    source-only codes, mobile and social contacts, media sizes, link labels)."""
    stored = TourismDocument.model_validate(document)
    stored.source = SourceRef(system="apidae", id="1234")
    again, report = round_trip(stored, Concepts({}))
    assert differences(comparable(stored.to_json()), comparable(again.to_json())) == []
    assert report.unknown_keys == []


PRICE_DETAILS = st.fixed_dictionaries(
    {},
    optional={
        "policy": st.sampled_from(["Free", "FullPrice", "apidae:1449"]),
        "audiences": st.lists(st.sampled_from(["Children", "Groups", "apidae:71"]), unique=True),
        "offer": st.sampled_from(["Package", "apidae:5231"]),
        "max": st.integers(600, 900).map(float),
        "further_units": st.lists(st.sampled_from(["per night", "PerPerson"]), max_size=2),
        "season": lang_text(),
        "period_end": st.just("2040-12-31"),
        "further_periods": st.lists(
            st.fixed_dictionaries({}, optional={"start": DAYS}), max_size=2
        ),
        "conditions": lang_text(),
    },
)
CLOSURES = st.one_of(
    st.fixed_dictionaries({"date": DAYS}, optional={"reason": lang_text()}),
    st.fixed_dictionaries({"holiday": st.sampled_from(["jan-1", "easter-monday", "dec-25"])}),
)
OPENINGS = st.fixed_dictionaries(
    {"periods": st.lists(PERIODS, max_size=2)},
    optional={"closures": st.lists(CLOSURES, max_size=2), "summary": lang_text()},
)
OCCURRENCES = st.fixed_dictionaries(
    {"start_date": st.just("2030-05-01")},
    optional={"end_date": DAYS.filter(lambda d: d >= "2030-05-01"), "start_time": TIMES},
)
RECURRENCES = st.fixed_dictionaries(
    {"start_date": st.just("2030-06-01"), "rrule": st.just("FREQ=WEEKLY;BYDAY=SA;COUNT=5")},
    optional={"exdates": st.just(["2030-06-08"]), "end_time": TIMES},
)


@st.composite
def rich_documents(draw: Any) -> dict[str, Any]:
    """`documents()` with the parts it leaves out: aspects, closures and exceptional openings,
    event dates, price details, capacity, codes of every list, source, dates and place."""
    doc = draw(documents())
    for part in ("pricing", "opening", "booking", "location"):
        doc.setdefault(part, {})
    for price in doc["pricing"].get("prices", []):
        price.update(draw(PRICE_DETAILS))
    for period in doc["opening"].get("periods", []):
        period["exceptional"] = draw(st.booleans()) and not period.get("closed")
    doc["opening"] |= draw(OPENINGS.map(lambda o: {k: v for k, v in o.items() if k != "periods"}))
    if draw(st.booleans()):
        doc["event"] = {
            "occurrences": draw(st.lists(OCCURRENCES, max_size=2)),
            "recurrences": draw(st.lists(RECURRENCES, max_size=1)),
        }
    doc["pricing"] |= draw(
        st.fixed_dictionaries({}, optional={"free": st.booleans(), "summary": lang_text()})
    )
    doc["capacity"] = draw(
        st.dictionaries(
            st.sampled_from(["rooms", "beds", "pitches", "persons", "units", "seats"]),
            st.integers(0, 500),
        )
    )
    codes = st.lists(st.sampled_from(["Wifi", "apidae:42", "LabelRating_X"]), unique=True)
    for field in ("themes", "labels", "classifications", "accessibility"):
        doc[field] = draw(codes)
    doc["accessibility"] += draw(st.sampled_from([[], ["ReducedMobilityAccess"]]))
    doc["booking"] |= draw(
        st.fixed_dictionaries({}, optional={"phone": WORDS, "organisation": WORDS})
    )
    doc["aspects"] = draw(
        st.dictionaries(
            st.sampled_from(["winter", "groups", "accessibility"]),
            st.fixed_dictionaries(
                {},
                optional={
                    "short_description": lang_text(),
                    "practical_info": lang_text(),
                    "opening": OPENINGS,
                    "prices": st.lists(PRICE_DETAILS, max_size=2),
                    "media": st.just([{"kind": "image", "url": "https://img.exemple.fr/a.jpg",
                                       "licence": "cc-by-4.0", "mime_type": "image/webp"}]),
                },
            ),
            max_size=2,
        )
    )  # fmt: skip
    doc["location"] |= draw(
        st.fixed_dictionaries(
            {},
            optional={
                "altitude": st.integers(-10, 4800).map(float),
                "place_name": lang_text(),
                "country": st.just("BE"),
                "geometry": st.just({"type": "LineString", "coordinates": [[1.5, 47], [1.6, 47]]}),
            },
        )
    )
    doc["source"] = {
        "system": draw(st.sampled_from(["apidae", "tourinsoft", "datatourisme"])),
        "id": draw(LINE),
        "updated_at": "2026-11-30T08:15:42.125000Z",
        "publisher": draw(st.sampled_from(["", "Office de tourisme Amboise"])),
    }
    doc["created_at"], doc["updated_at"] = "2019-03-02T10:00:00Z", "2026-12-01T09:30:00Z"
    try:
        return TourismDocument.model_validate(doc).to_json()
    except ValidationError:
        reject()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_documents())
def test_any_rich_document_round_trips(document):
    stored = TourismDocument.model_validate(document)
    again, report = round_trip(stored, Concepts({}))
    assert differences(comparable(stored.to_json()), comparable(again.to_json())) == []
    assert report.unknown_keys == []


def test_unreadable_opensit_terms_keep_the_datatourisme_reading(archive):
    """A hand-edited export: each bad term is a warning naming it, the record is mapped."""
    payload = orjson.loads((archive / LOCHES).read_bytes())
    report = RecordReport("flux")
    with lenient(report.warn):
        document, _ = map_record(payload, report)
    node = orjson.loads(orjson.dumps(to_jsonld(document.to_json(), Concepts({}), TODAY)))
    node["isLocatedAt"][0]["opensit:altitude"] = "très haut"
    node["opensit:aspect"] = [{"opensit:aspectName": "autumn"}]
    report = RecordReport(node["@id"])
    with lenient(report.warn):
        again, _ = map_record(node, report)
    fields = [field for field, _ in report.warnings]
    assert "isLocatedAt" in fields and "aspects" in fields
    assert again.name == document.name
    assert again.location.altitude is None and again.aspects == {}
    assert again.source and again.source.id == document.source.id


def test_the_context_document_is_a_static_file():
    from django.contrib.staticfiles import finders

    found = finders.find(OPENSIT_CONTEXT_PATH)
    assert found and orjson.loads(Path(found).read_bytes()) == OPENSIT_CONTEXT


@pytest.mark.django_db
def test_round_trip_with_the_catalog_vocabulary(archive, apidae_folder):
    """As `opensit export` renders: codes through the stored vocabulary, where an entry's
    DATAtourisme individual may differ from its code (an Apidae code mapped to a kb one)."""
    from opensit.catalog.vocabularies import upsert_entries
    from opensit.formats.vocabulary import load_vocabulary

    entries, documents = [], []
    for item in reader.read(archive):
        report = RecordReport(item.source_id)
        with lenient(report.warn):
            document, met = map_record(item.payload, report)
        entries.extend(met)
        documents.append((item.source_id, document))
    references = References()
    mapper = ApidaeMapper(references)
    for path in sorted(apidae_folder.glob("*.json")):
        for obj in orjson.loads(path.read_bytes()).get("objetsTouristiques", []):
            report = RecordReport(str(obj["id"]))
            with lenient(report.warn):
                documents.append((str(obj["id"]), mapper.map(obj, report)))
    entries.extend(references.pending())
    upsert_entries(entries)
    vocabulary = load_vocabulary()
    assert len(vocabulary) > 500
    count, failures, _ = _check(iter(documents), Concepts(vocabulary))
    assert count > 2600
    assert failures[:20] == []
