"""The page cache follows the change log: an edit shows at once on every site that shows the
object, and purges only the pages that show it (`sites.cache`)."""

import pytest
from django.test import Client

from opensit.catalog import services
from opensit.diffusion import services as diffusion
from opensit.sites import cache as page_cache
from opensit.sites.canonical import object_path
from tests.factories import create_rich, load_vocabulary, member, rich_document
from tests.sitekit import make_destination

pytestmark = pytest.mark.django_db

#: Far enough apart that neither is in the other's nearby list.
TOURS = (47.39, 0.69)
BREST = (48.39, -4.49)


@pytest.fixture
def hotels(office):
    load_vocabulary()
    tours = create_rich(office, rich_document("hotel", "Hôtel de Tours", point=TOURS))
    brest = create_rich(office, rich_document("hotel", "Hôtel de Brest", point=BREST))
    return tours, brest


@pytest.fixture
def second_site(org_factory):
    destination = make_destination(org_factory("escapade"), "escapade.localhost", title="Escapade")
    return Client(HTTP_HOST=destination.site.hostname)


def _edit(office, obj, text: str) -> None:
    document = {**obj.document, "short_description": {"fr": text, "en": text}}
    services.update_object(member(office, "admin"), obj, document)


def test_a_detail_page_is_served_from_the_cache_with_revalidation(site_client, hotels):
    path = object_path(hotels[0].id, "Hôtel de Tours", "fr")
    first = site_client.get(path)
    second = site_client.get(path)
    assert (first["X-Fresh"], second["X-Fresh"]) == ("miss", "hit")
    assert second.content == first.content
    assert "no-cache" in second["Cache-Control"]
    assert second["ETag"] == first["ETag"]
    assert site_client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert page_cache.stats()["hits"] == 2


def test_an_edit_shows_at_the_next_request_on_every_site(site_client, second_site, hotels, office):
    path = object_path(hotels[0].id, "Hôtel de Tours", "fr")
    for client in (site_client, second_site):
        assert client.get(path).status_code == 200
        assert client.get(path)["X-Fresh"] == "hit"
    _edit(office, hotels[0], "Une chambre avec vue sur la Loire")
    for client in (site_client, second_site):
        response = client.get(path)
        assert response["X-Fresh"] == "miss"
        assert "Une chambre avec vue sur la Loire" in response.content.decode()


def test_an_edit_of_one_object_keeps_the_page_of_another(site_client, hotels, office):
    tours, brest = hotels
    tours_path = object_path(tours.id, "Hôtel de Tours", "fr")
    brest_path = object_path(brest.id, "Hôtel de Brest", "fr")
    site_client.get(tours_path)
    site_client.get(brest_path)
    _edit(office, tours, "Rénové cette année")
    assert site_client.get(brest_path)["X-Fresh"] == "hit"
    assert site_client.get(tours_path)["X-Fresh"] == "miss"


def test_an_object_published_near_another_refreshes_its_nearby_list(site_client, hotels, office):
    path = object_path(hotels[0].id, "Hôtel de Tours", "fr")
    site_client.get(path)
    create_rich(office, rich_document("hotel", "Gîte du Cher", point=(47.40, 0.70)))
    response = site_client.get(path)
    assert response["X-Fresh"] == "miss"
    assert "Gîte du Cher" in response.content.decode()


def _feature(home, selection_slug: str) -> None:
    home.featured = [("objects", {"title": "Nos hôtels", "selection": selection_slug, "count": 6})]
    home.save_revision().publish()


def test_an_object_created_that_enters_a_listing_purges_it(
    site_client, destination, hotels, office
):
    diffusion.create_selection(
        member(office, "admin"), "hotels", "Hotels", query={"types": ["hotel"]}
    )
    _feature(destination.site.root_page.specific, "hotels")
    assert "Hôtel de Tours" in site_client.get("/").content.decode()
    assert site_client.get("/")["X-Fresh"] == "hit"
    create_rich(office, rich_document("hotel", "Hôtel des Remparts", point=BREST))
    response = site_client.get("/")
    assert response["X-Fresh"] == "miss"
    assert "Hôtel des Remparts" in response.content.decode()


def test_a_published_page_edit_shows_at_once(site_client, destination, hotels):
    path = object_path(hotels[1].id, "Hôtel de Brest", "fr")
    site_client.get("/")
    site_client.get(path)
    home = destination.site.root_page.specific
    home.hero_title = "Bienvenue en Touraine"
    home.save_revision().publish()
    response = site_client.get("/")
    assert response["X-Fresh"] == "miss"
    assert "Bienvenue en Touraine" in response.content.decode()


def test_a_page_out_of_the_menu_keeps_the_detail_pages(site_client, destination, hotels):
    from opensit.sites.models import HomePage

    path = object_path(hotels[1].id, "Hôtel de Brest", "fr")
    site_client.get(path)
    home = destination.site.root_page.specific
    child = HomePage(title="Coulisses", slug="coulisses", show_in_menus=False, locale=home.locale)
    home.add_child(instance=child)
    child.save_revision().publish()
    assert site_client.get(path)["X-Fresh"] == "hit"


def test_signed_in_visitors_and_cookies_are_never_cached(site_client, hotels, office):
    path = object_path(hotels[0].id, "Hôtel de Tours", "fr")
    site_client.force_login(member(office, "editor").user)
    assert "X-Fresh" not in site_client.get(path)
    assert "X-Fresh" not in site_client.get(path)
    assert page_cache.stats().get("stores", 0) == 0


def test_a_cached_page_with_a_nonce_gets_a_fresh_one(rf):
    """The CSP nonce of the page as built is replaced by the request's own, and no ETag is
    given (a 304 would keep the old nonce in the browser's copy)."""
    entry = page_cache.Entry(
        content=b'<script nonce="old-nonce">go()</script>',
        headers={"Content-Type": "text/html; charset=utf-8"},
        tags=[],
        built_at=1,
        etag="",
        nonce="old-nonce",
    )
    request = rf.get("/")
    request.csp_nonce = "new-nonce"
    response = page_cache._replay(request, entry)
    assert response.content == b'<script nonce="new-nonce">go()</script>'
    assert "ETag" not in response and "no-cache" in response["Cache-Control"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_object_edited_in_the_back_office_shows_on_the_site_at_once(page, live_server, office):
    """In a real browser: the site's page of a hotel is cached; the office's editor changes its
    short description in the back office; the site's next answer has the new text."""
    from tests.browser import login, shoot

    load_vocabulary()
    hotel = create_rich(office, rich_document("hotel", "Hôtel de Tours", point=TOURS))
    port = int(live_server.url.rsplit(":", 1)[1])
    make_destination(office, "tours.localhost", port=port)
    detail = f"http://tours.localhost:{port}" + object_path(hotel.id, "Hôtel de Tours", "fr")
    page.goto(detail)
    assert page.goto(detail).headers["x-fresh"] == "hit"

    editor = member(office, "editor").user
    login(page, live_server, editor.username, "x")
    page.goto(f"{live_server.url}/admin/opensit/objects/{hotel.pk}/")
    page.click("#tab-texts")
    new_text = "Chambres rénovées face à la cathédrale Saint-Gatien."
    page.fill("[name=short_description_fr]", new_text)
    page.click("[data-testid=save]")
    page.wait_for_load_state()
    shoot(page, "sites-object-edited-in-the-back-office")

    response = page.goto(detail)
    assert response.headers["x-fresh"] == "miss"
    assert new_text in page.content()
    shoot(page, "sites-detail-page-with-the-new-text")
