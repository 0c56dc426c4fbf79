"""The partner write API: tokens, the rights matrix, validation errors as problem details, and
the path of a proposal from the API through the back-office review to the public API."""

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from opensit.catalog import services as catalog
from opensit.catalog import workflow
from opensit.catalog.models import Proposal, Revision, TourismObject
from opensit.core.models import AuditEntry
from opensit.partners.models import PartnerToken, Submission
from tests.partners.conftest import document, partner

pytestmark = pytest.mark.django_db

OBJECTS = "/api/v1/write/objects"


def _send(client, method: str, url: str, body) -> object:
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return getattr(client, method)(url, data=data, content_type="application/json")


def _state() -> tuple:
    """Everything a refused write must leave untouched."""
    return (
        sorted(TourismObject.objects.values_list("id", "version", "status", "content_hash")),
        Proposal.objects.count(),
        Revision.objects.count(),
        Submission.objects.count(),
        AuditEntry.objects.count(),
    )


# --- Tokens -----------------------------------------------------------------------------------


def test_tokens_are_hashed_at_rest_and_revocable(net):
    raw = net.tokens["tours"]
    stored = PartnerToken.objects.get(organisation=net.tours)
    assert raw.startswith(stored.prefix + ".")
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest() != raw
    assert not PartnerToken.objects.filter(token_hash=raw).exists()
    assert partner(raw).get(f"{OBJECTS}/{net.hotel.id}").status_code == 200
    out = StringIO()
    with translation.override("en"):
        call_command("partner-token", "revoke", stored.prefix, stdout=out)
    assert f"Token {stored.prefix} revoked." in out.getvalue()
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    response = partner(raw).get(f"{OBJECTS}/{net.hotel.id}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_cli_creates_a_token_shown_once(net):
    out = StringIO()
    call_command("partner-token", "create", "ot-blois", "--name", "site", stdout=out)
    raw = out.getvalue().split()[-1]
    assert raw.startswith("opw_")
    token = PartnerToken.objects.get(organisation=net.blois, name="site")
    assert token.role == "editor" and token.token_hash != raw
    call_command("partner-token", "create", "hotel-univers", stdout=out)
    assert PartnerToken.objects.filter(organisation=net.provider, role="contributor").count() == 2


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer opw_00000000.nope"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"X-API-Key": "not-a-token"},
    ],
)
def test_missing_or_bad_tokens_get_401(net, headers):
    from django.test import Client

    before = _state()
    response = _send(Client(headers=headers), "post", OBJECTS, document("Nouveau"))
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401 and body["type"].endswith("/invalid-token")
    assert _state() == before


def test_a_diffusion_key_is_not_a_write_token(net, reader):
    before = _state()
    response = _send(reader, "post", OBJECTS, document("Nouveau"))
    assert response.status_code == 401
    assert _state() == before


def test_the_token_also_works_in_x_api_key(net):
    from django.test import Client

    client = Client(headers={"X-API-Key": net.tokens["tours"]})
    response = _send(
        client, "patch", f"{OBJECTS}/{net.museum.id}", {"short_description": {"fr": "Beaux-arts"}}
    )
    assert response.status_code == 202


# --- Rights matrix ----------------------------------------------------------------------------

# (token, object, body, expected status): editors write to what their organisation owns or
# co-edits; a provider's contributor token to its establishment, provider fields only. Another
# organisation's unpublished object is not found (404), as an unknown id.
TEXT = {"short_description": {"fr": "Texte proposé"}}
NAME = {"name": {"fr": "Nouveau nom"}}
MATRIX = [
    ("tours", "hotel", TEXT, 202),
    ("tours", "museum", NAME, 202),
    ("tours", "shared", TEXT, 202),
    ("tours", "castle", TEXT, 404),
    ("blois", "hotel", TEXT, 403),
    ("blois", "castle", NAME, 202),
    ("blois", "shared", TEXT, 202),
    ("provider", "hotel", TEXT, 202),
    ("provider", "hotel", NAME, 403),
    ("provider", "museum", TEXT, 404),
    ("provider", "castle", TEXT, 404),
]


