"""Object detail pages: served at /<slug>-<id>/ from the public form, with 301s for old slugs
and merged ids, 410 for deleted objects, the page's language with a stated fallback."""

import pytest

from opensit.catalog import services
from opensit.catalog.merge import merge_objects
from opensit.sites.canonical import object_path
from tests.factories import create_rich, load_vocabulary, member, rich_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotel(office):
    load_vocabulary()
    return create_rich(office, rich_document("hotel", "Hôtel du Grand Monarque"))


def test_the_detail_page_shows_what_the_public_may_see(site_client, hotel):
    response = site_client.get(object_path(hotel.id, "Hôtel du Grand Monarque", "fr"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Hôtel du Grand Monarque</h1>" in html
    assert '<html lang="fr">' in html
    # public parts: a photo credit, a price, a public contact
    document = hotel.document
    credit = document["media"][0]["credit"]
    assert credit in html
    assert document["private"]["notes"] not in html  # internal notes never reach a page
    hidden = [c["value"] for c in document["contacts"] if c.get("public") is False]
    assert hidden and all(value not in html for value in hidden)


def test_english_page_and_language_links(site_client, hotel):
    path = object_path(hotel.id, "Hôtel du Grand Monarque (en)", "en")
    assert path.startswith("/en/hotel-du-grand-monarque-en-")
    response = site_client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'hreflang="fr"' in html and 'hreflang="en"' in html
    assert object_path(hotel.id, "Hôtel du Grand Monarque", "fr") in html


def test_an_old_or_missing_slug_answers_301_to_the_current_one(site_client, hotel):
    current = object_path(hotel.id, "Hôtel du Grand Monarque", "fr")
    for old in (f"/ancien-nom-{hotel.id}/", f"/{hotel.id}/"):
        response = site_client.get(old + "?x=1")
        assert response.status_code == 301
        assert response["Location"] == current + "?x=1"


def test_a_renamed_object_moves_and_its_old_address_follows(site_client, hotel, office):
    old = object_path(hotel.id, "Hôtel du Grand Monarque", "fr")
    actor = member(office, "admin")
    document = {**hotel.document, "name": {"fr": "Le Grand Monarque", "en": "The Grand Monarque"}}
    services.update_object(actor, hotel, document)
    response = site_client.get(old)
    assert response.status_code == 301
    assert response["Location"] == object_path(hotel.id, "Le Grand Monarque", "fr")
    assert site_client.get(response["Location"]).status_code == 200


def test_a_merged_id_answers_301_to_the_survivor(site_client, hotel, office):
    duplicate = create_rich(office, rich_document("hotel", "Grand Monarque bis"))
    merge_objects(member(office, "admin"), duplicate, hotel, "same hotel")
    response = site_client.get(object_path(duplicate.id, "Grand Monarque bis", "fr"))
    assert response.status_code == 301
    assert response["Location"] == object_path(hotel.id, "Hôtel du Grand Monarque", "fr")


def test_deleted_is_gone_and_unknown_is_not_found(site_client, hotel, office):
    services.delete_object(member(office, "admin"), hotel, "closed")
    assert site_client.get(object_path(hotel.id, "x", "fr")).status_code == 410
    unknown = "00000000-0000-4000-8000-000000000000"
    assert site_client.get(f"/x-{unknown}/").status_code == 404


def test_a_text_missing_in_the_language_falls_back_and_says_so(site_client, office):
    load_vocabulary()
    document = rich_document("museum", "Musée des Beaux-Arts")
    document["description"] = {"fr": "<p>Une collection de peintures.</p>"}
    museum = create_rich(office, document)
    response = site_client.get(object_path(museum.id, "Musée des Beaux-Arts (en)", "en"))
    html = response.content.decode()
    assert '<section class="text" lang="fr">' in html
    assert "Une collection de peintures." in html
    assert "is not available in your language" in html


def test_the_platform_host_does_not_serve_object_pages(client, hotel, destination):
    path = object_path(hotel.id, "Hôtel du Grand Monarque", "fr")
    assert client.get(path).status_code == 404


def test_site_pages_may_show_photos_from_anywhere_in_https(site_client, hotel):
    """The catalog's photos live on their producers' servers: a site's CSP allows https
    images (and the platform's own address), where the platform's pages allow only their own."""
    response = site_client.get(object_path(hotel.id, "Hôtel du Grand Monarque", "fr"))
    policy = response["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "https:" in img_src.split()
    assert "script-src 'self'" in policy  # nothing else is loosened
    assert site_client.get("/favicon.ico").status_code == 302


def test_nearby_lists_the_closest_first_and_widens_its_circle(site_client, office):
    """Two places within a kilometre and one 10 km away: all three are listed, closest first
    (the search widens its circle while it has found fewer than six), the object itself never."""
    load_vocabulary()
    here = create_rich(
        office, rich_document("museum", "Musée du Compagnonnage", point=(47.3960, 0.6890))
    )
    close = create_rich(office, rich_document("hotel", "Hôtel Ronsard", point=(47.3965, 0.6900)))
    closer = create_rich(office, rich_document("hotel", "Hôtel Colbert", point=(47.3961, 0.6892)))
    far = create_rich(
        office, rich_document("castle", "Château de Villandry", point=(47.3400, 0.5140))
    )
    html = site_client.get(object_path(here.id, "Musée du Compagnonnage", "fr")).content.decode()
    nearby = html.split('<section class="nearby">', 1)[1]
    order = [nearby.index(obj.name) for obj in (closer, close, far)]
    assert order == sorted(order)
    assert "Musée du Compagnonnage" not in nearby
