"""The unchanged-save invariant's helpers: post back what the editor rendered, check nothing
moved (tests/backoffice/test_unchanged_save*.py)."""

from django.contrib.messages import get_messages
from django.urls import reverse

from opensit.catalog.models import Proposal, Revision, TourismObject
from opensit.diffusion.models import FeedEntry
from tests.formpost import as_post_data, form_fields

EDITOR_FORM = "form.opensit-editor"


def counts() -> tuple[int, int, int]:
    return Revision.objects.count(), FeedEntry.objects.count(), Proposal.objects.count()


def save_unchanged(client, obj: TourismObject) -> None:
    """GET the editor, post back what the browser would, and check nothing moved."""
    url = reverse("opensit_object_edit", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200, f"{obj.pk} {obj.name}: editor answered {page.status_code}"
    before, recorded = obj.document, counts()
    response = client.post(url, as_post_data(form_fields(page.content.decode(), EDITOR_FORM)))
    editor = response.context and response.context.get("editor")
    errors = editor and (editor.form.errors, editor.non_field_errors)
    assert response.status_code == 302, f"{obj.pk} {obj.name}: {response.status_code} {errors}"
    obj.refresh_from_db()
    assert obj.document == before, f"{obj.pk} {obj.name} changed on an unchanged save"
    assert counts() == recorded, f"{obj.pk} {obj.name}: a revision or proposal was recorded"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Rien n'a changé."], messages  # the back-office speaks French
