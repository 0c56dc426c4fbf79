"""Itineraries on the sites: the trail's figures from its line, the elevation profile drawn on
the server, the GPX download (404 for objects without a trace or outside the site's scope),
and the itinerary page an editor binds to a catalog itinerary."""

from pathlib import Path
from urllib.parse import urlsplit

import gpxpy
import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from opensit.sites.canonical import object_path
from opensit.sites.models import ItineraryPage
from opensit.sites.trail import haversine_km, trail_of
from tests.browser import shoot
from tests.factories import create_rich, load_vocabulary, rich_document
from tests.sitekit import make_destination
from tests.sites.scoping import scoped_destination

#: Along a meridian: 0.01° of latitude is 1.11195 km on the mean Earth radius.
LINE = {
    "type": "LineString",
    "coordinates": [[0.0, 45.0, 100.0], [0.0, 45.01, 150.0], [0.0, 45.02, 120.0]],
}
TRACE = [[0.70, 47.39, 52.0], [0.704, 47.392, 60.5], [0.708, 47.389, 48.0], [0.712, 47.39, 75.0]]


def test_the_figures_of_a_known_line():
    trail = trail_of(LINE)
    assert trail.length_km == pytest.approx(2 * 1.11195, abs=1e-4)
    assert (trail.gain_m, trail.loss_m) == (50.0, 30.0)
    assert (trail.min_elevation_m, trail.max_elevation_m) == (100.0, 150.0)
    assert trail.profile == [(0.0, 100.0), pytest.approx((1.11195, 150.0), abs=1e-4),
                             pytest.approx((2.2239, 120.0), abs=1e-4)]  # fmt: skip
    # the profile in its drawing box: starts bottom left, peaks at the top, ends 3/5 down
    points = [tuple(map(float, p.split(","))) for p in trail.polyline.split()]
    assert points[0] == (4.0, 176.0) and points[1][1] == 4.0 and points[2] == (596.0, 107.2)


def test_a_multilinestring_counts_no_gap_and_a_point_is_no_trail():
    multi = {"type": "MultiLineString", "coordinates": [LINE["coordinates"][:2],
             [[1.0, 45.0, 300.0], [1.0, 45.01, 310.0]]]}  # fmt: skip
    trail = trail_of(multi)
    assert trail.length_km == pytest.approx(2 * 1.11195, abs=1e-4)
    assert (trail.gain_m, trail.loss_m) == (60.0, 0.0)  # the jump 150 -> 300 is no climb
    assert trail_of({"type": "Point", "coordinates": [0.7, 47.4]}) is None
    assert trail_of(None) is None
    flat = trail_of({"type": "LineString", "coordinates": [[0, 45], [0, 45.01]]})
    assert flat.gain_m is None and not flat.has_profile and flat.length_km > 1.1


def test_haversine_a_degree_of_longitude_at_the_equator():
    assert haversine_km([0, 0], [1, 0]) == pytest.approx(111.195, abs=1e-3)


@pytest.fixture
def walk(office):
    load_vocabulary()
    document = rich_document("walking_tour", "Boucle des coteaux")
    document["location"]["geometry"] = {"type": "LineString", "coordinates": TRACE}
    return create_rich(office, document)


@pytest.fixture
def hotel(office):
    return create_rich(office, rich_document("hotel", "Hôtel du Cygne"))


@pytest.mark.django_db
def test_the_detail_page_shows_the_trail(site_client, walk):
    response = site_client.get(object_path(walk.id, "Boucle des coteaux", "fr"))
    assert response.status_code == 200
    html = response.content.decode()
    expected = trail_of({"type": "LineString", "coordinates": TRACE})
    assert '<section class="trail"' in html
    assert '<title id="trail-profile-title">Profil altimétrique</title>' in html
    assert f'points="{expected.polyline}"' in html
    assert '<th scope="row">Dénivelé positif</th><td>36 m</td>' in html  # 8.5 + 27 = 35.5
    assert '<th scope="row">Dénivelé négatif</th><td>13 m</td>' in html  # 12.5
    assert f'href="{object_path(walk.id, "Boucle des coteaux", "fr")}gpx"' in html
    assert 'id="trail-geometry" type="application/json"' in html
    assert "sites/map.js" in html  # the page has maps: the script is there


