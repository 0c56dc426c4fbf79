"""Property-based (Hypothesis): for documents drawn from the canonical schema, saving unchanged
through the editor or the write API changes nothing, and one change in the editor changes one
path."""

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from opensit.backoffice.forms.editor import DocumentEditor
from opensit.catalog import patch, services, workflow
from opensit.catalog.models import Proposal, TourismObject
from opensit.network.models import Membership
from opensit.partners import tokens
from tests.formpost import editor_post_data
from tests.strategies import documents

pytestmark = pytest.mark.django_db
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def office(org_factory, member_factory):
    organisation = org_factory("ot-tours")
    return member_factory(organisation, Membership.Role.ADMIN)


def _editor_round_trip(obj: TourismObject, change: dict[str, str] | None = None):
    opened = DocumentEditor(obj.type, obj.document)
    data = editor_post_data(opened)
    data.update(change or {})
    posted = DocumentEditor(obj.type, obj.document, data)
    document = posted.validated()
    assert document is not None, (posted.form.errors, posted.non_field_errors)
    return document


@PROPERTY
@given(document=documents())
def test_editor_unchanged_save_and_one_change(office, document):
    obj = services.create_object(office, document)
    before = obj.document
    outcome = workflow.edit(office, obj, _editor_round_trip(obj), base_version=obj.version)
    obj.refresh_from_db()
    assert outcome.kind == "unchanged", patch.changes(before, obj.document)
    assert obj.document == before

    name_en = "Nom modifié par la propriété"
    edited = _editor_round_trip(obj, {"name_en": name_en})
    workflow.edit(office, obj, edited, base_version=obj.version)
    obj.refresh_from_db()
    assert [edit.dotted for edit in patch.changes(before, obj.document)] == ["name.en"]


@PROPERTY
@given(document=documents())
def test_write_api_get_then_put_changes_nothing(client, office, document):
    obj = services.create_object(office, document)
    _token, raw = tokens.create_token(office, office.organisation, "site")
    headers = {"Authorization": f"Bearer {raw}"}
    url = f"/api/v1/write/objects/{obj.id}"
    body = client.get(url, headers=headers).json()
    response = client.put(url, orjson.dumps(body), content_type="application/json", headers=headers)
    proposal = Proposal.objects.filter(object=obj).first()
    changed = proposal and workflow.review_diff(proposal)
    assert (response.status_code, response.json()["status"]) == (200, "unchanged"), changed
    assert proposal is None