@pytest.mark.parametrize("method", ["patch", "put"])
@pytest.mark.parametrize(("who", "target", "body", "expected"), MATRIX)
def test_rights_matrix(net, who, target, body, expected, method):
    obj = getattr(net, target)
    payload = body
    if method == "put":  # the whole document, as the partner reads it and sends it back
        read = partner(net.tokens[who]).get(f"{OBJECTS}/{obj.id}")
        if read.status_code != 200:  # it may not read it: the owner's copy
            owner = partner(net.tokens["tours" if target != "castle" else "blois"])
            read = owner.get(f"{OBJECTS}/{obj.id}")
        payload = {**read.json(), **body}
    before = _state()
    response = _send(partner(net.tokens[who]), method, f"{OBJECTS}/{obj.id}", payload)
    assert response.status_code == expected, response.content
    if expected in (403, 404):
        assert response.json()["status"] == expected
        assert _state() == before
        return
    proposal = Proposal.objects.get(object=obj, status="pending")
    assert proposal.origin == "api" and proposal.proposer is None
    assert proposal.organisation == getattr(net, who)
    assert set(proposal.changes) == set(body)
    obj.refresh_from_db()
    assert obj.version == getattr(net, target).version  # the live version is untouched
    status = partner(net.tokens[who]).get(response["Location"]).json()
    assert status["status"] == "pending" and status["object"] == obj.id
    assert AuditEntry.objects.filter(action="partners.submit", origin="api").exists()


def test_reading_follows_the_same_rights(net):
    assert partner(net.tokens["tours"]).get(f"{OBJECTS}/{net.shared.id}").status_code == 200
    assert partner(net.tokens["tours"]).get(f"{OBJECTS}/{net.castle.id}").status_code == 404
    assert partner(net.tokens["provider"]).get(f"{OBJECTS}/{net.hotel.id}").status_code == 200
    assert partner(net.tokens["provider"]).get(f"{OBJECTS}/{net.museum.id}").status_code == 404
    assert partner(net.tokens["blois"]).get(f"{OBJECTS}/{net.hotel.id}").status_code == 403


def test_unknown_ids_get_404(net):
    before = _state()
    client = partner(net.tokens["tours"])
    response = _send(client, "patch", f"{OBJECTS}/nope", TEXT)
    assert response.status_code == 404 and response.json()["status"] == 404
    assert client.get("/api/v1/write/proposals/999999").status_code == 404
    assert client.get(f"/api/v1/write/proposals/{2**70}").status_code in (400, 404)
    assert _state() == before


def test_another_organisations_submission_is_not_found(net):
    response = _send(partner(net.tokens["tours"]), "patch", f"{OBJECTS}/{net.museum.id}", TEXT)
    url = response["Location"]
    assert partner(net.tokens["tours"]).get(url).status_code == 200
    assert partner(net.tokens["blois"]).get(url).status_code == 404


def test_an_unchanged_document_makes_no_proposal(net):
    client = partner(net.tokens["tours"])
    current = client.get(f"{OBJECTS}/{net.museum.id}").json()
    before = _state()
    response = _send(client, "put", f"{OBJECTS}/{net.museum.id}", current)
    assert response.status_code == 200 and response.json()["status"] == "unchanged"
    assert _state() == before


# --- Creation ---------------------------------------------------------------------------------


def test_an_office_creates_an_object_waiting_for_publication(net, reader):
    client = partner(net.tokens["tours"])
    response = _send(client, "post", OBJECTS, document("Gîte des Tanneurs", "rental"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "create" and body["status"] == "pending"
    obj = TourismObject.objects.get(pk=body["object"])
    assert obj.owner == net.tours and obj.status == "proposed"
    assert obj.revisions.first().origin == "api"
    assert reader.get(f"/api/v1/objects/{obj.id}").status_code == 404  # not public yet
    catalog.publish(net.tours_editor, obj)
    assert client.get(response["Location"]).json()["status"] == "approved"
    public = reader.get(f"/api/v1/objects/{obj.id}?lang=fr")
    assert public.status_code == 200 and public.json()["name"] == "Gîte des Tanneurs"


def test_a_provider_sends_a_creation_request_to_the_commune_office(net):
    response = _send(partner(net.tokens["provider"]), "post", OBJECTS, document("Annexe"))
    assert response.status_code == 201, response.content
    obj = TourismObject.objects.get(pk=response.json()["object"])
    assert obj.owner == net.tours and obj.status == "proposed"
    assert net.provider in obj.providers.all()
    assert Proposal.objects.get(object=obj).kind == "create"


def test_storage_fields_are_set_by_the_platform_not_the_partner(net):
    body = document("Camping", "campsite", id="chosen-id", status="published", owner="ot-blois")
    response = _send(partner(net.tokens["tours"]), "post", OBJECTS, body)
    assert response.status_code == 201
    obj = TourismObject.objects.get(pk=response.json()["object"])
    assert obj.id != "chosen-id" and obj.status == "proposed" and obj.owner == net.tours


# --- Validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "spaceship", "name": {"fr": "X"}}, "type"),
        ({"type": "hotel"}, "name"),
        ({"type": "hotel", "name": {"fr": "X"}, "colour": "blue"}, "colour"),
        (document("X", location={"latitude": "north"}), "location.latitude"),
        (document("X", media=[{"kind": "image"}]), "media.0.url"),
        (document("X\x00"), "name.fr"),
    ],
)
def test_invalid_documents_get_422_naming_the_field(net, body, field):
    before = _state()
    response = _send(partner(net.tokens["tours"]), "post", OBJECTS, body)
    assert response.status_code == 422, response.content
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert problem["parameter"] == field and field in problem["detail"]
    assert _state() == before


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", ""])
def test_a_body_that_is_not_a_json_object_gets_400(net, raw):
    response = _send(partner(net.tokens["tours"]), "post", OBJECTS, raw)
    assert response.status_code == 400 and response.json()["status"] == 400


