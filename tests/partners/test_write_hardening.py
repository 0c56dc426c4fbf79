"""The write API against bad input and curious tokens: body size (413), other Authorization
schemes, what each role reads of an object, refusals that name nothing, and a property test:
any body gets a 2xx or a 4xx, never a 5xx."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.catalog import services as catalog
from opensit.network.permissions import Actor
from opensit.partners import tokens
from tests.partners.conftest import document, partner

pytestmark = pytest.mark.django_db

OBJECTS = "/api/v1/write/objects"
SECRET = "alarm code 4471"
HIDDEN_PHONE = "+33 6 99 88 77 66"
RAW_SOURCE = {"apidae": {"internal_rating": 2}}


def _send(client: Client, method: str, url: str, body: object, **extra: object) -> object:
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return getattr(client, method)(url, data=data, content_type="application/json", **extra)


def problem(response) -> dict:
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == response.status_code
    return body


# --- Body size --------------------------------------------------------------------------------


def test_a_3_mb_body_is_a_413_problem(net):
    big = document("Énorme", description={"fr": "x" * 3_000_000})
    response = _send(partner(net.tokens["tours"]), "post", OBJECTS, big)
    body = problem(response)
    assert response.status_code == 413 and body["type"].endswith("/too-large")
    response = _send(partner(net.tokens["tours"]), "patch", f"{OBJECTS}/{net.museum.id}", big)
    assert response.status_code == 413


def test_the_body_limit_is_a_setting(net, settings):
    settings.OPENSIT_WRITE_MAX_BYTES = 2_000
    small = document("Petit", description={"fr": "x" * 100})
    assert _send(partner(net.tokens["tours"]), "post", OBJECTS, small).status_code == 201
    bigger = document("Moyen", description={"fr": "x" * 3_000})
    response = _send(partner(net.tokens["tours"]), "post", OBJECTS, bigger)
    assert response.status_code == 413 and "2000" in problem(response)["detail"]


# --- Authorization schemes --------------------------------------------------------------------


def test_basic_authorization_is_ignored_when_the_key_is_in_x_api_key(net):
    client = Client(
        headers={"Authorization": "Basic dXNlcjpwYXNz", "X-API-Key": net.tokens["tours"]}
    )
    assert client.get(f"{OBJECTS}/{net.museum.id}").status_code == 200
    alone = Client(headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert problem(alone.get(f"{OBJECTS}/{net.museum.id}"))["status"] == 401
    # A Bearer token that is wrong stays a 401: the caller meant it.
    wrong = Client(headers={"Authorization": "Bearer opw_0.nope", "X-API-Key": net.tokens["tours"]})
    assert wrong.get(f"{OBJECTS}/{net.museum.id}").status_code == 401


def test_the_public_api_ignores_an_authorization_header(net, reader):
    from opensit.diffusion import services as diffusion

    project = diffusion.create_project(net.board_admin, "Other", url="https://o.example")
    project = diffusion.validate_project(net.board_admin, project)
    _key, raw = diffusion.create_key(net.board_admin, project, "o")
    client = Client(headers={"Authorization": "Basic dXNlcjpwYXNz", "X-API-Key": raw})
    assert client.get("/api/v1/communes").status_code == 200


# --- What each role reads ---------------------------------------------------------------------


@pytest.fixture
def rich(net):
    """A published Tours hotel, linked to the provider, co-edited by Blois, with every private
    part: internal notes, raw source data, a hidden contact, a closed-licence photo."""
    doc = document(
        "Grand Hôtel",
        private={"notes": SECRET, "provider_notes": "prefers email"},
        extra=RAW_SOURCE,
        contacts=[
            {"kind": "phone", "value": "+33 2 47 05 37 12"},
            {"kind": "mobile", "value": HIDDEN_PHONE, "public": False},
        ],
        media=[
            {"kind": "image", "url": "https://img.example/open.jpg", "licence": "cc-by-4.0"},
            {
                "kind": "image",
                "url": "https://img.example/closed.jpg",
                "licence": "all-rights-reserved",
            },
        ],
    )
    obj = catalog.publish(net.tours_editor, catalog.create_object(net.tours_editor, doc))
    catalog.link_provider(net.tours_editor, obj, net.provider)
    catalog.grant_coediting(Actor.system(), obj, net.blois)
    return obj


def _private_parts(body: dict) -> dict:
    return {
        "private": SECRET in json.dumps(body.get("private", {})),
        "extra": bool(body.get("extra")),
        "hidden contact": HIDDEN_PHONE in json.dumps(body.get("contacts", [])),
        "closed media": "closed.jpg" in json.dumps(body.get("media", [])),
    }


ALL_PARTS = {"private": True, "extra": True, "hidden contact": True, "closed media": True}
NO_PART = dict.fromkeys(ALL_PARTS, False)
READERS = [
    ("tours", ALL_PARTS),  # an editor token of the owner
    ("blois", ALL_PARTS),  # an editor token of a co-editor: it edits the whole document
    ("provider", NO_PART),  # the provider's contributor token: what a provider may see
]


@pytest.mark.parametrize(("who", "expected"), READERS)
def test_what_each_role_reads(net, rich, who, expected):
    response = partner(net.tokens[who]).get(f"{OBJECTS}/{rich.id}")
    assert response.status_code == 200
    body = response.json()
    assert _private_parts(body) == expected
    assert "+33 2 47 05 37 12" in json.dumps(body["contacts"])
    assert "open.jpg" in json.dumps(body["media"])


def test_the_contributor_view_of_a_document():
    from opensit.partners.reading import contributor_view

    document = {
        "name": {"fr": "x"},
        "private": {"notes": SECRET},
        "extra": RAW_SOURCE,
        "coeditors": ["ot-blois"],
        "contacts": [
            {"value": "a"},
            {"value": "b", "public": False},
            {"value": "c", "public": True},
        ],
        "media": [
            {"url": "o", "licence": "cc0"},
            {"url": "r", "licence": "all-rights-reserved"},
            {"url": "n"},
        ],
    }
    view = contributor_view(document)
    # What the public sees of the media, the provider sees: not the restricted one.
    assert view == {
        "name": {"fr": "x"},
        "contacts": [{"value": "a"}, {"value": "c", "public": True}],
        "media": [{"url": "o", "licence": "cc0"}, {"url": "n"}],
    }
    assert document["contacts"][1]["public"] is False  # the stored document is untouched


def test_an_owner_contributor_token_reads_as_a_contributor(net, rich):
    _token, raw = tokens.create_token(Actor.system(), net.tours, "kiosk", role="contributor")
    body = partner(raw).get(f"{OBJECTS}/{rich.id}").json()
    assert _private_parts(body) == NO_PART


# --- Refusals name nothing --------------------------------------------------------------------


def _unknown(client: Client, method: str) -> dict:
    if method == "get":
        return problem(client.get(f"{OBJECTS}/no-such-object"))
    return problem(_send(client, method, f"{OBJECTS}/no-such-object", {"name": {"fr": "x"}}))


@pytest.mark.parametrize("method", ["get", "patch", "put"])
@pytest.mark.parametrize(("who", "target"), [("tours", "castle"), ("provider", "museum")])
def test_another_organisations_unpublished_object_is_not_found(net, who, target, method):
    obj = getattr(net, target)
    client = partner(net.tokens[who])
    if method == "get":
        response = client.get(f"{OBJECTS}/{obj.id}")
    else:
        response = _send(client, method, f"{OBJECTS}/{obj.id}", document("Pris", "castle"))
    body = problem(response)
    assert response.status_code == 404
    assert obj.name not in response.content.decode()
    unknown = _unknown(client, method)
    assert body["detail"].replace(obj.id, "ID") == unknown["detail"].replace("no-such-object", "ID")


def test_a_published_object_of_another_organisation_stays_a_403(net):
    response = _send(partner(net.tokens["blois"]), "patch", f"{OBJECTS}/{net.hotel.id}", {})
    assert response.status_code == 403


# --- Property: any body, never a 5xx -----------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=15,
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["hotel", "museum", "", "spaceship"]) | st.text(max_size=5),
        "name": st.dictionaries(st.sampled_from(["fr", "en", "", "xx"]), st.text(max_size=20)),
        "location": JSON,
        "contacts": st.lists(JSON, max_size=2),
        "media": st.lists(JSON, max_size=2),
        "opening": JSON,
        "pricing": JSON,
        "description": JSON,
    },
)
BODIES = st.one_of(
    JSON.map(lambda value: json.dumps(value, allow_nan=True)),
    FIELDS.map(json.dumps),
    st.binary(max_size=200),
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(body=BODIES, method=st.sampled_from(["post", "patch", "put"]))
def test_any_body_is_answered_without_a_server_error(net, body, method):
    url = OBJECTS if method == "post" else f"{OBJECTS}/{net.museum.id}"
    response = _send(partner(net.tokens["tours"]), method, url, body)
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        problem(response)


def test_the_413_speaks_french(net, settings):
    settings.OPENSIT_WRITE_MAX_BYTES = 100
    big = document("Grand", description={"fr": "x" * 200})
    response = _send(partner(net.tokens["tours"]), "post", OBJECTS, big, HTTP_ACCEPT_LANGUAGE="fr")
    assert problem(response)["detail"] == "Le corps dépasse 100 octets."
