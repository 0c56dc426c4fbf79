"""The media library: upload through the Wagtail admin, renditions, credit and licence carried
into an object's media and out through the public API, and the quality warning without credit."""

import pytest
from django.test import Client

from opensit.backoffice.forms.parts import MediaForm
from opensit.catalog import services as catalog
from opensit.diffusion import services as diffusion
from opensit.media.library import RENDITION, fill_from_library, media_item_for
from opensit.media.models import LibraryDocument, LibraryImage, LibraryRendition
from opensit.quality.models import ObjectQuality
from tests import factories
from tests.media.conftest import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(editor) -> LibraryImage:
    """An image uploaded by an editor through the admin's Images menu."""
    client = Client()
    client.force_login(editor.user)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Quais de Loire",
            "file": png(),
            "credit": "Léonard de Serres",
            "licence": "cc-by-4.0",
            "publication_end": "2030-12-31",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return LibraryImage.objects.get(title="Quais de Loire")


def test_an_editor_uploads_an_image_with_its_rights(uploaded, editor):
    assert uploaded.credit == "Léonard de Serres" and uploaded.licence == "cc-by-4.0"
    assert str(uploaded.publication_end) == "2030-12-31"
    assert uploaded.uploaded_by_user == editor.user
    assert (uploaded.width, uploaded.height) == (2400, 1200)


def test_a_reader_may_not_upload(office, member_factory):
    reader = member_factory(office, "reader")
    client = Client()
    client.force_login(reader.user)
    response = client.post("/admin/images/add/", {"title": "X", "file": png()})
    assert response.status_code in (302, 403)
    assert not LibraryImage.objects.exists()


def test_library_access_follows_memberships(office, member_factory):
    editor = member_factory(office, "editor", username="temp")
    assert editor.user.groups.filter(name="Media library").exists()
    editor.user.memberships.all().delete()
    assert not editor.user.groups.filter(name="Media library").exists()


def test_the_library_group_is_remade_when_lost(office, member_factory):
    """A flushed database (transactional tests, an operator) loses the migration's group and
    root collection; the next membership brings them back, and uploading works."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection

    Group.objects.filter(name="Media library").delete()
    Collection.objects.all().delete()
    editor = member_factory(office, "editor", username="after-flush")
    group = Group.objects.get(name="Media library")
    assert group.collection_permissions.count() == 8
    client = Client()
    client.force_login(editor.user)
    response = client.post("/admin/images/add/", {"title": "Après", "file": png(size=(40, 30))})
    assert response.status_code == 302
    assert LibraryImage.objects.filter(title="Après").exists()


def test_media_item_has_a_rendition_and_the_rights(uploaded, settings):
    item = media_item_for(uploaded, "fr")
    rendition = LibraryRendition.objects.get(image=uploaded, filter_spec=RENDITION)
    assert (rendition.width, rendition.height) == (1600, 800)  # never wider than 1600 px
    assert item["url"] == settings.WAGTAILADMIN_BASE_URL.rstrip("/") + rendition.url
    assert item["credit"] == "Léonard de Serres" and item["licence"] == "cc-by-4.0"
    assert item["publication_end"] == "2030-12-31"
    assert item["title"] == {"fr": "Quais de Loire"}
    assert (item["width"], item["height"], item["mime_type"]) == (1600, 800, "image/png")
    # The rendition file is served.
    response = Client().get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_editor_media_row_picks_a_library_image(uploaded):
    form = MediaForm(
        data={"kind": "image", "library_image": str(uploaded.pk), "title": "", "main": "on"}
    )
    assert form.is_valid(), form.errors
    part = form.to_part()
    assert part["credit"] == "Léonard de Serres" and part["licence"] == "cc-by-4.0"
    assert part["url"].endswith(".png") and part["main"] is True
    assert "library_image" not in part
    assert fill_from_library({"kind": "image", "url": "x"}, "999") == {"kind": "image", "url": "x"}


def test_credit_and_licence_reach_the_public_api(uploaded, editor, network_reader):
    doc = {
        "type": "museum",
        "name": {"fr": "Musée des Beaux-Arts"},
        "media": [media_item_for(uploaded, "fr")],
    }
    obj = catalog.publish(editor, catalog.create_object(editor, doc))
    public = network_reader.get(f"/api/v1/objects/{obj.id}?lang=fr").json()
    medium = public["media"][0]
    assert medium["credit"] == "Léonard de Serres"
    assert "cc-by-4.0" in str(medium["licence"])
    assert medium["url"].startswith("http") and "/media/images/" in medium["url"]
    assert "image_rights" not in ObjectQuality.objects.get(object=obj).warning_codes


def test_an_image_without_credit_gets_the_quality_warning(editor):
    image = LibraryImage.objects.create(title="Sans crédit", file=png("nocredit.png", (40, 30)))
    doc = {"type": "museum", "name": {"fr": "Musée"}, "media": [media_item_for(image, "fr")]}
    obj = catalog.create_object(editor, doc)
    quality = ObjectQuality.objects.get(object=obj)
    assert "image_rights" in quality.warning_codes.split()


def test_documents_are_uploaded_and_served_as_attachments(editor):
    client = Client()
    client.force_login(editor.user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        "/admin/documents/add/",
        {"title": "Plan", "file": pdf, "credit": "OT Tours", "licence": "etalab-2.0"},
    )
    assert response.status_code == 302, response.content[:2000]
    document = LibraryDocument.objects.get(title="Plan")
    assert document.credit == "OT Tours"
    served = Client().get(document.url)
    assert served.status_code == 200
    assert Client().get(f"/media/{document.file.name}").status_code == 404  # never direct
    html = SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html")
    response = client.post("/admin/documents/add/", {"title": "Evil", "file": html})
    assert not LibraryDocument.objects.filter(title="Evil").exists()


@pytest.fixture
def network_reader(org_factory, member_factory) -> Client:
    board = org_factory("crt", kind="regional_board", is_network_admin=True)
    admin = member_factory(board, "admin", username="animator")
    project = factories.live_project(admin, admin, "Site")
    _key, raw = diffusion.create_key(admin, project, "site")
    return Client(headers={"X-API-Key": raw})
