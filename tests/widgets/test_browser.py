"""Each widget form embedded in a partner page served from ANOTHER loopback origin (a small
`http.server` on 127.0.0.1, the platform being the live server on localhost): the web
component, the iframe (resized to its content) and the fragment (fetched by the partner's
server, shown without JavaScript) show the expected objects with links to their canonical
pages; a page from an origin that is not allowed gets nothing, and the 403 is seen.
Screenshots: test-artifacts/screenshots/widgets-*."""

import threading
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from opensit.widgets import services
from tests.browser import shoot
from tests.widgets.conftest import make_widget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Hôtel du Grand Monarque", "Château de Blois", "Fête de la Loire"]


class Partner:
    """A partner's website: pages (HTML, or a callable making it at each request) on its own
    loopback origin."""

    def __init__(self) -> None:
        self.pages: dict[str, str | Callable[[], str]] = {"/favicon.ico": ""}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                page = pages.get(self.path)
                if page is None:
                    self.send_error(404)
                    return
                body = (page() if callable(page) else page).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def partner() -> Iterator[Partner]:
    site = Partner()
    yield site
    site.close()


@pytest.fixture
def intruder() -> Iterator[Partner]:
    site = Partner()
    yield site
    site.close()


def html_page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><h1>{title}</h1>{body}<p>Pied de page du camping</p></body></html>"
    )


@pytest.fixture
def embedded(catalog, live_server, partner, intruder):
    """One widget allowed on the partner's origin, and the pages of both sites."""
    widget = make_widget(catalog, allowed_origins=[partner.origin], primary_colour="#8a2be2")
    snippets = services.snippets(widget, live_server.url)
    for site in (partner, intruder):
        site.pages["/component.html"] = html_page("Camping de la Loire", snippets["component"])
        site.pages["/frame.html"] = html_page("Camping (iframe)", snippets["frame"])

    def fragment_page() -> str:  # the partner's server includes the fragment (a CMS plugin)
        with urllib.request.urlopen(snippets["fragment_url"], timeout=10) as answer:
            fragment = answer.read().decode()
        head = f'<link rel="stylesheet" href="{live_server.url}/widgets/{widget.pk}/style.css">'
        return html_page("Camping (fragment)", head + fragment)

    partner.pages["/fragment.html"] = fragment_page
    return widget


def script_errors(page) -> list[str]:
    """The page's script errors; the demo objects' photos are on a made-up host, whose load
    failures are not the widget's."""
    return [e for e in page.errors if "Failed to load resource" not in e]


def network_statuses(page) -> list[tuple[str, int]]:
    """(URL, status) of every answer the browser's network received, those that the CORS
    policy then hid from the page's scripts included (Chromium's DevTools protocol)."""
    seen: list[tuple[str, int]] = []
    urls: dict[str, str] = {}
    session = page.context.new_cdp_session(page)
    session.on(
        "Network.requestWillBeSent",
        lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]),
    )
    session.on(
        "Network.responseReceivedExtraInfo",
        lambda event: seen.append((urls.get(event["requestId"], ""), event["statusCode"])),
    )
    session.send("Network.enable")
    return seen


def canonical_links(locator) -> list[str]:
    return [link.get_attribute("href") for link in locator.all()]


def test_the_web_component_shows_the_objects_in_a_shadow_dom(page, partner, embedded):
    page.goto(f"{partner.origin}/component.html")
    links = page.locator("opensit-widget .osw-link")  # Playwright pierces open shadow roots
    links.first.wait_for()
    assert links.all_inner_texts() == NAMES
    assert all(href.startswith("http://tours.localhost/") for href in canonical_links(links))
    # the styles are in the shadow DOM: the page's own elements are untouched
    assert page.locator("opensit-widget").evaluate("e => !!e.shadowRoot.querySelector('link')")
    assert page.evaluate("document.querySelectorAll('.osw-link').length") == 0
    colour = links.first.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(138, 43, 226)"  # the widget's primary colour
    assert not page.failures and not script_errors(page)
    shoot(page, "widgets-component")


def test_the_iframe_shows_the_objects_and_grows_to_its_content(page, partner, embedded):
    page.goto(f"{partner.origin}/frame.html")
    frame = page.frame_locator("iframe")
    links = frame.locator(".osw-link")
    links.first.wait_for()
    assert links.all_inner_texts() == NAMES
    assert page.locator("iframe").get_attribute("title") == embedded.title
    page.wait_for_function("document.querySelector('iframe').height !== '480'")
    height = int(page.locator("iframe").get_attribute("height"))
    inner = frame.locator("body").evaluate("b => Math.ceil(b.getBoundingClientRect().height)")
    assert height == inner  # no scroll bar, no blank space
    assert not page.failures and not script_errors(page)
    shoot(page, "widgets-iframe")


