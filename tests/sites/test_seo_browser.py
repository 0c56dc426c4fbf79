"""The detail page's JSON-LD in Debian's Chromium: the Content-Security-Policy (scripts only
with the page's nonce) lets the data block be, and the browser reads it as the object's
node. Selected with `-m browser`."""

from urllib.parse import urlsplit

import pytest

from opensit.sites.canonical import object_path
from tests.browser import shoot
from tests.factories import create_rich, load_vocabulary, rich_document
from tests.sitekit import make_destination

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_json_ld_block_is_data_the_policy_lets_be(page, live_server, office):
    port = urlsplit(live_server.url).port
    make_destination(office, "localhost", port=port)
    load_vocabulary()
    festival = create_rich(office, rich_document("festival", "Festival de Loire"))
    page.goto(f"http://localhost:{port}{object_path(festival.id, 'Festival de Loire', 'fr')}")
    node = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert node["@type"] == "Festival" and node["name"] == "Festival de Loire"
    assert node["location"]["address"]["addressLocality"] == "Tours"
    content = page.locator('meta[property="og:title"]').get_attribute("content")
    assert content == "Festival de Loire, Tours"
    # the data block needs no nonce: no script refused (remote catalog images are another
    # matter of the policy's img-src, not of this page's head)
    assert [v for v in page.violations if "script" in v] == []
    assert [e for e in page.errors if "Failed to load resource" not in e] == []  # favicon
    shoot(page, "sites-seo-detail")
