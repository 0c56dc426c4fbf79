"""Maps on the sites: the map page's and the map blocks' GeoJSON (valid, limited to the site's
scope, in the page's language), the no-JS list under the map, the tiles allowed by the CSP, and
in a real browser: Leaflet is fetched only once the map scrolls into view, and ~2,000 points
show as clusters."""

import gzip
import json
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client

from opensit.catalog import services
from opensit.catalog.pipeline import validate
from opensit.sites.canonical import object_path
from opensit.sites.models import ArticlePage, MapPage
from tests.browser import shoot
from tests.factories import create_rich, load_vocabulary, member, rich_document
from tests.sitekit import make_destination
from tests.sites.scoping import scoped_destination

POINTS = 2000


def located(name: str, lat: float, lon: float) -> dict:
    return {
        "type": "restaurant",
        "name": {"fr": name, "en": f"{name} (en)"},
        "location": {
            "commune": {"insee": "37261", "name": "Tours"},
            "latitude": lat,
            "longitude": lon,
        },
    }


def many_points(office, count: int) -> list[str]:
    """`count` published objects spread over Touraine, through the bulk write path."""
    items = [
        services.BatchItem(
            validate(located(f"Guinguette {n}", 47.0 + (n % 50) * 0.016, 0.3 + (n // 50) * 0.025))
        )
        for n in range(count)
    ]
    with transaction.atomic():
        result = services.save_batch(member(office, "admin"), items)
    return [o.id for o in result.created]


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def places(office):
    load_vocabulary()
    return {
        name: create_rich(office, rich_document(kind, name, point=point))
        for name, kind, point in [
            ("Château de Villandry", "castle", (47.34, 0.51)),
            ("Château d'Azay", "castle", (47.26, 0.47)),
            ("Hôtel de l'Univers", "hotel", (47.39, 0.69)),
        ]
    }


def features_of(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    return collection["features"]


@pytest.mark.django_db
def test_the_map_page_shows_the_sites_scope(office, places):
    castles = [places["Château de Villandry"].id, places["Château d'Azay"].id]
    site = scoped_destination(office, "chateaux.localhost", castles, "chateaux")
    page = publish(site.site.root_page, MapPage(title="La carte", slug="carte"))
    client = Client(HTTP_HOST="chateaux.localhost")
    html = client.get("/carte/").content.decode()
    assert 'class="map map-full"' in html and 'data-geojson="/carte/geojson/"' in html
    assert "sites/map.js" in html
    assert "Château de Villandry" in html  # the no-JS list
    assert "Hôtel de l'Univers" not in html
    features = features_of(client.get("/carte/geojson/"))
    assert sorted(f["properties"]["name"] for f in features) == [
        "Château d'Azay",
        "Château de Villandry",
    ]  # the hotel is not in this site's scope
    villandry = next(f for f in features if f["id"] == castles[0])
    assert villandry["geometry"]["coordinates"] == [0.51, 47.34]
    assert villandry["properties"]["url"] == object_path(castles[0], "Château de Villandry", "fr")
    assert page.selection is None
    packed = client.get("/carte/geojson/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.content))["features"] == features


@pytest.mark.django_db
def test_a_selection_map_is_cut_to_the_scope_and_speaks_the_language(office, places):
    hotel = places["Hôtel de l'Univers"].id
    villandry = places["Château de Villandry"].id
    site = scoped_destination(office, "hotels.localhost", [hotel], "hotels")
    admin = member(office, "admin")
    from opensit.diffusion import services as diffusion

    diffusion.create_selection(admin, "mixed", "Mixed", object_ids=[villandry, hotel])
    client = Client(HTTP_HOST="hotels.localhost")
    features = features_of(client.get("/geojson/selection/mixed/"))
    assert [f["id"] for f in features] == [hotel]  # Villandry: not shown by this site
    english = features_of(client.get("/en/geojson/selection/mixed/"))
    assert english[0]["properties"]["name"] == "Hôtel de l'Univers (en)"
    assert english[0]["properties"]["url"].startswith("/en/")
    assert client.get("/geojson/selection/nope/").status_code == 404
    # the whole catalog's site shows both
    make_destination(office, "all.localhost")
    everything = features_of(Client(HTTP_HOST="all.localhost").get("/geojson/selection/mixed/"))
    assert [f["id"] for f in everything] == [villandry, hotel]
    assert site.project is not None


@pytest.mark.django_db
def test_a_sites_own_tiles_are_allowed_by_its_pages_csp(office, places):
    site = make_destination(
        office,
        "tiles.localhost",
        tile_url="https://{s}.tiles.exemple.fr/{z}/{x}/{y}.png",
        tile_attribution="© Exemple & OSM",
    )
    publish(site.site.root_page, MapPage(title="Carte", slug="carte"))
    client = Client(HTTP_HOST="tiles.localhost")
    response = client.get("/carte/")
    img_src = next(
        part for part in response["Content-Security-Policy"].split(";") if "img-src" in part
    )
    assert "https://*.tiles.exemple.fr" in img_src
    html = response.content.decode()
    assert 'data-tiles="https://{s}.tiles.exemple.fr/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="© Exemple &amp; OSM"' in html
    hotel = places["Hôtel de l'Univers"].id
    detail = client.get(object_path(hotel, "Hôtel de l'Univers", "fr"))
    assert "https://*.tiles.exemple.fr" in detail["Content-Security-Policy"]
    # a site on the platform's tiles adds nothing (the tests' settings name none)
    plain = make_destination(office, "plain.localhost")
    publish(plain.site.root_page, MapPage(title="Carte", slug="carte"))
    other = Client(HTTP_HOST="plain.localhost").get("/carte/")
    assert "tiles.exemple.fr" not in other["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_map_is_capped_and_the_list_is_short(office, monkeypatch):
    from opensit.sites import maps

    ids = many_points(office, 30)
    monkeypatch.setattr(maps, "MAP_POINTS_LIMIT", 25)
    monkeypatch.setattr(maps, "FALLBACK_LINKS", 10)
    site = make_destination(office, "cap.localhost")
    publish(site.site.root_page, MapPage(title="Carte", slug="carte"))
    client = Client(HTTP_HOST="cap.localhost")
    assert len(features_of(client.get("/carte/geojson/"))) == 25
    html = client.get("/carte/").content.decode()
    assert html.count("<li><a href=") == 10
    assert len(ids) == 30


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_map_loads_when_scrolled_to_and_clusters_2000_points(live_server, page, office):
    ids = many_points(office, POINTS)
    host, port = urlsplit(live_server.url).hostname, urlsplit(live_server.url).port
    site = make_destination(office, host, port=port)
    admin = member(office, "admin")
    from opensit.diffusion import services as diffusion

    diffusion.create_selection(admin, "guinguettes", "Guinguettes", object_ids=ids)
    paragraphs = [("paragraph", f"<p>Paragraphe {n} : la Loire à vélo.</p>") for n in range(40)]
    body = [*paragraphs, ("map", {"title": "Les guinguettes", "selection": "guinguettes"})]
    publish(site.site.root_page, ArticlePage(title="Guinguettes", slug="guinguettes", body=body))

    page.goto(f"{live_server.url}/guinguettes/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.requested if "leaflet" in url]  # not fetched yet
    assert page.locator("div.map").get_attribute("data-state") is None

    page.locator("div.map").scroll_into_view_if_needed()
    page.wait_for_selector("div.map[data-state=ready]")
    assert page.locator("div.map").get_attribute("data-points") == str(POINTS)
    # every point is in a cluster or shown alone once chunked loading is done
    page.wait_for_function(
        """(total) => {
            const counts = [...document.querySelectorAll('.marker-cluster span')]
                .map((s) => parseInt(s.textContent, 10));
            const alone = document.querySelectorAll('.leaflet-marker-icon:not(.marker-cluster)');
            return counts.reduce((a, b) => a + b, 0) + alone.length === total;
        }""",
        arg=POINTS,
    )
    assert page.locator(".marker-cluster").count() >= 2
    requested = " ".join(page.requested)
    assert "leaflet/leaflet.js" in requested and "leaflet.markercluster.js" in requested
    assert "/geojson/selection/guinguettes/" in requested
    shoot(page, "sites-map-clusters")
    # a cluster opens to smaller ones or markers; a marker's popup links to its page
    page.locator(".marker-cluster").first.click()
    page.wait_for_function(
        "() => document.querySelectorAll('.leaflet-marker-icon:not(.marker-cluster)').length > 0"
        " || document.querySelectorAll('.marker-cluster').length > 2"
    )
    assert page.violations == []
    # the browser's own favicon request is no page's (the sites have none yet)
    assert [f for f in page.failures if "favicon.ico" not in f] == []
    assert [e for e in page.errors if "404 (Not Found)" not in e] == []
