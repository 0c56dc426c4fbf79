"""Listing pages: a selection (or the site's whole scope), fixed types, facets that work
without JavaScript (links and a form), a list and a map view, numbered pages, the GeoJSON of
the points, and bad parameters answered with a 4xx that names them."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import Locale

from opensit.diffusion import services as diffusion
from opensit.diffusion.models import Selection
from opensit.search.query import SearchParams, search
from opensit.sites import listing
from opensit.sites.canonical import object_path
from opensit.sites.models import ListingPage
from tests.factories import AMBOISE, BLOIS, TOURS, load_vocabulary, member
from tests.sites.catalog_pages import add_page, communes, make, scoped_destination

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(office):
    load_vocabulary()
    communes()
    return {
        "univers": make(office, "hotel", "Hôtel de l'Univers", TOURS),
        "monarque": make(office, "hotel", "Hôtel du Grand Monarque", TOURS),
        "loire": make(office, "hotel", "Hôtel de la Loire", AMBOISE),
        "camping": make(office, "campsite", "Camping de l'Île d'Or", AMBOISE),
        "outside": make(office, "hotel", "Hôtel de Blois hors champ", BLOIS),
    }


@pytest.fixture
def site(office, catalog):
    inside = [o.id for key, o in catalog.items() if key != "outside"]
    return scoped_destination(office, "listing.localhost", inside)


@pytest.fixture
def client(site) -> Client:
    return Client(HTTP_HOST=site.site.hostname)


@pytest.fixture
def stays(site):
    return add_page(site, ListingPage(title="Où dormir", slug="ou-dormir"))


def names(html: str) -> list[str]:
    """The names of the cards shown, in order."""
    return [unescape(n) for n in re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", html)]


def facet_link(html: str, label: str) -> tuple[str, int]:
    """The address of a facet value's link, and its count."""
    found = re.search(
        r'<a id="l-[^"]+" href="([^"]+)"[^>]*>' + re.escape(label) + r"</a>\s*"
        r'<span class="count"[^>]*>(\d+)</span>',
        html,
    )
    assert found, f"no facet {label}"
    return found.group(1).replace("&amp;", "&"), int(found.group(2))


def test_the_listing_shows_the_site_scope_and_never_what_is_outside(client, stays, catalog):
    html = client.get("/ou-dormir/").content.decode()
    assert names(html) == [
        "Camping de l'Île d'Or",
        "Hôtel de l'Univers",
        "Hôtel de la Loire",
        "Hôtel du Grand Monarque",
    ]
    assert "Hôtel de Blois hors champ" not in html
    assert "Blois" not in html  # not even as a facet
    assert "4 résultats" in html


def test_a_facet_link_filters_without_javascript_and_counts_are_right(client, stays):
    html = client.get("/ou-dormir/").content.decode()
    url, count = facet_link(html, "Amboise")
    assert count == 2
    assert url == "?commune=37003"
    html = client.get("/ou-dormir/" + url).content.decode()
    assert names(html) == ["Camping de l'Île d'Or", "Hôtel de la Loire"]
    assert "2 résultats" in html
    # the type facet now counts within Amboise; following it narrows again
    url, count = facet_link(html, "Hôtellerie")
    assert count == 1
    html = client.get("/ou-dormir/" + url).content.decode()
    assert names(html) == ["Hôtel de la Loire"]
    # the chosen filters are listed, each with a link that removes it
    removal = re.search(
        r'<li><a href="([^"]+)" rel="nofollow"><span class="visually-hidden">'
        r"Retirer le filtre </span>Amboise",
        html,
    )
    assert removal
    html = client.get("/ou-dormir/" + unescape(removal.group(1))).content.decode()
    assert names(html) == ["Hôtel de l'Univers", "Hôtel de la Loire", "Hôtel du Grand Monarque"]


def test_the_facet_form_submits_checkboxes_and_words(client, stays):
    html = client.get("/ou-dormir/").content.decode()
    assert '<form method="get" class="facets"' in html
    assert 'type="checkbox" id="f-type-campsite" name="type" value="campsite"' in html
    response = client.get("/ou-dormir/", {"type": ["campsite", "hotel"], "commune": "37261"})
    assert names(response.content.decode()) == ["Hôtel de l'Univers", "Hôtel du Grand Monarque"]
    response = client.get("/ou-dormir/", {"q": "monarque"})
    assert names(response.content.decode()) == ["Hôtel du Grand Monarque"]


