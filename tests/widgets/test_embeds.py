"""The widget's public side with Django's test client: the key, the allowed origins (CORS for
them, 403 naming the origin for others), the fragment without JavaScript and its links to the
canonical pages, the frame and its frame-ancestors, the one script under 30 KB gzipped, the
counts, and no cookie in any answer."""

import gzip
import re

import pytest
from django.urls import reverse

from opensit.diffusion.models import UsageCounter
from opensit.diffusion.usage import BUFFER
from opensit.sites.canonical import canonical_url
from opensit.widgets import services
from opensit.widgets.models import WidgetDailyCount
from tests.widgets.conftest import PARTNER, make_widget

pytestmark = pytest.mark.django_db

OTHER = "https://intruder.example"


def url(name: str, widget, **params) -> str:
    key = params.pop("key", services.public_key(widget))
    query = "&".join(f"{k}={v}" for k, v in {"key": key, **params}.items())
    return reverse(name, args=[widget.pk]) + "?" + query


def canonical_of(catalog, name: str, title: str) -> str:
    found = canonical_url(catalog.objects[name].id, title, catalog.office.slug, "fr")
    assert found and found.startswith("http://tours.localhost/")
    return found


def test_an_allowed_origin_reads_the_data_with_cors_for_it_alone(client, catalog, widget):
    response = client.get(url("widget_data", widget), HTTP_ORIGIN=PARTNER)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == PARTNER
    assert "Origin" in response["Vary"]
    assert response["X-RateLimit-Limit"]
    body = response.json()
    assert [item["name"] for item in body["items"]] == [
        "Hôtel du Grand Monarque",
        "Château de Blois",
        "Fête de la Loire",
    ]
    hotel = body["items"][0]
    assert hotel["url"] == canonical_of(catalog, "hotel", "Hôtel du Grand Monarque")
    assert hotel["commune"] == "Tours" and hotel["image"]["url"].startswith("http")
    assert hotel["price"]  # the fields chosen, as text
    assert body["items"][2]["dates"]
    assert f'href="{hotel["url"]}"' in body["html"]  # the same items, rendered once


def test_another_origin_is_refused_with_a_403_naming_it(client, widget):
    response = client.get(url("widget_data", widget), HTTP_ORIGIN=OTHER)
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response
    assert OTHER in response.json()["detail"]
    assert response.json()["parameter"] == "Origin"
    # an iframe or a link: the origin of the Referer is held to the same list
    framed = client.get(url("widget_frame", widget), HTTP_REFERER=OTHER + "/page.html")
    assert framed.status_code == 403
    assert OTHER in framed.json()["detail"]
    allowed = client.get(url("widget_frame", widget), HTTP_REFERER=PARTNER + "/page.html")
    assert allowed.status_code == 200


def test_a_preflight_answers_cors_for_an_allowed_origin_only(client, widget):
    allowed = client.options(url("widget_data", widget), HTTP_ORIGIN=PARTNER)
    assert allowed.status_code == 204
    assert allowed["Access-Control-Allow-Origin"] == PARTNER
    refused = client.options(url("widget_data", widget), HTTP_ORIGIN=OTHER)
    assert refused.status_code == 403 and "Access-Control-Allow-Origin" not in refused


@pytest.mark.parametrize(
    ("params", "status", "parameter"),
    [
        ({"key": ""}, 401, "key"),
        ({"key": "osw_1.nope"}, 401, "key"),
        ({"page": "0"}, 400, "page"),
        ({"page": "abc"}, 400, "page"),
        ({"near": "91,2"}, 400, "near"),
        ({"near": "x"}, 400, "near"),
    ],
)
def test_bad_requests_are_4xx_naming_the_parameter(client, widget, params, status, parameter):
    response = client.get(url("widget_data", widget, **params), HTTP_ORIGIN=PARTNER)
    assert response.status_code == status
    assert response.json()["parameter"] == parameter


def test_another_widgets_key_or_a_replaced_key_is_refused(client, catalog, widget):
    other = make_widget(catalog, title="Autre")
    wrong = client.get(url("widget_data", widget, key=services.public_key(other)))
    assert wrong.status_code == 401
    old = services.public_key(widget)
    services.replace_key(catalog.admin, widget)
    assert client.get(url("widget_data", widget, key=old)).status_code == 401
    assert client.get(url("widget_data", widget)).status_code == 200


