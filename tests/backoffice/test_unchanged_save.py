"""Invariant: opening an object in the editor and saving it without a change leaves its document
identical, adds no revision, no change-log entry, and says "nothing changed". Checked for every
object of the demo, as every demo login allowed to edit or propose, and for every object
imported from the real samples of ../shared/data. The post is what a browser sends for the page
as rendered (tests/formpost.py).
"""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from opensit.backoffice.forms.editor import DocumentEditor
from opensit.catalog import patch, workflow
from opensit.catalog.models import Proposal, Revision, TourismObject
from opensit.catalog.policy import Action, allows
from opensit.connectors.apidae.connector import ApidaeConnector
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.diffusion.models import FeedEntry
from opensit.network.models import Membership
from opensit.network.permissions import Actor
from tests.formpost import as_post_data, editor_post_data, form_fields

pytestmark = pytest.mark.django_db

EDITOR_FORM = "form.opensit-editor"


def _counts() -> tuple[int, int, int]:
    return Revision.objects.count(), FeedEntry.objects.count(), Proposal.objects.count()


def save_unchanged(client, obj: TourismObject) -> None:
    """GET the editor, post back what the browser would, and check nothing moved."""
    url = reverse("opensit_object_edit", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200, f"{obj.pk} {obj.name}: editor answered {page.status_code}"
    before, counts = obj.document, _counts()
    response = client.post(url, as_post_data(form_fields(page.content.decode(), EDITOR_FORM)))
    editor = response.context and response.context.get("editor")
    errors = editor and (editor.form.errors, editor.non_field_errors)
    assert response.status_code == 302, f"{obj.pk} {obj.name}: {response.status_code} {errors}"
    obj.refresh_from_db()
    assert obj.document == before, f"{obj.pk} {obj.name} changed on an unchanged save"
    assert _counts() == counts, f"{obj.pk} {obj.name}: a revision or proposal was recorded"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Rien n'a changé."], messages  # the back-office speaks French


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


@pytest.fixture
def real_catalog(shared_data, dt_archive, org_factory, member_factory) -> dict[str, Actor]:
    """The whole DATAtourisme 2020 archive and every Apidae sample, imported for a tourist
    office; the actors that may edit them: a network admin, the office's admin and editor."""
    office = org_factory("ot-centre")
    run = ImportEngine(DataTourismeConnector(), owner=office).run(dt_archive)
    assert run.created > 2500 and run.failed == 0
    for sample in sorted((shared_data / "apidae").glob("*.json")):
        ImportEngine(ApidaeConnector(), owner=office).run(sample)
    network = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    return {
        "network": member_factory(network, Membership.Role.ADMIN),
        "admin": member_factory(office, Membership.Role.ADMIN),
        "editor": member_factory(office, Membership.Role.EDITOR),
    }


def test_real_objects_saved_unchanged_through_the_editor_page(
    client, real_catalog, org_factory, member_factory
):
    """The whole page, rendered and parsed, for a spread of real objects of both sources, by
    each kind of editor, a linked provider's contributor (the provider's form) included."""
    provider = org_factory("prestataire", kind="provider")
    actors = [*real_catalog.values(), member_factory(provider, Membership.Role.CONTRIBUTOR)]
    sample = []
    for system in ("datatourisme", "apidae"):
        objects = TourismObject.objects.filter(source_system=system).order_by("content_hash")
        sample += list(objects[:8])
    for obj in sample:
        obj.providers.add(provider)
    for actor in actors:
        client.force_login(actor.user)
        client.post(reverse("opensit_switch_organisation"), {"organisation": actor.org_id})
        for obj in sample:
            save_unchanged(client, obj)


def test_every_real_object_saved_unchanged_in_the_editor(real_catalog):
    """Every imported object: the editor's controls as their widgets format them, posted
    back, validated and saved through the workflow: nothing changes, nothing is recorded."""
    actor = real_catalog["editor"]
    objects = list(TourismObject.objects.order_by("pk"))
    assert {"datatourisme", "apidae"} <= {obj.source_system for obj in objects}
    assert len(objects) > 2500
    counts = _counts()
    for obj in objects:
        opened = DocumentEditor(obj.type, obj.document)
        posted = DocumentEditor(obj.type, obj.document, editor_post_data(opened))
        document = posted.validated()
        assert document is not None, (obj.pk, posted.form.errors, posted.non_field_errors)
        outcome = workflow.edit(actor, obj, document, base_version=obj.version)
        assert outcome.kind == "unchanged", (obj.pk, obj.name)
    assert _counts() == counts


def test_every_real_object_unchanged_by_a_write_api_get_then_put(real_catalog, org_factory):
    """Every imported object: the document a write token reads, sent back whole (PUT) or
    field by field (PATCH), proposes nothing, for the office's editor token and for a linked
    provider's token, which reads less (`partners.reading`)."""
    from opensit.partners.reading import readable_document
    from opensit.partners.services import updated_document

    provider = org_factory("prestataire", kind="provider")
    contributor = Actor(organisation=provider, role=Membership.Role.CONTRIBUTOR, origin="api")
    editor = real_catalog["editor"]
    objects = list(TourismObject.objects.order_by("pk"))
    assert len(objects) > 2500
    for obj in objects:
        for actor in (editor, contributor):
            body = readable_document(actor, obj)
            for partial in (False, True):
                after = updated_document(actor, obj, body, partial=partial)
                assert patch.changes(obj.document, after) == [], (obj.pk, actor.role, partial)
