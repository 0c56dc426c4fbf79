"""Quality and import field ownership on real DATAtourisme records (2020 Centre-Val de Loire),
read in place and written to tmp_path as a small folder import."""

import orjson
import pytest
from django.core.exceptions import PermissionDenied

from opensit.catalog import services
from opensit.catalog.models import TourismObject
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine

LOCHES = "objects/0/00/15-003eb63b-ee8e-316f-b93f-6d58439158e6.json"
CAMPING = "objects/e/ed/15-ed17248a-105e-30f4-a7cb-e5af3ee67171.json"
SUEVRES = "objects/f/fa/15-fa8765c2-2566-3902-b9c6-2fe9f55d2a6c.json"


@pytest.fixture
def imported(dt_archive, tmp_path, db):
    folder = tmp_path / "flux"
    folder.mkdir()
    for source in (LOCHES, CAMPING, SUEVRES):
        (folder / source.rsplit("/", 1)[1]).write_bytes((dt_archive / source).read_bytes())
    run = ImportEngine(DataTourismeConnector()).run(folder)
    assert (run.created, run.failed) == (3, 0)
    return dt_archive, folder


def _by_commune(insee: str) -> TourismObject:
    return TourismObject.objects.select_related("quality").get(commune_insee=insee)


def test_quality_of_real_records(imported):
    camping = _by_commune("41049")
    assert camping.name == "Camping le gué"
    assert (camping.quality.score, camping.quality.missing) == (97, ["opening"])
    # its images have credits, and the source's media policy gives them a licence (docs/media.md)
    assert camping.quality.warning_codes == "media_expired"
    assert {m["licence"] for m in camping.document["media"]} == {"network-terms", "source-rights"}
    expired = [w["message"] for w in camping.quality.warnings if w["code"] == "media_expired"]
    assert expired[0] == "Publication date passed on 2022-10-01"

    loches = _by_commune("37132")
    assert loches.type == "event"
    # its only image's rights ended on 2020-09-30: no image the public gets
    missing = ["media.image", "name.en", "short_description.en", "description.en"]
    assert loches.quality.missing == missing
    assert "event_past" in loches.quality.warning_codes.split()

    suevres = _by_commune("41252")
    # both its images' rights ended in June 2019: the one thing it misses
    assert (suevres.type, suevres.quality.score) == ("tourist_office", 89)
    assert suevres.quality.missing == ["media.image"]
    filtered = TourismObject.objects.filter(quality__score__lt=90).values_list("commune_insee")
    assert sorted(filtered) == [("37132",), ("41252",)]


def test_reimport_keeps_local_field_and_refuses_source_field(
    imported, org_factory, member_factory, settings
):
    settings.OPENSIT_IMPORT_FIELD_POLICY = "refuse"
    archive, folder = imported
    board = member_factory(org_factory("crt-cvl", is_network_admin=True), "admin")
    camping = _by_commune("41049")
    assert "capacity" in camping.source_fields and "practical_info" not in camping.source_fields
    with pytest.raises(PermissionDenied, match="capacity"):
        services.update_object(board, camping, {**camping.document, "capacity": {"pitches": 1}})
    access = {"fr": "Sortie 5 de l'A10, puis direction Chambord."}
    assert services.update_object(board, camping, {**camping.document, "practical_info": access})

    payload = orjson.loads((archive / CAMPING).read_bytes())
    payload["rdfs:label"]["fr"] = ["Camping Le Gué (Mont-près-Chambord)"]
    (folder / CAMPING.rsplit("/", 1)[1]).write_bytes(orjson.dumps(payload))
    run = ImportEngine(DataTourismeConnector()).run(folder)
    assert (run.updated, run.unchanged) == (1, 2)
    camping.refresh_from_db()
    assert camping.name == "Camping Le Gué (Mont-près-Chambord)"
    assert camping.document["practical_info"] == access