def test_the_fragment_works_without_javascript(browser, live_server, partner, embedded):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{partner.origin}/fragment.html")
    links = page.locator(".osw-link")
    assert links.all_inner_texts() == NAMES
    assert all(href.startswith("http://tours.localhost/") for href in canonical_links(links))
    assert page.locator(".osw-image").count() == 3
    shoot(page, "widgets-fragment-no-js")
    context.close()


def test_an_origin_not_allowed_gets_nothing(page, intruder, embedded):
    statuses = network_statuses(page)
    page.goto(f"{intruder.origin}/component.html")
    page.locator("opensit-widget[data-state=failed]").wait_for()
    # the answer has no CORS header: the page's script cannot read it (the browser says so),
    # the network saw the 403
    assert any("blocked by CORS policy" in error for error in page.errors)
    assert [status for url, status in statuses if "/data?" in url] == [403]
    assert page.locator("opensit-widget .osw-link").count() == 0
    assert "pas disponible" in page.locator("opensit-widget .osw-error").inner_text()
    shoot(page, "widgets-refused-component")
    with page.expect_response(lambda r: "/frame?" in r.url) as framed:
        page.goto(f"{intruder.origin}/frame.html")
    assert framed.value.status == 403
    assert page.frame_locator("iframe").locator(".osw-link").count() == 0
    shoot(page, "widgets-refused-iframe")


def test_around_me_asks_the_position_and_shows_the_nearest_first(
    browser, catalog, live_server, partner
):
    from playwright.sync_api import expect

    widget = make_widget(
        catalog,
        layout="around_me",
        fallback_latitude=47.59,  # Blois: the castle is nearest, until the visitor says
        fallback_longitude=1.33,
        allowed_origins=[partner.origin],
    )
    partner.pages["/around.html"] = html_page(
        "Autour de moi", services.snippets(widget, live_server.url)["component"]
    )
    context = browser.new_context(
        locale="fr-FR",
        geolocation={"latitude": 47.394, "longitude": 0.685},  # in Tours
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.goto(f"{partner.origin}/around.html")
    first = page.locator("opensit-widget .osw-link").first
    expect(first).to_have_text("Hôtel du Grand Monarque")
    expect(page.locator("opensit-widget .osw-distance").first).to_contain_text("km")
    shoot(page, "widgets-around-me")
    context.close()


def test_an_editor_configures_a_widget_and_sees_its_preview(page, live_server, catalog):
    from tests.browser import login
    from tests.factories import member

    editor = member(catalog.office, "editor")
    login(page, live_server, editor.user.username, "x")
    page.goto(f"{live_server.url}/admin/opensit/widgets/")
    page.click("[data-testid=new-widget]")
    page.fill("input[name=title]", "Agenda du camping")
    page.select_option("select[name=project]", str(catalog.project.pk))
    page.select_option("select[name=selection]", str(catalog.selection.pk))
    page.select_option("select[name=layout]", "agenda")
    page.fill("textarea[name=allowed_origins]", "https://www.camping-exemple.fr")
    page.click("[data-testid=widget-form] button[type=submit]")
    preview = page.frame_locator("[data-testid=widget-preview]")
    expect_text = preview.locator(".osw-link")
    expect_text.first.wait_for()
    assert expect_text.all_inner_texts() == ["Fête de la Loire"]  # the agenda: events only
    assert "<opensit-widget" in page.locator("[data-testid=snippet-component]").input_value()
    assert not page.violations
    shoot(page, "widgets-configurator")


def test_the_map_layout_draws_numbered_points_without_tiles(page, catalog, live_server, partner):
    widget = make_widget(catalog, layout="map", allowed_origins=[partner.origin])
    partner.pages["/map.html"] = html_page(
        "Carte", services.snippets(widget, live_server.url)["component"]
    )
    page.goto(f"{partner.origin}/map.html")
    pins = page.locator("opensit-widget .osw-pin")
    pins.first.wait_for()
    assert pins.count() == 3
    spots = page.locator("opensit-widget .osw-pin circle").evaluate_all(
        "cs => cs.map(c => { const r = c.getBoundingClientRect(); return [r.x, r.y]; })"
    )
    assert len({tuple(spot) for spot in spots}) == 3  # three places, three spots
    assert page.locator("opensit-widget .osw-link").all_inner_texts() == NAMES
    assert all(urlsplit(u).hostname in ("127.0.0.1", "localhost", "img.exemple.fr")
               for u in page.requested)  # fmt: skip  # no tile server, no CDN
    shoot(page, "widgets-map")
