"""JSON-LD: parsed with rdflib; every class and property exists in the DATAtourisme ontology
(or is a schema.org / rdfs / dc / ebucore / foaf term the real national flux itself uses), and
the output reads the same under the real DATAtourisme flux context."""

import io
from pathlib import Path

import orjson
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from opensit.catalog.types import TYPES, datatourisme_classes
from opensit.formats.export import write_export
from opensit.formats.jsonld import NOT_IN_ONTOLOGY, classes_of, render_stream
from opensit.formats.jsonld_context import OPENSIT, OPENSIT_TERMS
from tests.conftest import SHARED_DATA
from tests.formats.conftest import LEAKS
from tests.missing import unavailable

ARCHIVE = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020"
CORE = Namespace("https://www.datatourisme.gouv.fr/ontology/core#")
SCHEMA = Namespace("http://schema.org/")
KB = Namespace("https://www.datatourisme.gouv.fr/resource/core#")
LOCHES_EVENT = "objects/0/00/15-003eb63b-ee8e-316f-b93f-6d58439158e6.json"


def _expand(term: str, prefixes: dict[str, str]) -> str:
    if ":" in term:
        prefix, local = term.split(":", 1)
        return prefixes.get(prefix, prefix + ":") + local
    return prefixes["@vocab"] + term


def _archive_terms(prefixes: dict[str, str]) -> tuple[set[str], set[str]]:
    """Properties and classes the real flux archive uses, as full IRIs."""
    properties: set[str] = set()
    classes: set[str] = set()

    def walk(value, in_lang_map=False):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "@type":
                    classes.update(_expand(t, prefixes) for t in item)
                elif not key.startswith("@") and not (in_lang_map and len(key) == 2):
                    properties.add(_expand(key, prefixes))
                    walk(item, isinstance(item, dict) and all(len(k) == 2 for k in item))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in (ARCHIVE / "objects").rglob("*.json"):
        walk(orjson.loads(path.read_bytes()))
    return properties, classes


@pytest.fixture(scope="module")
def vocabulary_terms():
    """(known properties, known classes, the real flux context)."""
    if not ARCHIVE.is_dir():
        unavailable(f"DATAtourisme archive not found at {ARCHIVE} (clone ../shared beside)")
    ontology = Graph().parse(ARCHIVE / "ontology.owl", format="json-ld")
    core = {str(s) for s in ontology.subjects() if str(s).startswith(str(CORE))}
    context = orjson.loads((ARCHIVE / "context.jsonld").read_bytes())
    context = context.get("@context", context)
    prefixes = {k: v for k, v in context.items() if isinstance(v, str)}
    properties, classes = _archive_terms(prefixes)
    known = core | {str(RDF.type)}
    # and the terms of the published OpenSIT context, for what the ontology cannot say
    known |= {OPENSIT + name.removeprefix("opensit:") for name in OPENSIT_TERMS}
    return known | properties, known | classes, context


def _graph(body: bytes) -> Graph:
    return Graph().parse(data=body.decode(), format="json-ld")


def _unknown_terms(graph: Graph, properties: set[str], classes: set[str]) -> set[str]:
    unknown = {str(p) for p in graph.predicates() if str(p) not in properties}
    unknown |= {f"class {o}" for o in graph.objects(None, RDF.type) if str(o) not in classes}
    return unknown


@pytest.mark.django_db
def test_every_term_exists_in_the_ontology(catalog, vocabulary_terms):
    properties, classes, _context = vocabulary_terms
    out = io.BytesIO()
    write_export("jsonld", out)
    graph = _graph(out.getvalue())
    assert len(graph) > 150
    assert _unknown_terms(graph, properties, classes) == set()


def test_every_type_maps_to_ontology_classes(vocabulary_terms):
    _properties, classes, _context = vocabulary_terms
    for code in TYPES:
        exported = classes_of({"type": code})
        assert "PointOfInterest" in exported
        for cls in exported:
            assert str(CORE[cls]) in classes, f"type {code}: class {cls} not in the ontology"
    missing = {
        c for code in TYPES for c in datatourisme_classes(code) if str(CORE[c]) not in classes
    }
    assert missing == NOT_IN_ONTOLOGY  # the renderer's exception list is exactly what is missing


@pytest.mark.django_db
def test_same_graph_under_the_datatourisme_context(catalog, vocabulary_terms):
    _properties, _classes, real_context = vocabulary_terms
    out = io.BytesIO()
    write_export("jsonld", out)
    ours = orjson.loads(out.getvalue())
    theirs = {**ours, "@context": {**real_context, "opensit": OPENSIT, **OPENSIT_TERMS}}
    assert isomorphic(_graph(out.getvalue()), _graph(orjson.dumps(theirs)))


@pytest.mark.django_db
def test_values(catalog):
    out = io.BytesIO()
    write_export("jsonld", out)
    graph = _graph(out.getvalue())
    hotel = URIRef(f"urn:opensit:object:{catalog['hotel'].id}")
    assert (hotel, RDF.type, CORE.HotelTrade) in graph and (
        hotel,
        RDF.type,
        CORE.PointOfInterest,
    ) in graph
    RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert Literal("Hotel Univers", lang="en") in set(graph.objects(hotel, RDFS_LABEL))
    insee = set(graph.objects(None, CORE.insee))
    assert {Literal("37261"), Literal("37159"), Literal("37132")} <= {
        Literal(str(i)) for i in insee
    }
    assert Literal("189.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")) in set(
        graph.objects(None, SCHEMA.minPrice)
    )
    review_values = set(graph.objects(None, CORE.hasReviewValue))
    assert KB.LabelRating_QualiteTourisme in review_values
    assert (KB.LabelRating_QualiteTourisme, RDF.type, CORE.LabelRating) in graph
    festival = URIRef(f"urn:opensit:object:{catalog['festival'].id}")
    starts = {
        str(graph.value(p, CORE.startDate)) for p in graph.objects(festival, CORE.takesPlaceAt)
    }
    assert {"2026-07-10", "2026-08-01", "2026-06-06", "2026-06-20", "2026-06-27"} <= starts
    assert "2026-06-13" not in starts  # exception date of the weekly rule
    credits = {str(c) for c in graph.objects(None, CORE.credits)}
    assert credits == {"Léonard de Serres"}


