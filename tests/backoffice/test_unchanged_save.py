"""Invariant: opening an object in the editor and saving it without a change leaves its document
identical, adds no revision, no change-log entry, and says "nothing changed". Checked for every
object of the demo, as every demo login allowed to edit or propose, and for every object
imported from the real samples of ../shared/data (test_unchanged_save_real.py). The post is
what a browser sends for the page as rendered (tests/formpost.py).
"""

from datetime import date

import pytest
from django.urls import reverse

from opensit.catalog.models import TourismObject
from opensit.catalog.policy import Action, allows
from opensit.network.models import Membership
from opensit.network.permissions import Actor
from tests.backoffice.unchanged import save_unchanged

pytestmark = pytest.mark.django_db


def _editors_of(obj: TourismObject, actors: list[Actor]) -> list[Actor]:
    allowed = []
    for actor in actors:
        if allows(actor, Action.CHANGE, obj):
            allowed.append(actor)
    return allowed


def test_every_demo_object_saved_unchanged_by_every_role_that_may_edit(client, settings):
    from opensit.demo.loader import load_demo

    load_demo(date(2026, 5, 1))
    actors = [
        Actor.for_user(membership.user, membership.organisation)
        for membership in Membership.objects.select_related("user", "organisation")
    ]
    objects = list(TourismObject.objects.exclude(status=TourismObject.Status.DELETED))
    assert len(objects) >= 60
    # Each object once per kind of editor allowed on it: network admin, the owner's or a
    # co-editor's admin, editor, and a linked provider's contributor (who proposes).
    done: set[tuple[str, str]] = set()
    for actor in actors:
        kind = "network" if actor.is_network_admin else str(actor.role)
        client.force_login(actor.user)
        client.post(reverse("opensit_switch_organisation"), {"organisation": actor.org_id})
        for obj in objects:
            if (kind, obj.pk) not in done and _editors_of(obj, [actor]):
                save_unchanged(client, obj)
                done.add((kind, obj.pk))
    kinds = {kind for kind, _pk in done}
    assert {"network", "admin", "editor", "contributor"} <= kinds, kinds
    assert {pk for _kind, pk in done} == {obj.pk for obj in objects}