@pytest.mark.django_db
def test_a_page_without_map_has_no_map_script(site_client, office):
    load_vocabulary()
    document = rich_document("hotel", "Hôtel sans carte")
    document["location"].pop("latitude")
    document["location"].pop("longitude")
    hotel = create_rich(office, document)
    html = site_client.get(object_path(hotel.id, "Hôtel sans carte", "fr")).content.decode()
    assert "<h1>Hôtel sans carte</h1>" in html
    assert "sites/map.js" not in html and '<section class="trail"' not in html


@pytest.mark.django_db
def test_the_gpx_holds_the_trace(site_client, walk):
    path = object_path(walk.id, "Boucle des coteaux (en)", "en") + "gpx"
    response = site_client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gpx+xml"
    assert response["Content-Disposition"] == 'attachment; filename="boucle-des-coteaux-en.gpx"'
    parsed = gpxpy.parse(response.content.decode())
    assert [t.name for t in parsed.tracks] == ["Boucle des coteaux (en)"]
    points = parsed.tracks[0].segments[0].points
    assert [[p.longitude, p.latitude, p.elevation] for p in points] == TRACE
    # an old slug answers 301 to the current address, as the detail page does
    old = site_client.get(f"/ancien-{walk.id}/gpx")
    assert old.status_code == 301
    assert old["Location"] == object_path(walk.id, "Boucle des coteaux", "fr") + "gpx"


@pytest.mark.django_db
def test_no_gpx_without_a_trace_or_outside_the_scope(site_client, walk, hotel, office):
    assert site_client.get(object_path(hotel.id, "Hôtel du Cygne", "fr") + "gpx").status_code == 404
    unknown = "00000000-0000-4000-8000-000000000000"
    assert site_client.get(f"/x-{unknown}/gpx").status_code == 404
    scoped_destination(office, "hotels.localhost", [hotel.id], "hotels-only")
    other = Client(HTTP_HOST="hotels.localhost")
    path = object_path(walk.id, "Boucle des coteaux", "fr") + "gpx"
    assert other.get(path).status_code == 404  # the walk is not in that site's scope
    assert site_client.get(path).status_code == 200


@pytest.mark.django_db
def test_the_itinerary_page_checks_its_object_and_shows_the_trail(
    destination, site_client, walk, hotel
):
    home = destination.site.root_page
    page = ItineraryPage(title="Les coteaux à pied", slug="coteaux", object_id=hotel.id)
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "object_id" in refused.value.message_dict
    page.object_id = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(ValidationError):
        page.full_clean()
    page.object_id = walk.id
    page.intro = "<p>Une boucle entre vignes et forêt.</p>"
    home.add_child(instance=page)
    page.save_revision().publish()
    response = site_client.get("/coteaux/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Les coteaux à pied</h1>" in html
    assert "Une boucle entre vignes et forêt." in html
    assert '<section class="trail"' in html and "Profil altimétrique" in html
    assert f'href="{object_path(walk.id, "Boucle des coteaux", "fr")}gpx"' in html
    assert f'href="{object_path(walk.id, "Boucle des coteaux", "fr")}"' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_sees_the_trace_and_downloads_the_gpx(live_server, page, office):
    load_vocabulary()
    document = rich_document("walking_tour", "Boucle des coteaux")
    document["location"]["geometry"] = {"type": "LineString", "coordinates": TRACE}
    document["media"] = []  # the factory's photos are on another host, which the CSP refuses
    walk = create_rich(office, document)
    address = urlsplit(live_server.url)
    make_destination(office, address.hostname, port=address.port)
    page.goto(live_server.url + object_path(walk.id, "Boucle des coteaux", "fr"))
    page.locator(".trail div.map").scroll_into_view_if_needed()
    page.wait_for_selector(".trail div.map[data-state=ready]")
    assert page.locator(".trail .leaflet-overlay-pane path").count() == 1  # the trace
    assert page.locator(".trail .leaflet-marker-icon").get_attribute("title") == "Départ"
    assert page.locator(".trail-profile svg polyline").count() == 1
    shoot(page, "sites-itinerary")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la trace GPX").click()
    saved = download.value
    assert saved.suggested_filename == "boucle-des-coteaux.gpx"
    parsed = gpxpy.parse(Path(saved.path()).read_text())
    assert len(parsed.tracks[0].segments[0].points) == len(TRACE)
    assert page.violations == []
    assert [f for f in page.failures if "favicon.ico" not in f] == []
