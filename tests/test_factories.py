"""The rich test documents are valid canonical documents, round-trip unchanged, carry every part,
and are stored unchanged by the real services (imported ones with import-owned fields)."""

from typing import Any

import pytest

from opensit.catalog.document import ASPECTS, TourismDocument
from opensit.catalog.models import TourismObject, VocabularyEntry
from opensit.catalog.projection import VOLATILE_FIELDS
from opensit.catalog.types import root_of
from tests import factories

TYPES = ("hotel", "festival", "walking_tour", "museum", "restaurant", "campsite", "market_fair")
PARTS = (
    "name", "short_description", "description", "practical_info", "aspects", "location",
    "contacts", "opening", "pricing", "capacity", "classifications", "labels", "amenities",
    "themes", "accessibility", "languages", "pets_allowed", "media", "links", "booking",
    "private", "extra",
)  # fmt: skip


def _documents() -> list[dict[str, Any]]:
    return [factories.rich_document(t, f"Objet {t}") for t in TYPES] + [
        factories.imported_document("hotel"),
        factories.imported_document("concert", "Jazz au château", source_id="ev-1"),
    ]


def _langs(text: dict[str, str]) -> set[str]:
    return set(text)


@pytest.mark.parametrize(
    "document", _documents(), ids=lambda d: d["type"] + ("+source" * ("source" in d))
)
def test_documents_validate_and_round_trip(document):
    assert TourismDocument.model_validate(document).to_json() == document


@pytest.mark.parametrize("type_code", TYPES)
def test_every_part_is_there(type_code):
    doc = factories.rich_document(type_code, "Objet")
    assert set(PARTS) <= doc.keys()
    assert {"fr", "en", "de"} <= _langs(doc["name"]) and {"fr", "en", "de"} <= _langs(
        doc["description"]
    )
    assert set(doc["aspects"]) <= set(ASPECTS) and len(doc["aspects"]) >= 2
    place = doc["location"]
    assert {"address_lines", "postal_code", "commune", "latitude", "access"} <= place.keys()
    assert ("geometry" in place) == (root_of(type_code) == "itinerary")
    private = [c for c in doc["contacts"] if c.get("public") is False]
    assert private and all(c.get("label") or c["kind"] == "email" for c in private)
    assert any(c.get("label") for c in doc["contacts"] if c.get("public", True))
    periods = doc["opening"]["periods"]
    assert any(len(p["times"]) >= 2 for p in periods if "times" in p)
    assert all({"fr", "en"} <= _langs(p["label"]) for p in periods)
    assert any(p.get("closed") for p in periods) and doc["opening"]["closures"]
    assert ("event" in doc) == (root_of(type_code) == "event")
    prices = doc["pricing"]["prices"]
    assert all({"fr", "en"} <= _langs(p["label"]) for p in prices)
    assert any(p.get("currency") for p in prices) and any(p.get("unit") for p in prices)
    assert any("period_start" in p and "period_end" in p for p in prices)
    for medium in doc["media"]:
        assert {"fr", "en"} <= _langs(medium["title"]) and medium["credit"] and medium["licence"]
    assert any("publication_end" in m and "width" in m for m in doc["media"])
    assert [link["order"] for link in doc["links"]] == [1, 2]
    assert all({"fr", "en"} <= _langs(link["label"]) for link in doc["links"])
    assert doc["booking"]["notes"] and doc["private"]["notes"] and doc["extra"]


def test_an_event_has_occurrences_and_recurrences():
    event = factories.rich_document("festival", "Fête")["event"]
    assert event["occurrences"] and event["recurrences"][0]["exdates"]


@pytest.mark.django_db
def test_the_codes_are_in_the_vocabulary_seed():
    factories.load_vocabulary()
    doc = factories.rich_document()
    used = {c for key in factories.VOCABULARY for c in doc[key]}
    used |= set(doc["pricing"]["payment_methods"]) | set(doc["languages"])
    known = set(VocabularyEntry.objects.filter(code__in=used).values_list("code", flat=True))
    assert known == used


def _content(obj: TourismObject) -> dict[str, Any]:
    obj.refresh_from_db()
    return {k: v for k, v in obj.document.items() if k not in VOLATILE_FIELDS}


@pytest.mark.django_db
def test_created_through_the_services_unchanged(org_factory):
    office = org_factory("ot-tours")
    for type_code in TYPES:
        document = factories.rich_document(type_code, f"Objet {type_code}")
        obj = factories.create_rich(office, document)
        assert obj.status == "published" and obj.owner == office
        assert _content(obj) == document
        assert not obj.source_fields


@pytest.mark.django_db
def test_an_imported_object_has_import_owned_fields(org_factory):
    office = org_factory("ot-tours")
    document = factories.imported_document()
    obj = factories.create_rich(office, document, publish=False)
    assert _content(obj) == document
    assert (obj.source_system, obj.source_id) == ("apidae", "526457")
    assert set(obj.source_fields) == set(document) and "contacts" in obj.source_fields
    assert obj.local_fields == []