def test_a_switched_off_widget_or_suspended_project_shows_nothing(client, catalog, widget):
    services.update_widget(catalog.admin, widget, active=False)
    assert client.get(url("widget_fragment", widget)).status_code == 403
    services.update_widget(catalog.admin, widget, active=True)
    catalog.project.status = "suspended"
    catalog.project.save()
    assert client.get(url("widget_fragment", widget)).status_code == 403


def test_the_fragment_is_plain_html_with_links_to_the_canonical_pages(client, catalog, widget):
    response = client.get(url("widget_fragment", widget))  # a server: no Origin, no Referer
    assert response.status_code == 200
    html = response.content.decode()
    for name, title in (("hotel", "Hôtel du Grand Monarque"), ("museum", "Château de Blois")):
        assert f'href="{canonical_of(catalog, name, title)}"' in html
    assert "Fête de la Loire" in html
    assert "<script" not in html and "style=" not in html
    classes = set(" ".join(re.findall(r'class="([^"]+)"', html)).split())
    assert classes and all(c.startswith("osw") for c in classes)
    assert "ping=" in html  # clicks counted without JavaScript where browsers send pings


def test_the_fragment_from_an_allowed_page_carries_cors(client, widget):
    response = client.get(url("widget_fragment", widget), HTTP_ORIGIN=PARTNER)
    assert response["Access-Control-Allow-Origin"] == PARTNER


def test_the_frame_may_be_framed_by_the_allowed_origins_only(client, widget):
    response = client.get(url("widget_frame", widget))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    ancestors = re.search(r"frame-ancestors ([^;]+)", policy).group(1).split()
    assert ancestors == ["'self'", PARTNER]
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    assert "<title>Nos coups de cœur</title>" in html
    assert "Hôtel du Grand Monarque" in html and 'target="_top"' in html


def test_the_three_embeds_show_the_same_items_in_the_same_order(client, widget):
    data = client.get(url("widget_data", widget)).json()
    fragment = client.get(url("widget_fragment", widget)).content.decode()
    frame = client.get(url("widget_frame", widget)).content.decode()
    names = [item["name"] for item in data["items"]]

    def order(html: str) -> list[str]:
        return [n for _i, n in sorted((html.index(n), n) for n in names)]

    assert order(fragment) == order(frame) == names