def test_fixed_types_and_a_selection_bound_the_listing(client, site, office, catalog):
    campsites = add_page(
        site, ListingPage(title="Campings", slug="campings", fixed_types="campsite")
    )
    assert campsites.live
    assert names(client.get("/campings/").content.decode()) == ["Camping de l'Île d'Or"]
    chosen = Selection.objects.create(
        slug="coups-de-coeur",
        name="Coups de cœur",
        organisation=office,
        kind=Selection.Kind.LIST,
        object_ids=[catalog["monarque"].id, catalog["outside"].id],
    )
    add_page(site, ListingPage(title="Coups de cœur", slug="coeur", selection=chosen))
    # the selection holds an object outside the site's scope: it is not shown
    assert names(client.get("/coeur/").content.decode()) == ["Hôtel du Grand Monarque"]
    # a stored search is merged with the visitor's filters, within the scope
    # changed through the service, as the back office does: its feed entries purge the listing
    chosen.kind = Selection.Kind.QUERY
    chosen.save(update_fields=["kind"])
    diffusion.set_selection_query(member(office, "admin"), chosen, {"types": ["hotel"]})
    html = client.get("/coeur/").content.decode()
    assert names(html) == ["Hôtel de l'Univers", "Hôtel de la Loire", "Hôtel du Grand Monarque"]
    assert names(client.get("/coeur/?type=campsite").content.decode()) == []
    assert names(client.get("/coeur/?q=loire").content.decode()) == ["Hôtel de la Loire"]


def test_pages_are_numbered_with_prev_and_next(client, stays, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 3)
    first = client.get("/ou-dormir/").content.decode()
    assert len(names(first)) == 3
    assert '<link rel="next" href="?page=2">' in first
    assert 'rel="prev"' not in first
    second = client.get("/ou-dormir/?page=2").content.decode()
    assert names(second) == ["Hôtel du Grand Monarque"]
    assert '<link rel="prev" href="?">' in second
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in second
    # a facet link starts again at the first page
    url, _count = facet_link(second, "Tours")
    assert "page=" not in url


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ("page=0", 400, "page"),
        ("page=abc", 400, "page"),
        ("page=99", 404, "page"),
        ("type=spaceship", 400, "type"),
        ("commune=Tours", 400, "commune"),
        ("theme=%3Cscript%3E", 400, "theme"),
        ("view=globe", 400, "view"),
        ("q=" + "x" * 300, 400, "q"),
    ],
)
def test_bad_parameters_give_a_4xx_naming_them(client, stays, query, status, parameter):
    response = client.get("/ou-dormir/?" + query)
    assert response.status_code == status
    assert f"Le paramètre « {parameter} »" in response.content.decode()
    if parameter != "page":
        geojson = client.get("/ou-dormir/geojson/?" + query)
        assert geojson.status_code == status
        assert geojson.json()["parameter"] == parameter


def test_the_map_view_and_its_geojson(client, stays, catalog):
    html = client.get("/ou-dormir/?view=map&commune=37003").content.decode()
    div = re.search(r'<div class="map listing-map"[^>]*data-geojson="([^"]+)"', html)
    assert div, "the map view has its map"
    url = div.group(1).replace("&amp;", "&")
    assert url == "/ou-dormir/geojson/?commune=37003"
    assert object_path(catalog["loire"].id, "Hôtel de la Loire", "fr") in html
    collection = client.get(url).json()
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["name"]: f for f in collection["features"]}
    assert set(features) == {"Camping de l'Île d'Or", "Hôtel de la Loire"}
    loire = features["Hôtel de la Loire"]
    assert loire["properties"]["id"] == catalog["loire"].id
    assert loire["properties"]["url"] == object_path(catalog["loire"].id, "Hôtel de la Loire", "fr")
    assert loire["geometry"]["coordinates"] == [0.9826, 47.4133]
    everything = client.get("/ou-dormir/geojson/").json()
    assert len(everything["features"]) == 4  # the object outside the scope is not a point


def test_the_english_listing(client, stays):
    english = stays.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Where to stay"
    english.save_revision().publish()
    html = client.get("/en/ou-dormir/?commune=37003").content.decode()
    assert '<html lang="en">' in html
    assert "2 results" in html
    assert "/en/hotel-de-la-loire-en-" in html


def test_a_scope_of_any_size_is_one_parameter(catalog):
    """A site's scope can hold the whole catalog: its ids reach the engine as one parameter
    (PostgreSQL refuses more than 65,535 in one query, SQLite more than 250,000)."""
    many = [f"00000000-0000-4000-8000-{n:012d}" for n in range(300_000)]
    chosen = [catalog["loire"].id, catalog["camping"].id]
    found = search(SearchParams(ids=many + chosen, limit=10, facets=True))
    assert sorted(found.ids) == sorted(chosen) and found.total == 2
    assert found.facets["types"] == {"campsite": 1, "hotel": 1}


def test_the_types_of_a_listing_are_checked_in_the_editor(site):
    page = ListingPage(title="Mauvais", slug="mauvais", fixed_types="hotel, soucoupe")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "soucoupe" in str(error.value)
