"""The API access screens: the public request page, an organisation's projects and keys, the
network's decisions. Keys and webhook secrets are shown in one answer, then never again."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from opensit.diffusion import services
from opensit.diffusion.keys import hash_key
from opensit.diffusion.models import AccessRequest, ApiKey, DiffusionProject
from opensit.network.models import Membership

pytestmark = pytest.mark.django_db

REQUEST = {
    "organisation_name": "Agence Loire Web",
    "contact_name": "Camille Martin",
    "email": "camille@loire-web.example",
    "project_name": "Vélo Loire app",
    "url": "https://velo.loire-web.example",
    "languages": ["fr", "en"],
    "intended_use": "Show the cycling stays along the Loire.",
    "terms": "on",
}


@pytest.fixture(autouse=True)
def _fresh_counters(fresh_counters):
    """Every test of these starts with empty counters (tests/conftest.py)."""


@pytest.fixture
def animator(org_factory, django_user_model):
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    user = django_user_model.objects.create_user("animator", "animator@crt.example", "x")
    Membership.objects.create(user=user, organisation=board, role="admin")
    return user


def test_the_public_page_asks_in_french_and_names_what_is_missing(client):
    page = client.get(reverse("api_access_request"), HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    assert "Demander un accès à l’API" in page.content.decode()
    refused = client.post(
        reverse("api_access_request"), {**REQUEST, "terms": ""}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert refused.status_code == 400
    assert 'data-error-for="terms"' in refused.content.decode()
    assert not AccessRequest.objects.exists()
    bad_language = client.post(reverse("api_access_request"), {**REQUEST, "languages": ["xx"]})
    assert bad_language.status_code == 400 and 'data-error-for="languages"' in (
        bad_language.content.decode()
    )


def test_a_sent_request_waits_on_the_network_admins_screen(client, animator):
    sent = client.post(reverse("api_access_request"), REQUEST)
    assert sent.status_code == 201 and "camille@loire-web.example" in sent.content.decode()
    client.force_login(animator)
    listing = client.get(reverse("opensit_projects"))
    assert [r.project_name for r in listing.context["requests"]] == ["Vélo Loire app"]
    request = AccessRequest.objects.get()
    client.post(
        reverse("opensit_access_request_decide", args=[request.pk]),
        {"decision": "accept", "organisation": "", "tier": "standard"},
    )
    request.refresh_from_db()
    assert request.status == "accepted"
    assert request.project.status == "active" and request.project.tier == "standard"
    assert request.project.organisation.name == "Agence Loire Web"


def test_an_office_admin_makes_a_key_seen_once_and_it_works(client, tours, animator):
    client.force_login(tours.user)
    created = client.post(
        reverse("opensit_project_new"),
        {"name": "Tours Visit", "url": "https://visit.example", "languages": ["fr"],
         "contact": "web@tours.example", "intended_use": "City site"},
    )  # fmt: skip
    project = DiffusionProject.objects.get(name="Tours Visit")
    assert created.status_code == 302 and project.status == "pending"
    shown = client.post(
        reverse("opensit_project_action", args=[project.pk]),
        {"action": "key_create", "name": "production"},
    )
    raw = re.search(r'data-testid="raw-key">([^<]+)<', shown.content.decode()).group(1)
    key = ApiKey.objects.get(project=project)
    assert key.key_hash == hash_key(raw) and key.name == "production"
    assert raw not in client.get(reverse("opensit_project", args=[project.pk])).content.decode()
    api = Client(headers={"X-API-Key": raw})
    assert api.get("/api/v1/objects").status_code == 403  # pending: refused until validated
    services.validate_project(
        services.Actor.for_user(animator, Membership.objects.get(user=animator).organisation),
        project,
    )
    assert api.get("/api/v1/objects").status_code == 200
    usage = client.get(reverse("opensit_project", args=[project.pk])).context
    assert ("objects", 1, 0) in usage["endpoints"] and usage["usage_total"] >= 1
    # rotate: the old key stops, the new one is shown once
    rotated = client.post(
        reverse("opensit_project_action", args=[project.pk]),
        {"action": "key_rotate", "key": key.pk},
    )
    new_raw = re.search(r'data-testid="raw-key">([^<]+)<', rotated.content.decode()).group(1)
    assert api.get("/api/v1/objects").status_code == 401
    assert Client(headers={"X-API-Key": new_raw}).get("/api/v1/objects").status_code == 200


def test_webhooks_and_scope_from_the_screen(client, tours):
    client.force_login(tours.user)
    project = services.create_project(tours.actor, "Tours Visit")
    url = reverse("opensit_project_action", args=[project.pk])
    shown = client.post(url, {"action": "webhook_add", "url": "https://hooks.example/opensit"})
    webhook = project.webhooks.get()
    assert webhook.secret in shown.content.decode()
    assert (
        webhook.secret
        not in client.get(reverse("opensit_project", args=[project.pk])).content.decode()
    )
    client.post(url, {"action": "webhook_pause", "webhook": webhook.pk})
    webhook.refresh_from_db()
    assert webhook.active is False
    refused = client.post(url, {"action": "scope"})  # neither the catalog nor a selection
    assert refused.status_code == 200 and refused.context["scope_form"].errors
    selection = services.create_selection(tours.actor, "musees", "Musées", object_ids=[])
    client.post(url, {"action": "scope", "selections": [selection.pk]})
    project.refresh_from_db()
    assert project.scope == "selections" and list(project.selections.all()) == [selection]


def test_who_sees_the_screens(client, tours, blois, animator, member_factory):
    project = services.create_project(tours.actor, "Tours Visit")
    detail = reverse("opensit_project", args=[project.pk])
    client.force_login(blois.user)  # an editor of another office
    assert client.get(reverse("opensit_projects")).status_code == 403
    other_admin = member_factory(blois.organisation, "admin", "blois-admin")
    client.force_login(other_admin.user)
    assert client.get(reverse("opensit_projects")).context["others"] == []
    assert client.get(detail).status_code == 404
    reader = member_factory(tours.organisation, "reader", "tours-reader")
    client.force_login(reader.user)
    assert client.get(detail).status_code == 403
    client.force_login(tours.user)
    page = client.get(detail)
    assert (
        page.status_code == 200 and 'data-testid="network-decisions"' not in page.content.decode()
    )
    client.post(
        reverse("opensit_project_action", args=[project.pk]), {"action": "tier", "tier": "premium"}
    )
    project.refresh_from_db()
    assert project.tier == "basic"
    client.force_login(animator)
    client.post(
        reverse("opensit_project_action", args=[project.pk]), {"action": "tier", "tier": "premium"}
    )
    client.post(
        reverse("opensit_project_action", args=[project.pk]),
        {"action": "suspend", "reason": "abuse"},
    )
    project.refresh_from_db()
    assert project.tier == "premium" and project.status == "suspended"
