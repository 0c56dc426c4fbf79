"""What search engines read on the detail pages: the schema.org JSON-LD extracted with
`extruct` from the rendered page (the class of each type, the fields Google's structured data
documentation requires or recommends, values equal to the object's, nothing private), and the
title, meta description, OpenGraph and Twitter tags."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import extruct
import orjson
import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.catalog.vocabularies import labels_for
from opensit.formats.schemaorg import schema_node
from opensit.sites.canonical import object_path
from opensit.sites.seo import Seo, script_json
from tests.factories import (
    PRIVATE_EMAIL,
    PRIVATE_NOTE,
    PRIVATE_PHONE,
    PROVIDER_NOTE,
    create_rich,
    load_vocabulary,
    rich_document,
)
from tests.strategies import documents

PARIS = ZoneInfo("Europe/Paris")
ROOT = "http://tours.localhost"


def extracted(response) -> dict:
    assert response.status_code == 200
    html = response.content.decode()
    return extruct.extract(
        html, base_url=ROOT, syntaxes=["json-ld", "opengraph"], uniform=True, with_og_array=True
    )


def page_of(site_client, obj, lang: str = "fr") -> tuple[dict, dict, str]:
    """(JSON-LD node, OpenGraph properties, html) of the object's page in `lang`."""
    name = obj.document["name"].get(lang) or obj.document["name"]["fr"]
    response = site_client.get(object_path(obj.id, name, lang))
    data = extracted(response)
    assert len(data["json-ld"]) == 1
    return data["json-ld"][0], data["opengraph"][0], response.content.decode()


def current_opening(today: date) -> dict:
    """A season around today with two time ranges, a past season, a closure to come."""
    return {
        "periods": [
            {"start": str(today - timedelta(days=60)), "end": str(today + timedelta(days=120)),
             "weekdays": ["tue", "wed", "thu", "fri", "sat", "sun"],
             "times": [{"opens": "09:30:00", "closes": "12:30:00"},
                       {"opens": "14:00:00", "closes": "18:30:00"}]},
            {"start": str(today - timedelta(days=400)), "end": str(today - timedelta(days=200)),
             "weekdays": ["sat"], "times": [{"opens": "08:00:00"}]},
        ],
        "closures": [{"date": str(today + timedelta(days=7))}],
    }  # fmt: skip


def make(office, type_code: str, name: str, **overrides):
    load_vocabulary()
    overrides.setdefault("opening", current_opening(timezone.localdate()))
    return create_rich(office, rich_document(type_code, name, **overrides))


def assert_address_and_geo(node: dict, document: dict) -> None:
    location = document["location"]
    assert node["address"] == {
        "@type": "PostalAddress",
        "streetAddress": ", ".join(location["address_lines"]),
        "postalCode": location["postal_code"],
        "addressLocality": location["commune"]["name"],
        "addressCountry": "FR",
    }
    assert node["geo"]["latitude"] == location["latitude"]
    assert node["geo"]["longitude"] == location["longitude"]


def assert_nothing_private(node: dict) -> None:
    text = orjson.dumps(node).decode()
    for secret in (PRIVATE_PHONE, PRIVATE_EMAIL, PRIVATE_NOTE, PROVIDER_NOTE, "Logis Hôtels"):
        assert secret not in text


def assert_local_business(node: dict, obj, lang: str = "fr") -> None:
    """Google's LocalBusiness: name and address required; geo, telephone, url, image,
    priceRange and opening hours recommended; no rating the catalog does not hold."""
    document = obj.document
    assert node["@context"] == "https://schema.org"
    assert node["name"] == document["name"][lang]
    assert_address_and_geo(node, document)
    assert node["telephone"] == "+33 2 47 70 37 37"  # the main public phone
    assert node["url"] == ROOT + object_path(obj.id, document["name"][lang], lang)
    assert node["image"][0]["url"] == document["media"][0]["url"]
    assert node["image"][0]["width"] == 2400 and node["image"][0]["height"] == 1600
    assert node["image"][0]["creditText"] == "Léonard de Serres"
    assert node["priceRange"] == "8–18 EUR"  # the list's main currency; the GBP row apart
    today = timezone.localdate()
    hours = node["openingHoursSpecification"]
    assert [(h["opens"], h["closes"]) for h in hours] == [
        ("09:30:00", "12:30:00"),
        ("14:00:00", "18:30:00"),
        ("00:00:00", "00:00:00"),  # the closure, as Google's convention writes it
    ]  # the past season left out
    assert hours[0]["dayOfWeek"][0] == "https://schema.org/Tuesday"
    assert hours[0]["validFrom"] == str(today - timedelta(days=60))
    assert hours[2]["validFrom"] == hours[2]["validThrough"] == str(today + timedelta(days=7))
    assert "aggregateRating" not in node and "review" not in node
    assert node["email"] == next(
        c["value"] for c in document["contacts"] if c["kind"] == "email" and c.get("public", 1)
    )
    assert_nothing_private(node)


