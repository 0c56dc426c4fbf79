"""The unchanged-save invariant over every object imported from the real samples of
../shared/data (the demo's objects: test_unchanged_save.py). A file of its own: the longest of
the suite, it runs beside the rest on another worker."""

import pytest
from django.urls import reverse

from opensit.backoffice.forms.editor import DocumentEditor
from opensit.catalog import patch, workflow
from opensit.catalog.models import TourismObject
from opensit.connectors.apidae.connector import ApidaeConnector
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.network.models import Membership
from opensit.network.permissions import Actor
from tests.backoffice.unchanged import counts, save_unchanged
from tests.formpost import editor_post_data

pytestmark = pytest.mark.django_db


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
    recorded = counts()
    for obj in objects:
        opened = DocumentEditor(obj.type, obj.document)
        posted = DocumentEditor(obj.type, obj.document, editor_post_data(opened))
        document = posted.validated()
        assert document is not None, (obj.pk, posted.form.errors, posted.non_field_errors)
        outcome = workflow.edit(actor, obj, document, base_version=obj.version)
        assert outcome.kind == "unchanged", (obj.pk, obj.name)
    assert counts() == recorded


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
