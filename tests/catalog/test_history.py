"""History, diff between revisions, restore, audit queries, merge and vocabulary governance."""

import pytest
from django.core.exceptions import PermissionDenied

from opensit.catalog import history, services
from opensit.catalog import vocabulary_governance as vocab
from opensit.catalog.merge import merge_objects, resolve
from opensit.catalog.models import Revision, VocabularyEntry

GITE = {
    "type": "rental",
    "name": {"fr": "Gîte de la Loire", "en": "Loire cottage"},
    "location": {"commune": {"insee": "41018", "name": "Blois"}},
}


@pytest.fixture
def office(org_factory):
    return org_factory("ot-blois")


@pytest.fixture
def editor(office, member_factory):
    return member_factory(office, "editor")


def test_history_diff_and_restore(editor, office):
    obj = services.create_object(editor, GITE)
    services.update_object(
        editor, obj, {**GITE, "name": {"fr": "Gîte des Rives", "en": "Loire cottage"}}
    )
    services.update_object(
        editor, obj, {**GITE, "name": {"fr": "Gîte des Rives"}, "capacity": {"beds": 6}}
    )
    assert [r.number for r in history.history(obj)] == [3, 2, 1]
    assert [c.describe() for c in history.revision_diff(obj, 1, 3)] == [
        "capacity.beds added: 6",
        "name.en removed: “Loire cottage”",
        "name.fr changed from “Gîte de la Loire” to “Gîte des Rives”",
    ]
    assert history.restore(editor, obj, 1, "wrong name") is True
    obj.refresh_from_db()
    assert (obj.version, obj.name) == (4, "Gîte de la Loire")
    latest = history.history(obj).first()
    assert (latest.action, latest.author, latest.organisation, latest.origin) == (
        "restore",
        editor.user,
        office,
        "backoffice",
    )
    assert latest.comment == "Restored revision 1. wrong name"
    with pytest.raises(ValueError, match="no revision 9"):
        history.restore(editor, obj, 9)


def test_audit_query_by_organisation_user_action(editor, office, org_factory, member_factory):
    other = member_factory(org_factory("ot-tours"), "editor")
    obj = services.create_object(editor, GITE)
    services.create_object(other, {**GITE, "name": {"fr": "Autre gîte"}})
    services.delete_object(editor, obj, reason="doublon")
    assert [e.action for e in history.audit_log(organisation=office)] == [
        "catalog.delete",
        "catalog.create",
    ]
    assert history.audit_log(user=other.user, action="catalog.create").count() == 1
    assert history.audit_log(action="catalog.").count() == 3
    assert history.audit_log(object_id=obj.id, action="catalog.delete").get().data == {
        "comment": "doublon"
    }


def test_merge_keeps_provenances_and_redirects(editor, office):
    survivor = services.create_object(editor, GITE)
    duplicate = services.create_object(
        editor,
        {
            **GITE,
            "name": {"fr": "Gite de la Loire"},
            "source": {"system": "apidae", "id": "5123456"},
            "contacts": [{"kind": "phone", "value": "02 54 78 00 00"}],
        },
    )
    merge_objects(editor, duplicate, survivor, reason="même gîte")
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert survivor.provenance[0]["system"] == "apidae"
    assert survivor.provenance[0]["source_id"] == "5123456"
    assert survivor.document["contacts"][0]["value"] == "02 54 78 00 00"
    assert (duplicate.status, duplicate.merged_into) == ("deleted", survivor.id)
    assert Revision.objects.filter(object=duplicate).first().action == "merged"
    assert resolve(duplicate.id) == survivor


def test_vocabulary_governance(org_factory, member_factory, editor):
    board = member_factory(
        org_factory("crt", kind="regional_board", is_network_admin=True), "admin"
    )
    vocab.add_entry(board, "amenity", "BikeShelter", {"fr": "Abri vélos"})
    vocab.translate_entry(board, "BikeShelter", "en", "Bike shelter")
    with pytest.raises(PermissionDenied):
        vocab.add_entry(editor, "amenity", "Sauna", {"fr": "Sauna"})
    request = vocab.request_entry(editor, "amenity", "BikeRepair", {"fr": "Kit de réparation"})
    vocab.review_request(board, request, approve=True)
    vocab.deprecate_entry(board, "BikeShelter", replaced_by="BikeRepair")
    shelter = VocabularyEntry.objects.get(code="BikeShelter")
    assert shelter.labels == {"fr": "Abri vélos", "en": "Bike shelter"}
    assert (shelter.deprecated, shelter.replaced_by) == (True, "BikeRepair")
    assert [e.code for e in vocab.active_entries("amenity")] == ["BikeRepair"]
    with pytest.raises(ValueError, match="already exists"):
        vocab.request_entry(editor, "amenity", "BikeRepair", {"fr": "x"})
