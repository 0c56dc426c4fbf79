"""The first hour of an integrator and of a reader, in a real browser, in French, with
screenshots (test-artifacts/screenshots/5x-*): request API access on the public page, the
network admin accepts, the contact accepts the invitation, makes a key (shown once) and makes a
first API call, whose count the project's usage shows; a reader opens an object read-only."""

import re

import pytest
from django.core import mail

from opensit.catalog import services as catalog
from opensit.diffusion.keys import hash_key
from opensit.diffusion.models import AccessRequest, ApiKey
from opensit.network.models import Membership
from opensit.network.permissions import Actor
from tests.browser import login, shoot

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_counters(fresh_counters):
    """Every test of these starts with empty counters (tests/conftest.py)."""


@pytest.fixture
def network(org_factory, django_user_model):
    """A network admin, an office with a reader, and one published castle."""
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    admin = django_user_model.objects.create_user("animateur", "animateur@crt.example", PASSWORD)
    Membership.objects.create(user=admin, organisation=board, role="admin")
    office = org_factory("ot-amboise")
    editor = django_user_model.objects.create_user("redac", "redac@ot.example", PASSWORD)
    Membership.objects.create(user=editor, organisation=office, role="editor")
    reader = django_user_model.objects.create_user("lecteur", "lecteur@ot.example", PASSWORD)
    Membership.objects.create(user=reader, organisation=office, role="reader")
    actor = Actor.for_user(editor, office)
    castle = catalog.publish(
        actor,
        catalog.create_object(
            actor,
            {
                "type": "place",
                "name": {"fr": "Château royal d'Amboise"},
                "location": {
                    "commune": {"insee": "37003", "name": "Amboise"},
                    "latitude": 47.4133,
                    "longitude": 0.9856,
                },
            },
        ),
    )
    return {"admin": admin, "reader": reader, "castle": castle}


def test_request_access_then_validation_then_key_then_first_call(page, live_server, network):
    # 1. The integrator finds the door on the home page and asks.
    page.goto(f"{live_server.url}/")
    page.click("[data-testid=door-access]")
    assert page.inner_text("h1") == "Demander un accès à l’API"
    page.fill("#id_organisation_name", "Agence Loire Web")
    page.fill("#id_contact_name", "Camille Martin")
    page.fill("#id_email", "camille@loire-web.example")
    page.fill("#id_project_name", "Vélo Loire")
    page.fill("#id_url", "https://velo.loire-web.example")
    page.check("input[name=languages][value=fr]")
    page.fill("#id_intended_use", "Les séjours à vélo le long de la Loire, 2 000 appels par jour.")
    shoot(page, "50-api-access-request")
    page.click("button[type=submit]")
    assert page.locator("[data-error-for=terms]").count() == 1  # the terms are not accepted yet
    assert [f.split()[0] for f in page.failures] == ["400"]  # type: ignore[attr-defined]
    page.failures.clear()  # type: ignore[attr-defined]
    page.check("#id_terms")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=request-sent]")
    shoot(page, "51-api-access-sent")
    assert AccessRequest.objects.get().status == "pending"

    # 2. The network admin accepts it, at the standard tier.
    login(page, live_server, "animateur", PASSWORD)
    page.goto(f"{live_server.url}/admin/opensit/projects/")
    row = page.locator("[data-testid=access-requests] tr", has_text="Vélo Loire")
    row.locator("select[name=tier]").select_option("standard")
    shoot(page, "52-api-access-review")
    row.locator("[data-testid=accept-request]").click()
    page.wait_for_selector("[data-testid=projects] >> text=Vélo Loire")
    invitation = next(m for m in mail.outbox if m.to == ["camille@loire-web.example"])
    link = re.search(r"https?://\S+/invitations/\S+/", invitation.body).group(0)

    # 3. The contact joins its organisation as admin...
    page.context.clear_cookies()
    page.goto(link)
    page.fill("#id_username", "camille")
    page.fill("#id_password", "velo loire 2026 passphrase")
    page.fill("#id_password2", "velo loire 2026 passphrase")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=accepted]")
    login(page, live_server, "camille", "velo loire 2026 passphrase")

    # 4. ...opens the project from the menu, and makes a key, shown once.
    page.goto(f"{live_server.url}/admin/opensit/projects/")
    page.click("[data-testid=projects] >> text=Vélo Loire")
    assert page.inner_text("[data-testid=project-tier]") == "Standard"
    page.fill("[data-testid=create-key] input[name=name]", "site web")
    page.click("[data-testid=create-key] button")
    raw = page.inner_text("[data-testid=raw-key]").strip()
    assert ApiKey.objects.get(name="site web").key_hash == hash_key(raw)
    assert raw in page.inner_text("[data-testid=curl]")
    shoot(page, "53-api-key-shown-once")

    # 5. The first API call with it, then the usage counts it.
    answer = page.request.get(
        f"{live_server.url}/api/v1/objects?q=amboise", headers={"X-API-Key": raw}
    )
    assert answer.status == 200
    assert [item["name"] for item in answer.json()["items"]] == ["Château royal d'Amboise"]
    project = ApiKey.objects.get(name="site web").project
    page.goto(f"{live_server.url}/admin/opensit/projects/{project.pk}/")  # not shown any more
    assert raw not in page.content()
    assert page.locator("[data-testid=usage-endpoints] td", has_text="objects").count() == 1
    shoot(page, "54-api-usage")
    assert page.violations == [] and page.failures == []  # type: ignore[attr-defined]


def test_a_reader_opens_an_object_read_only(page, live_server, network):
    login(page, live_server, "lecteur", PASSWORD)
    page.goto(f"{live_server.url}/admin/opensit/objects/")
    page.click("text=Château royal d'Amboise")
    page.wait_for_selector("text=votre rôle ne vous permet pas de le modifier")
    form = "[data-testid=editor]"
    fields = page.locator(f"{form} select:visible, {form} input:visible, {form} textarea:visible")
    states = fields.evaluate_all("fields => fields.map(f => f.disabled || f.readOnly)")
    assert states and all(states)  # every field shown is disabled
    saves = page.locator("main button:visible", has_text=re.compile("Enreg|Publi|Dépubli"))
    assert saves.count() == 0  # no save, no status button
    shoot(page, "55-reader-read-only")
    assert page.violations == [] and page.failures == []  # type: ignore[attr-defined]
