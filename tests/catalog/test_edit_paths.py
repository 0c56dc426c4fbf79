"""The other edit paths on rich documents: vocabulary replacement, restore and merge change
only what they are about; merge audits the proposals it withdraws."""

import pytest

from opensit.catalog import history, patch, services, workflow
from opensit.catalog import vocabulary_governance as vocab
from opensit.catalog.merge import merge_objects
from opensit.catalog.models import Proposal
from opensit.core.models import AuditEntry
from opensit.network.models import Membership
from tests.factories import create_rich, load_vocabulary, member, rich_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(org_factory):
    load_vocabulary()
    return org_factory("ot-tours")


@pytest.fixture
def board(org_factory):
    return member(org_factory("crt", kind="regional_board", is_network_admin=True), "admin")


def test_replacing_a_code_changes_only_the_code_lists(office, board):
    hotel = create_rich(office)
    before = hotel.document
    vocab.add_entry(board, "amenity", "WifiFree", {"fr": "Wifi gratuit", "en": "Free wifi"})
    vocab.replace_code(board, "Wifi", "WifiFree")
    hotel.refresh_from_db()
    assert [edit.dotted for edit in patch.changes(before, hotel.document)] == ["amenities"]
    assert hotel.document["amenities"][0] == "WifiFree"


def test_restore_brings_back_every_part_of_a_rich_revision(office):
    admin = member(office, Membership.Role.ADMIN)
    hotel = create_rich(office)
    original = hotel.document
    thin = rich_document(contacts=[], media=[], pricing={}, description={"fr": "Court."})
    services.update_object(admin, hotel, thin)
    hotel.refresh_from_db()
    assert "contacts" not in hotel.document  # sanity: the parts are gone in version 3
    assert history.restore(admin, hotel, 2)
    hotel.refresh_from_db()
    assert patch.changes(original, hotel.document) == []


def test_merge_keeps_the_survivor_and_audits_withdrawn_proposals(office, org_factory):
    admin = member(office, Membership.Role.ADMIN)
    survivor = create_rich(office)
    duplicate = create_rich(office, rich_document(name="Hôtel Univers", booking={}, slug="dup"))
    provider = org_factory("prestataire", kind="provider")
    services.link_provider(admin, duplicate, provider)
    contributor = member(provider, Membership.Role.CONTRIBUTOR)
    changed = {**duplicate.document, "description": {"fr": "Proposé."}}
    proposal = workflow.propose(contributor, duplicate, changed)
    before = survivor.document
    merge_objects(admin, duplicate, survivor, "Doublon")
    survivor.refresh_from_db()
    assert patch.changes(before, survivor.document) == []  # it had every field already
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    audit = AuditEntry.objects.get(action="catalog.withdraw", object_id=duplicate.id)
    assert audit.data["proposal"] == proposal.pk