pytestmark = pytest.mark.django_db


def test_a_hotel_is_a_hotel_with_its_stars_rooms_and_amenities(site_client, office):
    hotel = make(office, "hotel", "Hôtel du Grand Monarque")
    node, _, _ = page_of(site_client, hotel)
    assert node["@type"] == "Hotel"
    assert_local_business(node, hotel)
    assert node["starRating"] == {"@type": "Rating", "ratingValue": "4"}
    assert node["numberOfRooms"] == 42
    assert node["petsAllowed"] is True
    wifi = labels_for(["Wifi"])["Wifi"]["fr"]
    assert {"@type": "LocationFeatureSpecification", "name": wifi, "value": True} in node[
        "amenityFeature"
    ]
    assert node["availableLanguage"] == ["fr", "en", "de"]
    # the English page: English texts, the same facts
    english, _, _ = page_of(site_client, hotel, "en")
    assert english["name"] == "Hôtel du Grand Monarque (en)"
    assert english["description"].startswith("Hôtel du Grand Monarque welcomes visitors")
    assert english["geo"] == node["geo"]


def test_a_campsite_and_a_restaurant(site_client, office):
    campsite = make(office, "campsite", "Camping de la Loire")
    node, _, _ = page_of(site_client, campsite)
    assert node["@type"] == "Campground"
    assert_local_business(node, campsite)
    restaurant = make(office, "gourmet_restaurant", "L'Évidence")
    node, _, _ = page_of(site_client, restaurant)
    assert node["@type"] == "Restaurant"  # its closest mapped ancestor
    assert_local_business(node, restaurant)
    assert "starRating" not in node and "numberOfRooms" not in node  # lodging only
    assert node["paymentAccepted"]  # the payment methods' labels


def test_a_museum_and_a_castle_are_attractions_not_businesses(site_client, office):
    museum = make(office, "museum", "Musée des Beaux-Arts")
    castle = make(office, "castle", "Château d'Amboise")
    for obj, expected in ((museum, "Museum"), (castle, "LandmarksOrHistoricalBuildings")):
        node, _, _ = page_of(site_client, obj)
        assert node["@type"] == expected
        assert node["name"] == obj.document["name"]["fr"]
        assert_address_and_geo(node, obj.document)
        assert node["openingHoursSpecification"]
        assert "priceRange" not in node and "email" not in node  # not a LocalBusiness
        assert node["maximumAttendeeCapacity"] == 250
        assert_nothing_private(node)


