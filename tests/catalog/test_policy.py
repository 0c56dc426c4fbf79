"""The object policy (`catalog.policy`): every action of its own table, for every role, tie
and status, answered alike by `allows`, `objects_for` and `get_or_refuse`; the table in
docs/governance.md is the table in the code; a check reads the object and its tie in one
query."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from opensit.catalog import services
from opensit.catalog.models import TourismObject
from opensit.catalog.policy import (
    HIDDEN_WHEN_DELETED,
    PUBLIC,
    RIGHTS,
    Action,
    Relation,
    allows,
    get_or_refuse,
    objects_for,
    table_rows,
)
from opensit.network.permissions import Actor

pytestmark = pytest.mark.django_db

ROLES = ("admin", "editor", "contributor", "reader")
STATUSES = ("draft", "published", "deleted")
GOVERNANCE = Path(__file__).resolve().parents[2] / "docs" / "governance.md"


@pytest.fixture
def world(org_factory, member_factory):
    """The Tours office with one member per role; objects of every tie to Tours (it owns them,
    co-edits them, is linked as their provider, or nothing) in every status."""
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    tours = org_factory("ot-tours")
    blois = org_factory("ot-blois")
    system = Actor.system()
    objects: dict[tuple[Relation, str], TourismObject] = {}
    for relation in Relation:
        for status in STATUSES:
            owner = tours if relation == Relation.OWNER else blois
            document = {"type": "museum", "name": {"fr": f"Musée {relation} {status}"}}
            obj = services.create_object(system, document, owner=owner)
            if relation == Relation.COEDITOR:
                services.grant_coediting(system, obj, tours)
            if relation == Relation.PROVIDER:
                services.link_provider(system, obj, tours)
            if status == "published":
                services.publish(system, obj)
            if status == "deleted":
                services.delete_object(system, obj, reason="test")
            objects[relation, status] = TourismObject.objects.get(pk=obj.pk)
    actors = {role: member_factory(tours, role) for role in ROLES}
    actors["network_admin"] = member_factory(board, "admin")
    actors["system"] = system
    return objects, actors


def expected(action: Action, who: str, relation: Relation, status: str) -> bool:
    """The table, read by hand: what `allows` must answer."""
    if status == "deleted" and action in HIDDEN_WHEN_DELETED:
        return False
    if who in ("network_admin", "system"):
        return True
    if action in PUBLIC and status == "published":
        return True
    relations = RIGHTS[action].get(who, frozenset())
    return Relation.NONE in relations or relation in relations


def test_every_action_has_a_row():
    assert set(RIGHTS) == set(Action)
    for action, row in RIGHTS.items():
        assert set(row) <= set(ROLES), action


@pytest.mark.parametrize("action", list(Action))
def test_allows_and_objects_for_answer_from_the_table(world, action):
    objects, actors = world
    for who, actor in actors.items():
        listed = set(objects_for(actor, action).values_list("pk", flat=True))
        for (relation, status), obj in objects.items():
            want = expected(action, who, relation, status)
            assert allows(actor, action, obj) is want, (who, relation, status)
            in_list = want and status != "deleted"  # lists never hold deleted objects
            assert (obj.pk in listed) is in_list, (who, relation, status)


@pytest.mark.parametrize("action", list(Action))
def test_get_or_refuse_says_not_found_unless_the_actor_reads_it(world, action):
    objects, actors = world
    for who, actor in actors.items():
        for (relation, status), obj in objects.items():
            readable = expected(Action.READ, who, relation, status)
            if readable and expected(action, who, relation, status):
                assert get_or_refuse(actor, action, obj.pk) == obj
            elif readable:
                with pytest.raises(PermissionDenied, match=re.escape(obj.name)):
                    get_or_refuse(actor, action, obj.pk, "No: %(name)s")
            else:
                with pytest.raises(Http404) as refused:
                    get_or_refuse(actor, action, obj.pk, "No: %(name)s")
                assert obj.name not in str(refused.value)


def test_an_organisation_less_actor_reads_only_published_objects(world):
    objects, _actors = world
    anonymous = Actor()
    readable = set(objects_for(anonymous, Action.READ).values_list("pk", flat=True))
    assert readable == {o.pk for (_r, status), o in objects.items() if status == "published"}
    with pytest.raises(PermissionDenied):
        objects_for(anonymous, Action.VIEW)


def test_one_query_reads_the_object_and_its_tie(world, django_assert_num_queries):
    objects, actors = world
    obj = objects[Relation.COEDITOR, "draft"]
    with django_assert_num_queries(1):
        found = get_or_refuse(actors["editor"], Action.EDIT, obj.pk)
        assert allows(actors["editor"], Action.EDIT, found)  # the service's check: no query
        assert allows(actors["editor"], Action.REVIEW, found)


def test_unknown_and_odd_keys_are_not_found(world):
    _objects, actors = world
    for key in ("nope", "", "x" * 500, None, ["a"], 3.5):
        with pytest.raises(Http404):
            get_or_refuse(actors["network_admin"], Action.READ, key)


def test_the_documented_table_is_the_code_table():
    text = GOVERNANCE.read_text()
    block = text.split("<!-- policy-table:", 1)[1].split("<!-- end policy-table -->", 1)[0]
    rows = [line for line in block.splitlines() if line.startswith("| `")]
    assert rows == table_rows()
