"""A destination's sitemaps and robots.txt: the index per language, every published object of
the site's scope and none outside it, split at the (lowered) limit, hreflang alternates, the
editorial pages with their translations."""

from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree
from wagtail.models import Page, PageViewRestriction

from opensit.catalog import services
from opensit.diffusion.models import DiffusionProject, Selection
from opensit.sites import sitemaps
from opensit.sites.canonical import object_path
from tests.factories import create_rich, member, rich_document
from tests.sitekit import make_destination

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ROOT = "http://tours.localhost"


def xml(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return ElementTree.fromstring(body)


def index_locations(client) -> list[str]:
    tree = xml(client.get("/sitemap.xml"))
    assert tree.tag == f"{{{NS['s']}}}sitemapindex"
    return [loc.text for loc in tree.findall("s:sitemap/s:loc", NS)]


def urls(client, location: str) -> dict[str, dict]:
    """{loc: {"lastmod": ..., "alternates": {hreflang: href}}} of one sitemap file."""
    tree = xml(client.get(urlsplit(location).path))
    assert tree.tag == f"{{{NS['s']}}}urlset"
    out = {}
    for url in tree.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        assert loc not in out, "an address listed twice"
        lastmod = url.find("s:lastmod", NS)
        out[loc] = {
            "lastmod": lastmod.text if lastmod is not None else None,
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", NS)
                if link.get("rel") == "alternate"
            },
        }
    return out


@pytest.fixture
def objects(office):
    """Three published objects, a draft and a deleted one."""
    made = {
        name: create_rich(office, rich_document(kind, name))
        for kind, name in (
            ("hotel", "Hôtel du Grand Monarque"),
            ("museum", "Musée des Beaux-Arts"),
            ("festival", "Festival de Loire"),
        )
    }
    made["draft"] = create_rich(office, rich_document("hotel", "Brouillon"), publish=False)
    deleted = create_rich(office, rich_document("restaurant", "Fermé"))
    services.delete_object(member(office, "admin"), deleted, "closed")
    made["deleted"] = deleted
    return made


def expected(obj, lang: str) -> str:
    name = obj.document["name"].get(lang) or obj.document["name"]["fr"]
    return ROOT + object_path(obj.id, name, lang)


def test_robots_txt_names_the_index(site_client, destination):
    response = site_client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert f"Sitemap: {ROOT}/sitemap.xml" in lines
    assert "Disallow: /*?*page=" in lines and "Disallow: /i18n/" in lines


def test_the_index_lists_pages_and_objects_per_language(site_client, objects):
    assert index_locations(site_client) == [
        f"{ROOT}/sitemap-pages-fr.xml",
        f"{ROOT}/sitemap-objects-fr-1.xml",
        f"{ROOT}/sitemap-pages-en.xml",
        f"{ROOT}/sitemap-objects-en-1.xml",
    ]


def test_every_published_object_with_its_languages_and_last_change(site_client, objects):
    published = [objects[k] for k in objects if k not in ("draft", "deleted")]
    for lang in ("fr", "en"):
        listed = urls(site_client, f"{ROOT}/sitemap-objects-{lang}-1.xml")
        assert set(listed) == {expected(obj, lang) for obj in published}
        for obj in published:
            entry = listed[expected(obj, lang)]
            assert entry["alternates"] == {
                "fr": expected(obj, "fr"),
                "en": expected(obj, "en"),
                "x-default": expected(obj, "fr"),
            }
            obj.refresh_from_db()
            assert entry["lastmod"] == obj.updated_at.isoformat(timespec="seconds")
    # every address answers the page itself, not a redirect
    for loc in urls(site_client, f"{ROOT}/sitemap-objects-en-1.xml"):
        assert site_client.get(urlsplit(loc).path).status_code == 200


def test_the_objects_split_at_the_limit(site_client, objects, monkeypatch):
    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 2)
    locations = index_locations(site_client)
    files = [loc for loc in locations if "-objects-fr-" in loc]
    assert files == [f"{ROOT}/sitemap-objects-fr-1.xml", f"{ROOT}/sitemap-objects-fr-2.xml"]
    first, second = (urls(site_client, loc) for loc in files)
    assert len(first) == 2 and len(second) == 1
    published = [objects[k] for k in objects if k not in ("draft", "deleted")]
    assert set(first) | set(second) == {expected(obj, "fr") for obj in published}
    assert site_client.get("/sitemap-objects-fr-3.xml").status_code == 404
    assert site_client.get("/sitemap-objects-fr-0.xml").status_code == 404
    assert site_client.get("/sitemap-objects-de-1.xml").status_code == 404  # not served


def test_many_languages_make_smaller_files(destination, monkeypatch):
    assert sitemaps.urls_per_sitemap(destination) == 50_000
    destination.languages = ["fr", "en", "de", "it", "es", "nl"]
    assert sitemaps.urls_per_sitemap(destination) * 250 * 8 <= sitemaps.MAX_SITEMAP_BYTES


def test_a_site_with_a_scope_lists_only_its_objects(office, objects):
    hotel, museum = objects["Hôtel du Grand Monarque"], objects["Musée des Beaux-Arts"]
    selection = Selection.objects.create(
        slug="escapade",
        name="Escapade",
        organisation=office,
        kind=Selection.Kind.LIST,
        object_ids=[hotel.id, museum.id, objects["draft"].id],
    )
    project = DiffusionProject.objects.create(
        organisation=office,
        name="Escapade",
        scope=DiffusionProject.Scope.SELECTIONS,
        status=DiffusionProject.Status.ACTIVE,
    )
    project.selections.add(selection)
    escapade = make_destination(office, "escapade.localhost", project=project, title="Escapade")
    from django.test import Client

    client = Client(HTTP_HOST="escapade.localhost")
    listed = urls(client, "http://escapade.localhost/sitemap-objects-fr-1.xml")
    root = "http://escapade.localhost"
    assert set(listed) == {
        root + object_path(hotel.id, "Hôtel du Grand Monarque", "fr"),
        root + object_path(museum.id, "Musée des Beaux-Arts", "fr"),
    }
    assert escapade.project_id == project.pk


def test_the_pages_sitemap_lists_live_public_pages_with_translations(site_client, destination):
    home = destination.site.root_page
    about = home.add_child(instance=Page(title="À propos", slug="a-propos"))
    about.save_revision().publish()
    english = about.copy_for_translation(
        Page.objects.get(translation_key=home.translation_key, locale__language_code="en").locale
    )
    english.title, english.slug = "About", "about"
    english.save_revision().publish()
    draft = home.add_child(instance=Page(title="Brouillon", slug="brouillon", live=False))
    private = home.add_child(instance=Page(title="Équipe", slug="equipe"))
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    french = urls(site_client, f"{ROOT}/sitemap-pages-fr.xml")
    assert set(french) == {f"{ROOT}/", f"{ROOT}/a-propos/"}
    assert french[f"{ROOT}/a-propos/"]["alternates"] == {
        "fr": f"{ROOT}/a-propos/",
        "en": f"{ROOT}/en/about/",
        "x-default": f"{ROOT}/a-propos/",
    }
    assert french[f"{ROOT}/"]["alternates"]["en"] == f"{ROOT}/en/"
    assert french[f"{ROOT}/a-propos/"]["lastmod"]
    english_urls = urls(site_client, f"{ROOT}/sitemap-pages-en.xml")
    assert set(english_urls) == {f"{ROOT}/en/", f"{ROOT}/en/about/"}
    assert draft.url_path not in str(french)
    assert site_client.get("/sitemap-pages-de.xml").status_code == 404