def _loches_document(payload: dict) -> dict:
    """The few fields this test needs, mapped by hand from a real flux object."""
    city = payload["isLocatedAt"][0]["schema:address"][0]["hasAddressCity"][0]
    geo = payload["isLocatedAt"][0]["schema:geo"]
    image = payload["hasMainRepresentation"][0]["ebucore:hasAnnotation"][0]
    locator = payload["hasMainRepresentation"][0]["ebucore:hasRelatedResource"][0]
    return {
        "type": "social_event",
        "classes": [c for c in payload["@type"] if c != "PointOfInterest"],
        "source": {"system": "datatourisme", "id": payload["dc:identifier"]},
        "name": {"fr": payload["rdfs:label"]["fr"][0]},
        "location": {
            "commune": {"insee": city["insee"], "name": city["rdfs:label"]["fr"][0]},
            "latitude": float(geo["schema:latitude"]),
            "longitude": float(geo["schema:longitude"]),
        },
        "event": {
            "occurrences": [
                {
                    "start_date": p["startDate"],
                    "end_date": p["endDate"],
                    "start_time": p["startTime"],
                    "end_time": p["endTime"],
                }
                for p in payload["takesPlaceAt"]
            ]
        },
        "media": [
            {
                "kind": "image",
                "url": locator["ebucore:locator"][0],
                "credit": image["credits"][0],
                "licence": "etalab-2.0",
                "publication_end": image["rightsEndDate"],
            }
        ],
    }


@pytest.mark.django_db
def test_real_flux_object(dt_archive, publish, vocabulary_terms):
    properties, classes, _context = vocabulary_terms
    payload = orjson.loads((dt_archive / LOCHES_EVENT).read_bytes())
    obj = publish(_loches_document(payload))
    graph = _graph(b"".join(render_stream([obj.document], vocabulary={})))
    assert _unknown_terms(graph, properties, classes) == set()
    node = URIRef(f"urn:opensit:object:{obj.id}")
    assert str(graph.value(node, URIRef("http://purl.org/dc/elements/1.1/identifier"))) == (
        "FMACEN037V50K6CR"
    )
    assert (node, RDF.type, SCHEMA.Event) in graph
    geo = graph.value(graph.value(node, CORE.isLocatedAt), SCHEMA.geo)
    assert float(graph.value(geo, SCHEMA.latitude)) == 47.118113
    periods = sorted(
        (str(graph.value(p, CORE.startDate)), str(graph.value(p, CORE.startTime)))
        for p in graph.objects(node, CORE.takesPlaceAt)
    )
    assert periods == [("2020-09-19", "14:00:00"), ("2020-09-20", "10:00:00")]
    # Its image's rights ended on 2020-09-30: it is not diffused any more.
    assert "Visite---Le-chantier" not in graph.serialize(format="nt")
    assert Path(LOCHES_EVENT).suffix == ".json"


def _essentials(doc: dict) -> dict:
    """What the two mappings must agree on (storage fields, source ids and the fields
    DATAtourisme has no place for are left aside)."""
    from opensit.formats.jsonld import periods

    loc = doc.get("location", {})
    return {
        "type": doc["type"],
        "texts": [doc.get(k) for k in ("name", "short_description", "description")],
        "place": [loc.get(k) for k in ("address_lines", "postal_code", "latitude", "longitude")]
        + [loc.get("commune")],
        "contacts": sorted(
            c["value"]
            for c in doc.get("contacts", [])
            if c.get("public", True) and not c.get("role")
        ),
        "prices": [(p.get("min"), p.get("max")) for p in doc.get("pricing", {}).get("prices", [])],
        "codes": [
            doc.get(k)
            for k in (
                "amenities",
                "themes",
                "labels",
                "classifications",
                "languages",
                "pets_allowed",
            )
        ]
        + [doc.get("pricing", {}).get("payment_methods")],
        "opening": doc.get("opening", {}).get("periods"),
        "media": [
            (m["url"], m.get("credit"), m.get("licence"), m.get("title"))
            for m in doc.get("media", [])
            if m["url"] not in LEAKS
        ],
        "days": sorted((p["startDate"], p.get("startTime")) for p in periods(doc.get("event"))),
    }


@pytest.mark.django_db
def test_datatourisme_connector_reads_the_export_back(catalog, tmp_path):
    """The export, read by the DATAtourisme importer, gives the same documents."""
    from opensit.connectors import datatourisme as connector_module
    from opensit.connectors.base import RecordReport

    path = tmp_path / "export.jsonld"
    with path.open("wb") as out:
        write_export("jsonld", out)
    connector = connector_module.DataTourismeConnector()
    back = {}
    for item in connector.read(path):
        report = RecordReport(item.source_id)
        document = connector.map(item, report).to_json()
        assert report.warnings == []
        back[item.source_id.rsplit(":", 1)[1]] = document
    assert set(back) == {obj.id for obj in catalog.values()}
    for obj in catalog.values():
        obj.refresh_from_db()
        assert _essentials(back[obj.id]) == _essentials(obj.document), obj.name
