"""Real-browser journey of the search synonyms: a network admin tries a query, is told why a
one-term rule is refused, adds "resto → restaurant", sees it apply to the public search at
once (no re-indexing), turns it off; an office editor reads the rules and cannot change them.
Screenshots in test-artifacts/."""

import pytest
from playwright.sync_api import expect

from opensit.catalog import services
from opensit.network.permissions import Actor
from opensit.search.query import SearchParams, search
from opensit.search.synonym_models import Synonym
from tests.backoffice.conftest import PASSWORD
from tests.backoffice.governance import network  # noqa: F401 (fixture)
from tests.backoffice.test_browser import login
from tests.browser import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def found(q: str) -> list[str]:
    return list(search(SearchParams(q=q, lang="fr")).ids)


def test_network_admin_adds_a_synonym_that_applies_at_once(page, live_server, network):  # noqa: F811
    for user in network.users.values():
        user.set_password(PASSWORD)
        user.save()
    editor = Actor.for_user(network.users["editor"], network.tours)
    restaurant = services.create_object(
        editor,
        {
            "type": "restaurant",
            "name": {"fr": "L'Arche de Meslay"},
            "description": {"fr": "Restaurant de cuisine de saison au bord de la Loire."},
            "location": {"commune": {"insee": "37261", "name": "Tours"}},
        },
    )
    services.publish(editor, restaurant)
    assert found("resto") == []

    login(page, live_server, "network_admin")
    synonyms_url = f"{live_server.url}/admin/opensit/vocabularies/synonyms/"
    page.goto(synonyms_url)
    expect(page.locator("[data-testid=synonyms]")).to_contain_text("Aucune règle")
    try_box = page.locator("[data-testid=try-synonyms]")
    try_box.locator("input[name=q]").fill("resto")
    try_box.locator("button").click()
    expect(page.locator("[data-testid=expansions]")).to_contain_text("Aucun synonyme")

    page.locator("[data-testid=add-synonym]").click()
    form = page.locator("[data-testid=synonym-form]")
    form.locator("textarea[name=terms]").fill("resto")
    form.locator("input[name=kind][value=one_way]").check()
    form.locator("button", has_text="Enregistrer").click()
    expect(form).to_contain_text("au moins 2 termes")
    shoot(page, "30-synonym-refused")
    assert not Synonym.objects.exists()

    form.locator("textarea[name=terms]").fill("resto\nrestaurant")
    form.locator("input[name=kind][value=one_way]").check()
    form.locator("textarea[name=note]").fill("Abréviation courante des visiteurs.")
    form.locator("button", has_text="Enregistrer").click()
    rule = Synonym.objects.get()
    assert (rule.terms, rule.kind, rule.active) == (["resto", "restaurant"], "one_way", True)
    row = page.locator(f"[data-rule='{rule.pk}']")
    expect(row).to_contain_text("resto")
    try_box.locator("input[name=q]").fill("resto tours")
    try_box.locator("button").click()
    expect(page.locator("[data-testid=expansions]")).to_contain_text("restaurant")
    shoot(page, "31-synonym-added-and-tried")
    assert found("resto") == [restaurant.id]  # the public search, with no re-indexing
    assert found("resto tours") == [restaurant.id]

    row.locator("button", has_text="Désactiver").click()
    expect(page.locator(f"[data-rule='{rule.pk}']")).to_contain_text("Désactivée")
    rule.refresh_from_db()
    assert rule.active is False
    assert found("resto") == []

    # An office editor reads the rules and tries queries, but changes nothing.
    page.context.clear_cookies()
    login(page, live_server, "editor")
    page.goto(synonyms_url)
    expect(page.locator(f"[data-rule='{rule.pk}']")).to_be_visible()
    expect(page.locator("[data-testid=add-synonym]")).to_have_count(0)
    expect(page.locator(f"[data-rule='{rule.pk}'] button")).to_have_count(0)
    shoot(page, "32-synonyms-read-only")
    response = page.goto(f"{synonyms_url}add/")
    assert response is not None and response.status == 403