def test_the_script_is_one_file_under_30_kb_gzipped(client):
    response = client.get(reverse("widget_script"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    source = response.content
    assert b'customElements.define("opensit-widget"' in source
    assert b"attachShadow" in source
    assert len(gzip.compress(source, 9)) <= 30 * 1024
    assert not re.search(rb"https?://(?!\w)", source)  # no third-party address


def test_no_answer_sets_a_cookie(client, catalog, widget):
    answers = [
        client.get(reverse("widget_script")),
        client.get(reverse("widget_stylesheet", args=[widget.pk])),
        client.get(url("widget_data", widget), HTTP_ORIGIN=PARTNER),
        client.get(url("widget_fragment", widget)),
        client.get(url("widget_frame", widget), HTTP_REFERER=PARTNER + "/"),
        client.post(url("widget_click", widget, object=catalog.objects["hotel"].id),
                    HTTP_ORIGIN=PARTNER),
        client.get(url("widget_data", widget), HTTP_ORIGIN=OTHER),
    ]  # fmt: skip
    for response in answers:
        assert not response.cookies, response
        assert "Set-Cookie" not in response
    assert not client.cookies


def test_views_and_clicks_are_counted_per_widget_and_day(client, catalog, widget):
    client.get(url("widget_data", widget), HTTP_ORIGIN=PARTNER)
    client.get(url("widget_fragment", widget))
    client.get(url("widget_frame", widget))
    client.get(url("widget_data", widget, refine="1"))  # around me refining: not a new view
    client.get(url("widget_data", widget), HTTP_ORIGIN=OTHER)  # refused: not counted
    hotel = catalog.objects["hotel"].id
    beacon = client.post(url("widget_click", widget, object=hotel), HTTP_ORIGIN=PARTNER)
    assert beacon.status_code == 204
    link = client.get(url("widget_click", widget, object=hotel))
    assert link.status_code == 302
    assert link["Location"] == canonical_of(catalog, "hotel", "Hôtel du Grand Monarque")
    outsider = "00000000-0000-4000-8000-000000000000"
    assert client.post(url("widget_click", widget, object=outsider)).status_code == 400
    count = WidgetDailyCount.objects.get(widget=widget)
    assert (count.views, count.clicks) == (3, 2)
    # and the project's usage, as the diffusion API counts its requests
    BUFFER.flush()
    endpoints = set(
        UsageCounter.objects.filter(project=catalog.project).values_list("endpoint", flat=True)
    )
    assert {"widget_component", "widget_fragment", "widget_frame"} <= endpoints


def test_the_projects_rate_limit_applies(client, settings, widget):
    settings.OPENSIT_RATE_LIMITS = {"basic": 2}
    assert client.get(url("widget_fragment", widget)).status_code == 200
    assert client.get(url("widget_fragment", widget)).status_code == 200
    refused = client.get(url("widget_fragment", widget))
    assert refused.status_code == 429 and refused["Retry-After"]


def test_the_stylesheet_carries_the_widgets_colours(client, catalog):
    widget = make_widget(catalog, primary_colour="#aa3300")
    css = client.get(reverse("widget_stylesheet", args=[widget.pk])).content.decode()
    assert f".osw-w{widget.pk}{{--osw-primary:#aa3300;" in css


def test_an_english_widget_speaks_english(client, catalog):
    widget = make_widget(catalog, language="en")
    html = client.get(url("widget_fragment", widget)).content.decode()
    assert 'lang="en"' in html and "Hôtel du Grand Monarque (en)" in html


def test_layouts_agenda_detail_map_and_around_me(client, catalog):
    agenda = make_widget(catalog, layout="agenda")
    html = client.get(url("widget_fragment", agenda)).content.decode()
    assert "osw-day-title" in html and "Fête de la Loire" in html
    assert "Hôtel du Grand Monarque" not in html  # not an event
    detail = make_widget(catalog, layout="detail", detail_object=catalog.objects["museum"].id)
    items = client.get(url("widget_data", detail)).json()["items"]
    assert [i["name"] for i in items] == ["Château de Blois"]
    plan = make_widget(catalog, layout="map")
    html = client.get(url("widget_fragment", plan)).content.decode()
    assert html.count("<circle") == 3
    # SVG numbers, not French ones ("47,5" would put every pin in a corner)
    xs = [float(x) for x in re.findall(r'<circle cx="([^"]+)"', html)]
    assert len(set(xs)) == 3 and all(0 < x < 100 for x in xs)
    around = make_widget(
        catalog, layout="around_me", fallback_latitude=47.59, fallback_longitude=1.33
    )
    body = client.get(url("widget_data", around)).json()
    assert body["ask_position"] is True
    assert body["items"][0]["name"] == "Château de Blois"  # nearest the fallback point, Blois
    near_tours = client.get(url("widget_data", around, near="47.39,0.68")).json()
    assert near_tours["items"][0]["name"] == "Hôtel du Grand Monarque"
    assert near_tours["items"][0]["distance_km"] < 2


def test_pages_of_a_small_page_size(client, catalog):
    widget = make_widget(catalog, page_size=2)
    first = client.get(url("widget_data", widget)).json()
    second = client.get(url("widget_data", widget, page="2")).json()
    assert (first["pages"], len(first["items"]), len(second["items"])) == (2, 2, 1)
    assert 'data-osw-page="2"' in first["html"]


def test_without_a_site_showing_the_object_the_item_has_no_link(client, catalog, widget):
    catalog.destination.site.delete()  # no destination site left: no canonical page
    body = client.get(url("widget_data", widget)).json()
    assert [item["url"] for item in body["items"]] == [None, None, None]
    assert "osw-link" not in body["html"] and "Hôtel du Grand Monarque" in body["html"]


def test_only_the_fields_chosen_are_shown(client, catalog):
    widget = make_widget(catalog, fields=["name", "commune"])
    body = client.get(url("widget_data", widget)).json()
    assert {key for item in body["items"] for key in item} <= {
        "id", "name", "url", "commune", "latitude", "longitude", "date",
    }  # fmt: skip
    assert "osw-image" not in body["html"] and "osw-price" not in body["html"]
    assert "Tours" in body["html"]


def test_a_saved_search_is_evaluated_live(client, catalog):
    from opensit.diffusion import services as diffusion
    from tests.factories import create_rich, rich_document

    museums = diffusion.create_selection(
        catalog.admin, "musees", "Musées", query={"types": ["museum"]}
    )
    catalog.project.selections.add(museums)
    widget = make_widget(catalog, selection=museums)
    names = [i["name"] for i in client.get(url("widget_data", widget)).json()["items"]]
    assert names == ["Château de Blois"]
    create_rich(catalog.office, rich_document("museum", "Musée des Beaux-Arts"))
    names = [i["name"] for i in client.get(url("widget_data", widget)).json()["items"]]
    assert sorted(names) == ["Château de Blois", "Musée des Beaux-Arts"]
