"""A destination's editors are its owner's members: their role gives their page rights on the
site (root and translations), through Wagtail's own permission policy (`sites.editors`)."""

import pytest
from django.test import Client
from wagtail.models import Page

from opensit.network.models import Membership
from opensit.sites import editors
from tests.factories import member

pytestmark = pytest.mark.django_db

#: (add a subpage, change, publish) each role may do on its own organisation's site.
OWN_RIGHTS = {
    "admin": (True, True, True),
    "editor": (True, True, True),
    "contributor": (True, True, False),
    "reader": (False, False, False),
}


def _rights(page: Page, user) -> tuple[bool, bool, bool]:
    """Wagtail's own answers. "add" is the permission itself: `can_add_subpage` also needs page
    types that may go under the page, which the other parts of the sites bring."""
    user = type(user).objects.get(pk=user.pk)  # Wagtail keeps a user's permissions on it
    permissions = page.permissions_for_user(user)
    may_add = user.is_superuser or "add" in permissions.permissions
    return may_add, permissions.can_edit(), permissions.can_publish()


def _pages(destination) -> list[Page]:
    """The French root, its English translation, and a child page of the root."""
    root = destination.site.root_page.specific
    from opensit.sites.models import HomePage

    child = HomePage(title="Patrimoine", slug="patrimoine", locale=root.locale)
    root.add_child(instance=child)
    return [root, *root.get_translations(), child]


@pytest.mark.parametrize("role", sorted(OWN_RIGHTS))
@pytest.mark.parametrize("own", [True, False], ids=["own-office", "other-office"])
def test_the_rights_matrix(destination, org_factory, office, role, own):
    organisation = office if own else org_factory("ot-blois")
    user = member(organisation, role).user
    expected = OWN_RIGHTS[role] if own else (False, False, False)
    pages = _pages(destination)
    assert len(pages) == 3
    for page in pages:
        assert _rights(page, user) == expected, (page.title, role, own)


def test_members_made_before_the_site_get_their_rights(office, org_factory):
    from tests.sitekit import make_destination

    user = member(office, "editor").user
    destination = make_destination(office, "avant.localhost")
    assert _rights(destination.site.root_page, user) == (True, True, True)


def test_a_role_change_and_a_departure_follow(destination, office):
    actor = member(office, "editor")
    membership = Membership.objects.get(user=actor.user, organisation=office)
    membership.role = Membership.Role.CONTRIBUTOR
    membership.save()
    root = destination.site.root_page
    assert _rights(root, actor.user) == (True, True, False)
    membership.delete()
    assert _rights(root, actor.user) == (False, False, False)


def test_an_owner_change_moves_the_rights(destination, office, org_factory):
    ours = member(office, "editor").user
    blois = org_factory("ot-blois")
    theirs = member(blois, "editor").user
    destination.organisation = blois
    destination.save()
    root = destination.site.root_page
    assert _rights(root, ours) == (False, False, False)
    assert _rights(root, theirs) == (True, True, True)


def test_the_pages_menu_is_shown_to_the_site_editors_only(destination, office, org_factory):
    editor = member(office, "editor").user
    reader = member(office, "reader").user
    stranger = member(org_factory("ot-blois"), "editor").user
    assert editors.edits_a_site(editor)
    assert not editors.edits_a_site(reader) and not editors.edits_a_site(stranger)
    for user, shown in ((editor, True), (reader, False), (stranger, False)):
        client = Client()
        client.force_login(user)
        html = client.get("/admin/").content.decode()
        assert ("data-menu-explorer" in html or '"name": "explorer"' in html) is shown, user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_edits_and_publishes_and_another_office_cannot(page, live_server, office):
    """In a real browser: the owning office's editor renames the home page in the Wagtail
    admin and publishes it; the site shows the new title at once (its cached page purged).
    Another office's editor gets no editor for that page."""
    from tests.browser import login, shoot
    from tests.factories import organisation
    from tests.sitekit import make_destination

    port = live_server.url.rsplit(":", 1)[1]
    destination = make_destination(office, "tours.localhost", port=int(port))
    home = destination.site.root_page
    site = f"http://tours.localhost:{port}/"
    ours = member(office, "editor").user
    theirs = member(organisation("ot-blois"), "editor").user

    page.goto(site)
    assert page.title().startswith("Tours Val de Loire ·")
    page.goto(site)  # now from the page cache

    login(page, live_server, ours.username, "x")
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    page.fill("#id_title", "Touraine, jardin de la France")
    shoot(page, "sites-editor-edits-the-home")
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/**")
    shoot(page, "sites-editor-published")
    page.goto(site)
    assert page.title().startswith("Touraine, jardin de la France ·")
    shoot(page, "sites-home-with-the-new-title")

    login(page, live_server, theirs.username, "x")
    response = page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    shoot(page, "sites-other-office-editor-refused")
    assert page.locator("#id_title").count() == 0
    assert response.status == 403 or "/edit/" not in page.url


def test_a_new_translation_of_the_home_is_theirs_at_once(destination, office):
    from wagtail.models import Locale

    user = member(office, "editor").user
    root = destination.site.root_page.specific
    german, _ = Locale.objects.get_or_create(language_code="de")
    draft = root.copy_for_translation(german)  # not published: a draft to edit first
    assert not draft.live
    assert _rights(draft, user) == (True, True, True)