def test_a_bad_partial_update_names_the_field(net):
    before = _state()
    body = {"pricing": {"prices": [{"min": 120, "max": 95}]}}
    response = _send(partner(net.tokens["tours"]), "patch", f"{OBJECTS}/{net.museum.id}", body)
    assert response.status_code == 422
    assert response.json()["parameter"].startswith("pricing.prices.0")
    assert _state() == before


def test_rich_text_is_sanitised(net):
    body = {
        "description": {
            "fr": '<p>Vue <script>alert(1)</script><a href="/x" onclick="y">ici</a></p>'
        }
    }
    response = _send(partner(net.tokens["tours"]), "patch", f"{OBJECTS}/{net.museum.id}", body)
    assert response.status_code == 202
    text = Proposal.objects.get(object=net.museum).changes["description"]["fr"]
    assert "<script" not in text and "onclick" not in text and '<a href="/x"' in text


# --- From the API to the public API -----------------------------------------------------------


def test_an_approved_proposal_shows_in_the_public_api(net, reader):
    client = partner(net.tokens["provider"])
    response = _send(
        client,
        "patch",
        f"{OBJECTS}/{net.hotel.id}",
        {"short_description": {"fr": "Rénové en 2026"}},
    )
    assert response.status_code == 202
    assert (
        reader.get(f"/api/v1/objects/{net.hotel.id}?lang=fr").json().get("short_description")
        != "Rénové en 2026"
    )
    proposal = Submission.objects.get(pk=response.json()["id"]).proposal
    workflow.approve(net.tours_editor, proposal, "ok")
    status = client.get(response["Location"]).json()
    assert status["status"] == "approved" and status["review_comment"] == "ok"
    public = reader.get(f"/api/v1/objects/{net.hotel.id}?lang=fr").json()
    assert public["short_description"] == "Rénové en 2026"


def test_a_rejected_proposal_reports_the_reason(net):
    client = partner(net.tokens["tours"])
    response = _send(client, "patch", f"{OBJECTS}/{net.museum.id}", TEXT)
    proposal = Submission.objects.get(pk=response.json()["id"]).proposal
    workflow.reject(net.tours_editor, proposal, "Source missing")
    status = client.get(response["Location"]).json()
    assert status["status"] == "rejected" and status["review_comment"] == "Source missing"


def test_the_write_api_is_in_the_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {"post"} <= set(paths["/api/v1/write/objects"])
    assert {"put", "patch", "get"} <= set(paths["/api/v1/write/objects/{object_id}"])
    assert "get" in paths["/api/v1/write/proposals/{submission_id}"]
    assert "TourismDocument" in schema["components"]["schemas"]
    body = paths["/api/v1/write/objects"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"] == "#/components/schemas/TourismDocument"


def test_errors_speak_french_first(net):
    from django.test import Client

    client = Client(headers={"Accept-Language": "fr"})
    response = _send(client, "post", OBJECTS, document("Nouveau"))
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Un jeton d’écriture valide est requis")
    client = Client(
        headers={"Authorization": f"Bearer {net.tokens['tours']}", "Accept-Language": "fr"}
    )
    response = _send(client, "post", OBJECTS, {"type": "hotel"})
    assert response.json()["detail"].startswith("Champ « name » invalide")
