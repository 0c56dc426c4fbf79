"""Field ownership of imported objects, with a real engine run and a re-import, both policies."""

from pathlib import Path

import orjson
import pytest

from opensit.catalog import services
from opensit.catalog.document import SourceRef, TourismDocument
from opensit.catalog.models import TourismObject
from opensit.catalog.ownership import SourceOwnedField
from opensit.connectors.base import RecordReport, SourceItem
from opensit.connectors.engine import ImportEngine
from opensit.connectors.jsonl import JsonLinesConnector


class RegionalSource(JsonLinesConnector):
    """A JSON Lines source that keeps its own ids: its records get a source reference."""

    system = "crt-source"

    def map(self, item: SourceItem, report: RecordReport) -> TourismDocument:
        payload = {k: v for k, v in item.payload.items() if k != "id"}
        doc = TourismDocument.model_validate(payload)
        doc.source = SourceRef(system=self.system, id=item.source_id)
        return doc


CHATEAU = {
    "id": "PCUCEN0370000001",
    "type": "castle",
    "name": {"fr": "Château de Chenonceau"},
    "location": {"commune": {"insee": "37070", "name": "Chenonceaux"}},
    "short_description": {"fr": "Le château des Dames."},
}


def _run(path: Path, owner, records: list[dict]) -> None:
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in records))
    run = ImportEngine(RegionalSource(), owner=owner).run(path)
    assert run.status == "success", run


@pytest.fixture
def imported(tmp_path, org_factory, member_factory):
    office = org_factory("ot-chenonceaux")
    _run(tmp_path / "crt.jsonl", office, [CHATEAU])
    obj = TourismObject.objects.get(source_system="crt-source", source_id="PCUCEN0370000001")
    assert obj.source_fields == ["location", "name", "short_description", "source", "type"]
    return tmp_path / "crt.jsonl", office, member_factory(office, "editor"), obj


def _local_edit(obj: TourismObject, **fields) -> dict:
    return {**obj.document, **fields}


def test_refuse_policy_refuses_source_fields_keeps_local_fields(imported, settings):
    settings.OPENSIT_IMPORT_FIELD_POLICY = "refuse"
    path, office, editor, obj = imported
    with pytest.raises(SourceOwnedField, match="short_description"):
        services.update_object(
            editor, obj, _local_edit(obj, short_description={"fr": "Réécrit localement"})
        )
    local = {"fr": "Ouvert tous les jours, 9h-19h en été."}
    assert services.update_object(editor, obj, _local_edit(obj, practical_info=local))

    _run(
        path,
        office,
        [{**CHATEAU, "short_description": {"fr": "Le château des Dames, sur le Cher."}}],
    )
    obj.refresh_from_db()
    assert obj.document["short_description"] == {"fr": "Le château des Dames, sur le Cher."}
    assert obj.document["practical_info"] == local  # the import never erases a local field
    assert obj.local_fields == []


def test_override_policy_keeps_the_local_value_across_reimport(imported, settings):
    settings.OPENSIT_IMPORT_FIELD_POLICY = "override"
    path, office, editor, obj = imported
    ours = {"fr": "Le château des Dames, joyau de la Renaissance."}
    assert services.update_object(editor, obj, _local_edit(obj, short_description=ours))
    obj.refresh_from_db()
    assert obj.local_fields == ["short_description"]

    renamed = {"fr": "Château de Chenonceau (Indre-et-Loire)"}
    _run(path, office, [{**CHATEAU, "name": renamed, "short_description": {"fr": "Autre texte"}}])
    obj.refresh_from_db()
    assert obj.document["short_description"] == ours  # the override survived
    assert obj.document["name"] == renamed  # the source still owns the name
    assert obj.local_fields == ["short_description"]
    assert obj.version == 3


def test_import_leaves_local_records_alone(imported, tmp_path):
    _path, _office, editor, obj = imported
    local = services.create_object(editor, {"type": "restaurant", "name": {"fr": "La Table"}})
    services.tombstone_by_source(editor, "crt-source", ["PCUCEN0370000001", local.id], "gone")
    local.refresh_from_db()
    obj.refresh_from_db()
    assert (local.status, obj.status) == ("draft", "deleted")
