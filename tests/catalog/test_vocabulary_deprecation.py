"""Deprecating a vocabulary entry with a replacement rewrites the objects that use it: every
object gets a new version, a revision and a change-log entry; others are left alone."""

import pytest
from django.core.exceptions import PermissionDenied

from opensit.catalog import services
from opensit.catalog import vocabulary_governance as vocab
from opensit.catalog.models import Revision, TourismObject, VocabularyEntry
from opensit.catalog.vocabularies import Entry, upsert_entries
from opensit.core.models import AuditEntry


@pytest.fixture
def board(org_factory, member_factory):
    return member_factory(org_factory("crt", kind="regional_board", is_network_admin=True), "admin")


@pytest.fixture
def office_editor(org_factory, member_factory):
    return member_factory(org_factory("ot-blois"), "editor")


@pytest.fixture
def entries(db):
    upsert_entries(
        [
            Entry("amenity", "BikeShelter", {"fr": "Abri vélos"}),
            Entry("amenity", "BikeGarage", {"fr": "Garage à vélos"}),
            Entry("payment", "Chèque", {"fr": "Chèque bancaire"}),
            Entry("payment", "BankCheque", {"fr": "Chèque"}),
            Entry("theme", "Heritage", {"fr": "Patrimoine"}),
        ]
    )


def _object(actor, name, **extra):
    return services.create_object(actor, {"type": "hotel", "name": {"fr": name}, **extra})


def test_deprecation_rewrites_the_objects_using_the_code(board, office_editor, entries):
    both = _object(
        office_editor,
        "Hôtel du Château",
        amenities=["BikeShelter", "BikeGarage", "Wifi"],
        themes=["Heritage"],
    )
    one = _object(office_editor, "Hôtel de la Loire", amenities=["Wifi", "BikeShelter"])
    other = _object(office_editor, "Hôtel de la Gare", amenities=["Wifi"], themes=["Heritage"])
    # The code in a text is not a use of the code.
    text = _object(office_editor, "BikeShelter", description={"fr": "Un BikeShelter"})
    versions = {o.pk: o.version for o in (both, one, other, text)}

    vocab.deprecate_entry(board, "BikeShelter", replaced_by="BikeGarage")

    both.refresh_from_db()
    one.refresh_from_db()
    # The replacement is not duplicated where it was already present; order is kept.
    assert both.document["amenities"] == ["BikeGarage", "Wifi"]
    assert one.document["amenities"] == ["Wifi", "BikeGarage"]
    for obj in (both, one):
        assert obj.version == versions[obj.pk] + 1
        revision = Revision.objects.get(object=obj, number=obj.version)
        assert revision.action == "vocabulary" and revision.author == board.user
        assert "BikeShelter" in revision.comment and "BikeGarage" in revision.comment
        assert revision.document["amenities"] == obj.document["amenities"]
    for obj in (other, text):
        assert TourismObject.objects.get(pk=obj.pk).version == versions[obj.pk]
    rewritten = Revision.objects.filter(action="vocabulary").values_list("object_id", flat=True)
    assert sorted(rewritten) == sorted([both.pk, one.pk])
    entry = AuditEntry.objects.get(action="vocabulary.deprecate")
    assert entry.data == {"replaced_by": "BikeGarage", "objects": 2}
    assert VocabularyEntry.objects.get(code="BikeShelter").deprecated


def test_payment_methods_and_non_ascii_codes_are_rewritten(board, office_editor, entries):
    obj = _object(office_editor, "Camping des Saules", pricing={"payment_methods": ["Chèque"]})
    assert vocab.objects_using("Chèque") == [obj.pk]
    vocab.deprecate_entry(board, "Chèque", replaced_by="BankCheque")
    obj.refresh_from_db()
    assert obj.document["pricing"]["payment_methods"] == ["BankCheque"]


def test_rewrite_runs_in_batches(board, office_editor, entries):
    objects = [_object(office_editor, f"Gîte {i}", amenities=["BikeShelter"]) for i in range(5)]
    assert vocab.replace_code(board, "BikeShelter", "BikeGarage", batch=2) == 5
    for obj in objects:
        obj.refresh_from_db()
        assert obj.document["amenities"] == ["BikeGarage"]
    assert vocab.objects_using("BikeShelter") == []


def test_deprecation_without_replacement_keeps_the_objects(board, office_editor, entries):
    obj = _object(office_editor, "Hôtel du Pont", amenities=["BikeShelter"])
    vocab.deprecate_entry(board, "BikeShelter")
    obj.refresh_from_db()
    assert obj.document["amenities"] == ["BikeShelter"] and obj.version == 1


def test_only_network_admins_deprecate_and_nothing_changes_otherwise(board, office_editor, entries):
    obj = _object(office_editor, "Hôtel du Parc", amenities=["BikeShelter"])
    with pytest.raises(PermissionDenied):
        vocab.deprecate_entry(office_editor, "BikeShelter", replaced_by="BikeGarage")
    with pytest.raises(PermissionDenied):
        vocab.replace_code(office_editor, "BikeShelter", "BikeGarage")
    obj.refresh_from_db()
    assert obj.document["amenities"] == ["BikeShelter"] and obj.version == 1
    assert not VocabularyEntry.objects.get(code="BikeShelter").deprecated
    with pytest.raises(ValueError, match="cannot replace"):
        vocab.deprecate_entry(board, "BikeShelter", replaced_by="BikeShelter")
    with pytest.raises(ValueError, match="Unknown vocabulary code"):
        vocab.deprecate_entry(board, "BikeShelter", replaced_by="Nope")
