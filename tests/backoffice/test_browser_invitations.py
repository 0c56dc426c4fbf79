"""Real-browser test of the invitations: an organisation admin invites a member by email from
the organisation page; the invitee opens the link of the mail, chooses a username and a
password, and logs in to the back-office as a member. Screenshots in test-artifacts/."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from opensit.network.models import Membership
from tests.backoffice.conftest import PASSWORD
from tests.backoffice.test_browser import login
from tests.browser import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_invites_a_member_who_accepts_in_the_browser(page, live_server, tours):
    login(page, live_server, tours.user.username)
    page.goto(f"{live_server.url}/admin/opensit/organisations/{tours.organisation.slug}/")
    form = page.locator("[data-testid=invite]")
    form.locator("input[name=email]").fill("Camille.Martin@tours.example")
    form.locator("select[name=role]").select_option("editor")
    form.locator("button").click()
    row = page.locator("[data-invitation='camille.martin@tours.example']")
    expect(row).to_be_visible()
    shoot(page, "20-organisation-invitations")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["camille.martin@tours.example"]
    link = re.search(r"https?://\S+/invitations/[\w-]+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    page.context.clear_cookies()  # the invitee is not logged in
    page.goto(link.group(0))
    expect(page.locator("[data-testid=invitation]")).to_contain_text(tours.organisation.name)
    page.fill("input[name=username]", "camille")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    shoot(page, "21-invitation-accept")
    page.click("button[type=submit]")
    expect(page.locator("[data-testid=accepted]")).to_be_visible()
    shoot(page, "22-invitation-accepted")
    membership = Membership.objects.get(user__username="camille")
    assert (membership.organisation, membership.role) == (tours.organisation, "editor")

    # The link is spent; the new member logs in and sees the organisation's members.
    page.goto(link.group(0))
    expect(page.locator("[data-testid=refusal]")).to_be_visible()
    login(page, live_server, "camille")
    page.goto(f"{live_server.url}/admin/opensit/organisations/{tours.organisation.slug}/")
    expect(page.locator("[data-member=camille]")).to_be_visible()
    expect(page.locator("[data-testid=invite]")).to_have_count(0)  # editors do not invite


def test_network_admin_governs_vocabulary_sharing_and_reads_the_audit_log(
    page, live_server, tours, blois, catalog, org_factory, django_user_model
):
    from opensit.catalog import services
    from opensit.catalog.models import TourismObject, VocabularyEntry
    from opensit.catalog.vocabularies import Entry, upsert_entries

    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    animator = django_user_model.objects.create_user("animatrice", password=PASSWORD)
    Membership.objects.create(user=animator, organisation=board, role="admin")
    upsert_entries(
        [
            Entry("amenity", "BikeShelter", {"fr": "Abri vélos"}),
            Entry("amenity", "BikeGarage", {"fr": "Garage à vélos", "en": "Bike garage"}),
        ]
    )
    hotel = catalog["hotel"]
    services.update_object(tours.actor, hotel, {**hotel.document, "amenities": ["BikeShelter"]})

    login(page, live_server, "animatrice")
    shelter = VocabularyEntry.objects.get(code="BikeShelter")
    page.goto(f"{live_server.url}/admin/opensit/vocabularies/{shelter.pk}/")
    page.fill("#label-en", "Bike shelter")
    page.locator("[data-testid=translate] button").click()
    expect(page.locator("#label-en")).to_have_value("Bike shelter")
    page.locator("[data-testid=deprecate] select").select_option("BikeGarage")
    shoot(page, "23-vocabulary-entry")
    page.locator("[data-testid=deprecate] button").click()
    expect(page.locator("[data-testid=entry-code]")).to_contain_text("BikeGarage")
    assert TourismObject.objects.get(pk=hotel.pk).document["amenities"] == ["BikeGarage"]

    page.goto(f"{live_server.url}/admin/opensit/objects/{catalog['musee'].pk}/sharing/")
    page.locator("[data-testid=grant] select").select_option("ot-blois")
    page.locator("[data-testid=grant] button").click()
    expect(page.locator("[data-testid=coeditors]")).to_contain_text("Ot-Blois")
    expect(page.locator("[data-testid=trail]")).to_contain_text("catalog.grant_coediting")
    shoot(page, "24-object-sharing")

    page.goto(f"{live_server.url}/admin/opensit/audit/?action=vocabulary.")
    expect(page.locator("[data-action='vocabulary.deprecate']")).to_have_count(1)
    expect(page.locator("[data-action='vocabulary.translate']")).to_have_count(1)
    shoot(page, "25-audit-log")