def test_an_event_has_its_next_dates_place_offers_and_organiser(site_client, office):
    today = timezone.localdate()
    first, second = today + timedelta(days=10), today + timedelta(days=20)
    last = second + timedelta(days=2)
    event = {
        "occurrences": [
            {"start_date": first.isoformat(), "start_time": "20:30:00", "end_time": "23:00:00"},
            {"start_date": second.isoformat(), "end_date": last.isoformat()},
            {"start_date": (today - timedelta(days=30)).isoformat()},  # past: not written
        ]
    }
    organiser = {"kind": "organiser", "target": "apidae:77", "label": {"fr": "Ville de Tours"}}
    festival = make(
        office,
        "festival",
        "Festival de Loire",
        event=event,
        links=[organiser],
        location={**rich_document("festival")["location"], "place_name": {"fr": "Les Guinguettes"}},
    )
    node, _, _ = page_of(site_client, festival)
    # required: name, startDate, location; recommended: the rest
    assert node["@type"] == "Festival"
    assert node["name"] == "Festival de Loire"
    assert node["startDate"] == datetime.combine(first, time(20, 30), PARIS).isoformat()
    assert node["endDate"] == datetime.combine(first, time(23, 0), PARIS).isoformat()
    assert node["startDate"][-6:] in ("+01:00", "+02:00")
    assert node["eventStatus"] == "https://schema.org/EventScheduled"
    assert node["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    location = node["location"]
    assert location["@type"] == "Place" and location["name"] == "Les Guinguettes"
    assert_address_and_geo(location, festival.document)
    assert node["image"][0]["url"].endswith("/facade.jpg")
    assert node["description"]
    full = node["offers"][0]
    assert full["price"] == 12.5 and full["priceCurrency"] == "EUR"
    assert full["availability"] == "https://schema.org/InStock"
    assert full["url"] == festival.document["booking"]["url"]
    assert full["priceSpecification"]["maxPrice"] in ("18.0", 18.0, "18")
    assert {"price": 0, "priceCurrency": "EUR"}.items() <= node["offers"][-1].items()
    assert node["organizer"] == {"@type": "Organization", "name": "Ville de Tours"}
    # the following date: a sub-event over its days
    (following,) = node["subEvent"]
    assert following["startDate"] == second.isoformat()
    assert following["endDate"] == last.isoformat()
    assert following["location"]["name"] == "Les Guinguettes"
    assert_nothing_private(node)


def test_an_itinerary_is_a_tourist_trip_along_its_trace(site_client, office):
    walk = make(office, "walking_tour", "Boucle des coteaux")
    node, _, _ = page_of(site_client, walk)
    assert node["@type"] == "TouristTrip"
    assert node["name"] == "Boucle des coteaux"
    assert node["description"].startswith("Boucle des coteaux accueille")
    itinerary = node["itinerary"]
    assert itinerary["@type"] == "Place"
    coordinates = walk.document["location"]["geometry"]["coordinates"]
    line = itinerary["geo"]["line"].split(" ")
    assert len(line) == 2 * len(coordinates)
    assert (float(line[0]), float(line[1])) == (coordinates[0][1], coordinates[0][0])
    assert itinerary["address"]["addressLocality"] == "Tours"
    assert node["offers"][0]["priceCurrency"] == "EUR"
    assert_nothing_private(node)


def test_title_description_and_opengraph(site_client, office):
    hotel = make(office, "hotel", "Hôtel du Grand Monarque")
    node, og, html = page_of(site_client, hotel)
    canonical = ROOT + object_path(hotel.id, "Hôtel du Grand Monarque", "fr")
    short = hotel.document["short_description"]["fr"]
    assert "<title>Hôtel du Grand Monarque, Tours · Tours Val de Loire</title>" in html
    assert f'<meta name="description" content="{short}">' in html
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert og["og:url"] == canonical == node["url"]
    assert og["og:title"] == "Hôtel du Grand Monarque, Tours"
    assert og["og:description"] == short
    assert og["@type"] == "website"
    assert og["og:image"] == hotel.document["media"][0]["url"]
    assert (og["og:image:width"], og["og:image:height"]) == ("2400", "1600")
    assert og["og:locale"] == "fr_FR"
    assert og["og:locale:alternate"] == "en_GB"
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_a_long_description_is_cut_at_a_word_and_stripped_of_markup(site_client, office):
    long_text = "<p>Une <b>très</b> belle collection " + "de peintures anciennes " * 20 + "</p>"
    museum = make(
        office,
        "museum",
        "Musée des Beaux-Arts",
        short_description={},
        description={"fr": long_text, "en": "Paintings."},
    )
    _, og, _ = page_of(site_client, museum)
    description = og["og:description"]
    assert description.startswith("Une très belle collection de peintures")
    assert len(description) <= 160 and description.endswith(" peintures…")
    assert "<b>" not in description


def test_a_name_that_closes_the_script_stays_data(site_client, office):
    name = "Le </script><script>alert(1)</script> Bar"
    bar = make(office, "cafe_bar", name, classes=["CafeOrTeahouse"])
    response = site_client.get(object_path(bar.id, name, "fr"))
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    node = extracted(response)["json-ld"][0]
    assert node["name"] == name
    assert node["@type"] == "CafeOrCoffeeShop"  # refined by its DATAtourisme class


def test_the_home_page_has_its_description_canonical_and_opengraph(site_client, destination):
    home = destination.site.root_page.specific
    home.search_description = "Le site de la destination Tours Val de Loire."
    home.save_revision().publish()
    response = site_client.get("/")
    og = extracted(response)["opengraph"][0]
    html = response.content.decode()
    assert '<meta name="description" content="Le site de la destination Tours' in html
    assert f'<link rel="canonical" href="{ROOT}/">' in html
    assert og["og:url"] == f"{ROOT}/"
    assert og["og:title"] == "Tours Val de Loire"
    assert og["@type"] == "website"
    assert og["og:locale"] == "fr_FR" and og["og:locale:alternate"] == "en_GB"
    english = extracted(site_client.get("/en/"))["opengraph"][0]
    assert english["og:url"] == f"{ROOT}/en/" and english["og:locale"] == "en_GB"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents(), st.sampled_from(["fr", "en", "de"]))
def test_any_document_gives_json_ld_with_a_type_and_a_name(document, lang):
    node = schema_node(
        {**document, "id": "a0a0a0a0-0000-4000-8000-000000000001"},
        lang,
        f"{ROOT}/x-a0a0a0a0-0000-4000-8000-000000000001/",
        labels={},
        today=date(2026, 6, 1),
    )
    seo = Seo(title=node["name"], description="", url=node["url"], json_ld=script_json(node))
    html = "<html><head>" + render_to_string("sites/includes/object_seo.html", {"seo": seo})
    data = extruct.extract(html + "</head><body></body></html>", syntaxes=["json-ld"])
    (found,) = data["json-ld"]
    assert found == orjson.loads(orjson.dumps(node))  # the page holds exactly the node
    assert found["@type"] and found["name"]
    for key in ("startDate", "endDate"):
        if key in found:
            value = found[key]
            assert (datetime if "T" in value else date).fromisoformat(value)
    public = {c["value"] for c in document.get("contacts", []) if c.get("public", True)}
    written = [found.get("telephone"), found.get("email"), *found.get("sameAs", [])]
    assert {value for value in written if value} <= public  # no contact that is not public
