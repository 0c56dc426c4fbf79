"""The write API applies changes, never replacements: GET then PUT of the same body changes
nothing for every role; one changed value proposes one path; what a provider may not read
(internal notes, source data, private contacts, closed media) survives its PUT and PATCH and
their approval; PATCH replaces the top-level fields it names and `null` empties one."""

import orjson
import pytest

from opensit.catalog import patch, workflow
from opensit.catalog.models import Proposal, TourismObject
from tests.factories import PRIVATE_NOTE, PRIVATE_PHONE
from tests.partners.conftest import partner

pytestmark = pytest.mark.django_db
OBJECTS = "/api/v1/write/objects"


def _send(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, orjson.dumps(body), content_type="application/json")


def _approve(net, obj: TourismObject) -> dict:
    proposal = Proposal.objects.get(object=obj, status=Proposal.Status.PENDING)
    workflow.approve(net.tours_editor, proposal)
    obj.refresh_from_db()
    return obj.document


WRITERS = [("tours", "hotel"), ("provider", "hotel"), ("tours", "shared"), ("blois", "shared")]


@pytest.mark.parametrize(("token", "target"), WRITERS)
def test_get_then_put_of_the_same_body_changes_nothing(net, token, target):
    obj = getattr(net, target)
    client = partner(net.tokens[token])
    body = client.get(f"{OBJECTS}/{obj.id}").json()
    response = _send(client, "put", f"{OBJECTS}/{obj.id}", body)
    assert (response.status_code, response.json()["status"]) == (200, "unchanged")
    assert not Proposal.objects.exists()
    response = _send(client, "patch", f"{OBJECTS}/{obj.id}", {"name": body["name"]})
    assert (response.status_code, response.json()["status"]) == (200, "unchanged")


def test_a_provider_put_keeps_what_it_cannot_read(net):
    hotel = net.hotel
    closed = {"kind": "image", "url": "https://img.exemple.fr/univers/prive.jpg",
              "credit": "Agence X", "licence": "all-rights-reserved"}  # fmt: skip
    hotel.document = {**hotel.document, "media": [closed, *hotel.document["media"]]}
    hotel.save(update_fields=["document"])
    before = hotel.document
    client = partner(net.tokens["provider"])
    body = client.get(f"{OBJECTS}/{hotel.id}").json()
    assert PRIVATE_PHONE not in orjson.dumps(body).decode()
    assert "private" not in body and "extra" not in body
    body["description"]["fr"] = "Rénové en 2026."
    body["media"][0]["credit"] = "Léonard de Serres, OT Tours"
    response = _send(client, "put", f"{OBJECTS}/{hotel.id}", body)
    assert response.status_code == 202, response.content
    after = _approve(net, hotel)
    assert [edit.dotted for edit in patch.changes(before, after)] == [
        "description.fr",
        "media[1].credit",  # the provider's first medium is the second stored one
    ]
    assert after["private"]["notes"] == PRIVATE_NOTE
    assert PRIVATE_PHONE in orjson.dumps(after["contacts"]).decode()


def test_a_provider_removing_a_photo_keeps_the_private_rows(net):
    hotel = net.hotel
    before = hotel.document
    client = partner(net.tokens["provider"])
    body = client.get(f"{OBJECTS}/{hotel.id}").json()
    body["media"] = body["media"][1:]
    assert _send(client, "put", f"{OBJECTS}/{hotel.id}", body).status_code == 202
    after = _approve(net, hotel)
    assert after["media"] == before["media"][1:]
    assert after["contacts"] == before["contacts"]


def test_patch_replaces_named_fields_and_null_empties(net):
    museum_house = net.shared  # Blois, co-edited by Tours: the Tours token edits all of it
    before = museum_house.document
    client = partner(net.tokens["tours"])
    url = f"{OBJECTS}/{museum_house.id}"
    response = _send(client, "patch", url, {"description": {"fr": "Seulement en français."}})
    assert response.status_code == 202
    proposal = Proposal.objects.get(object=museum_house)
    assert sorted(proposal.changes) == ["description"]
    after = _approve(net, museum_house)
    assert after["description"] == {"fr": "Seulement en français."}  # the field, whole
    assert {key for key in before if before[key] != after.get(key)} == {
        "description", "updated_at"}  # fmt: skip
    response = _send(client, "patch", url, {"practical_info": None})
    assert response.status_code == 202
    after = _approve(net, museum_house)
    assert "practical_info" not in after
    assert after["contacts"] == before["contacts"]
