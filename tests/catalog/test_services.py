"""The write services: revisions, change log, tombstones and rights."""

import pytest
from django.core.exceptions import PermissionDenied

from opensit.catalog import services
from opensit.catalog.models import Revision, TourismObject
from opensit.core.models import AuditEntry
from opensit.diffusion.models import FeedEntry

HOTEL = {
    "type": "hotel",
    "name": {"fr": "Hôtel de l'Univers", "en": "Hotel Univers"},
    "location": {
        "commune": {"insee": "37261", "name": "Tours"},
        "latitude": 47.3905,
        "longitude": 0.6929,
    },
}


def test_create_records_revision_and_audit(editor, office):
    obj = services.create_object(editor, HOTEL)
    assert obj.owner == office
    assert obj.commune_insee == "37261" and obj.department == "37"
    assert obj.type_root == "accommodation"
    assert obj.document["owner"] == "ot-tours"
    rev = Revision.objects.get(object=obj)
    assert (rev.number, rev.origin, rev.author) == (1, "backoffice", editor.user)
    assert rev.action == "create" and rev.document == obj.document
    # A draft changes nothing public: the public feed does not see it.
    assert not FeedEntry.objects.filter(object_id=obj.id).exists()
    assert AuditEntry.objects.filter(action="catalog.create", object_id=obj.id).exists()


def test_update_without_change_writes_nothing(editor):
    obj = services.create_object(editor, HOTEL)
    assert services.update_object(editor, obj, HOTEL) is False
    changed = {**HOTEL, "name": {"fr": "Hôtel de l'Univers ****"}}
    assert services.update_object(editor, obj, changed) is True
    obj.refresh_from_db()
    assert obj.version == 2 and obj.name == "Hôtel de l'Univers ****"
    assert list(Revision.objects.filter(object=obj).values_list("number", flat=True)) == [2, 1]
    assert list(Revision.objects.filter(object=obj).values_list("action", flat=True)) == [
        "update",
        "create",
    ]


def test_delete_leaves_a_tombstone(editor):
    obj = services.create_object(editor, HOTEL, status=TourismObject.Status.PUBLISHED)
    with pytest.raises(ValueError):
        services.delete_object(editor, obj, reason=" ")
    services.delete_object(editor, obj, reason="closed for good")
    obj.refresh_from_db()
    assert obj.status == TourismObject.Status.DELETED
    assert Revision.objects.filter(object=obj).first().action == "delete"
    feed = FeedEntry.objects.filter(object_id=obj.id).order_by("seq")
    assert list(feed.values_list("action", flat=True)) == ["created", "deleted"]


def test_other_organisation_cannot_edit(editor, org_factory, member_factory):
    obj = services.create_object(editor, HOTEL)
    stranger = member_factory(org_factory("ot-blois"), "editor")
    with pytest.raises(PermissionDenied):
        services.update_object(stranger, obj, {**HOTEL, "name": {"fr": "Piraté"}})
    obj.refresh_from_db()
    assert obj.name == "Hôtel de l'Univers"


def test_coediting_grants_edit_rights(editor, office, org_factory, member_factory):
    obj = services.create_object(editor, HOTEL)
    blois = org_factory("ot-blois")
    partner = member_factory(blois, "editor")
    admin = member_factory(office, "admin", username="boss")
    with pytest.raises(PermissionDenied):
        services.grant_coediting(editor, obj, blois)  # editors do not manage
    services.grant_coediting(admin, obj, blois)
    assert services.update_object(partner, obj, {**HOTEL, "name": {"fr": "Univers"}})


def test_event_bounds_from_recurrence(editor):
    doc = {
        "type": "market_fair",
        "name": {"fr": "Marché du samedi"},
        "event": {
            "recurrences": [{"start_date": "2026-01-03", "rrule": "FREQ=WEEKLY;BYDAY=SA;COUNT=10"}]
        },
    }
    obj = services.create_object(editor, doc)
    assert str(obj.first_date) == "2026-01-03"
    assert str(obj.last_date) == "2026-03-07"
