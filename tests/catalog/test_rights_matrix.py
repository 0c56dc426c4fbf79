"""The rights matrix: role x action x ownership. Allowed actions change the state; refused ones
raise PermissionDenied and change nothing (objects, revisions, proposals, changes, audit)."""

import pytest
from django.core.exceptions import PermissionDenied

from opensit.catalog import history, services, workflow
from opensit.catalog.merge import merge_objects
from opensit.catalog.models import Proposal, Revision, TourismObject
from opensit.core.models import AuditEntry
from opensit.diffusion.models import FeedEntry
from opensit.network.permissions import Actor

HOTEL = {
    "type": "hotel",
    "name": {"fr": "Hôtel de l'Univers"},
    "location": {"commune": {"insee": "37261", "name": "Tours"}},
}
ROLES = ("network_admin", "admin", "editor", "contributor", "reader")
OWNERSHIPS = ("own", "coedited", "other")
ACTIONS = (
    "create",
    "edit",
    "propose",
    "approve",
    "publish",
    "unpublish",
    "delete",
    "transfer",
    "grant",
    "restore",
    "merge",
)
ALL, OWN, MINE = set(OWNERSHIPS), {"own"}, {"own", "coedited"}
EDITOR_RIGHTS = {
    "create": OWN,
    "edit": MINE,
    "propose": ALL,
    "approve": MINE,
    "publish": MINE,
    "unpublish": MINE,
    "delete": OWN,
    "transfer": set(),
    "grant": set(),
    "restore": MINE,
    "merge": OWN,
}
EXPECTED = {
    "network_admin": {action: ALL for action in ACTIONS},
    "admin": {**EDITOR_RIGHTS, "transfer": OWN, "grant": OWN},
    "editor": EDITOR_RIGHTS,
    "contributor": {**{action: set() for action in ACTIONS}, "propose": OWN},
    "reader": {action: set() for action in ACTIONS},
}
CASES = [
    (role, action, ownership, ownership in EXPECTED[role][action])
    for role in ROLES
    for action in ACTIONS
    for ownership in OWNERSHIPS
    if not (action == "create" and ownership == "coedited")
]


@pytest.fixture
def world(org_factory, member_factory):
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    office = org_factory("ot-tours")
    other = org_factory("ot-blois")
    third = org_factory("ot-amboise")
    provider = org_factory("hotel-univers", kind="provider", parent=office)
    return {"board": board, "office": office, "other": other, "third": third, "provider": provider}


def _actor(world, role, member_factory) -> Actor:
    if role == "network_admin":
        return member_factory(world["board"], "admin")
    if role == "contributor":
        return member_factory(world["provider"], "contributor")
    return member_factory(world["office"], role)


def _object(world, actor: Actor, ownership: str, name: str) -> TourismObject:
    system = Actor.system()
    doc = {**HOTEL, "name": {"fr": name}}
    if ownership == "own":
        owner = world["office"] if actor.role == "contributor" else actor.organisation
    else:
        owner = world["other"]
    obj = services.create_object(system, doc, owner=owner)
    if ownership == "own" and actor.role == "contributor":
        services.link_provider(system, obj, actor.organisation)
    if ownership == "coedited":
        services.grant_coediting(system, obj, actor.organisation)
    return obj


def _snapshot():
    objects = [
        (o.pk, o.version, o.status, o.owner_id, o.merged_into, o.name, o.content_hash)
        for o in TourismObject.objects.order_by("pk")
    ]
    coeditors = sorted(TourismObject.coeditors.through.objects.values_list("pk", flat=True))
    return (
        objects,
        coeditors,
        Revision.objects.count(),
        FeedEntry.objects.count(),
        list(Proposal.objects.order_by("pk").values_list("status", flat=True)),
        AuditEntry.objects.count(),
    )


def _prepare(action, world, actor, ownership):
    """Build the objects the action needs; returns a callable performing it."""
    system = Actor.system()
    if action == "create":
        owner = actor.organisation if ownership == "own" else world["other"]
        return lambda: services.create_object(actor, {**HOTEL, "name": {"fr": "Neuf"}}, owner=owner)
    obj = _object(world, actor, ownership, "Hôtel de l'Univers")
    changed = {**HOTEL, "description": {"fr": "Au cœur de Tours."}}
    if action == "edit":
        return lambda: services.update_object(actor, obj, changed)
    if action == "propose":
        return lambda: workflow.propose(actor, obj, changed)
    if action == "approve":
        proposal = workflow.propose(system, obj, changed)
        return lambda: workflow.approve(actor, proposal)
    if action == "publish":
        return lambda: services.publish(actor, obj)
    if action == "unpublish":
        services.publish(system, obj)
        return lambda: services.unpublish(actor, obj, reason="closed for works")
    if action == "delete":
        return lambda: services.delete_object(actor, obj, reason="closed for good")
    if action == "transfer":
        return lambda: services.transfer_ownership(actor, obj, world["third"])
    if action == "grant":
        return lambda: services.grant_coediting(actor, obj, world["third"])
    if action == "restore":
        services.update_object(system, obj, changed)
        return lambda: history.restore(actor, obj, 1)
    if action == "merge":
        survivor = _object(world, actor, ownership, "Hôtel Univers")
        return lambda: merge_objects(actor, obj, survivor, reason="same hotel")
    raise AssertionError(action)


@pytest.mark.parametrize(("role", "action", "ownership", "allowed"), CASES)
def test_rights_matrix(world, member_factory, role, action, ownership, allowed):
    actor = _actor(world, role, member_factory)
    perform = _prepare(action, world, actor, ownership)
    before = _snapshot()
    if allowed:
        perform()
        assert _snapshot() != before, f"{role} {action} {ownership} changed nothing"
    else:
        with pytest.raises(PermissionDenied):
            perform()
        assert _snapshot() == before, f"refused {role} {action} {ownership} changed the state"


def test_matrix_covers_every_role_and_action():
    assert len(CASES) == len(ROLES) * (len(ACTIONS) * 3 - 1)
    allowed = {role: sum(a for r, *_, a in CASES if r == role) for role in ROLES}
    assert allowed == {
        "network_admin": 32,
        "admin": 18,
        "editor": 16,
        "contributor": 1,
        "reader": 0,
    }
