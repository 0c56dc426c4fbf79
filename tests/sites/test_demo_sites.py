"""The two demo sites (`opensit sites demo` over `opensit demo`): a crawl of each, in French
and English, from its home page through every link that stays on the site. No page may answer
an error; every object page of a card answers 200; the photos are the platform's own files."""

import re
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from opensit.sites.demo import ESCAPADE_HOST, REGIONAL_HOST
from opensit.sites.models import Destination

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)')
IMG = re.compile(r'<img[^>]* src="([^"]+)"')
#: A crawl stops after this many pages (the demo has far fewer).
CRAWL_LIMIT = 400


@pytest.fixture(scope="module")
def demo_sites(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", "--today", "2026-12-03", stdout=StringIO())
        out = StringIO()
        call_command("sites", "demo", stdout=out)
        yield out.getvalue()
        call_command("flush", interactive=False, verbosity=0)


def crawl(host: str, start: str) -> dict[str, tuple[int, str]]:
    """Every page of the site reached from `start`: path -> (status, html)."""
    client = Client(HTTP_HOST=host)
    seen: dict[str, tuple[int, str]] = {}
    todo = [start]
    while todo and len(seen) < CRAWL_LIMIT:
        path = todo.pop()
        if path in seen:
            continue
        response = client.get(path)
        html = response.content.decode() if response.status_code == 200 else ""
        seen[path] = (response.status_code, html)
        if response.status_code in (301, 302):
            todo.append(urlsplit(response["Location"]).path)
        for href in HREF.findall(html):
            url = urlsplit(urljoin(f"http://{host}{path}", href.replace("&amp;", "&")))
            if url.hostname == host.split(":")[0] and not url.path.startswith(
                ("/static/", "/media/", "/site.css")
            ):
                todo.append(url.path + (f"?{url.query}" if url.query else ""))
    return seen


def test_the_demo_sites_are_made_once(demo_sites, db):
    assert "http://regional.localhost:8000/" in demo_sites
    assert "http://escapade.localhost:8000/" in demo_sites
    assert Destination.objects.count() == 2
    again = StringIO()
    call_command("sites", "demo", stdout=again)
    assert Destination.objects.count() == 2
    assert "already there" in again.getvalue()


@pytest.mark.parametrize("host", [REGIONAL_HOST, ESCAPADE_HOST])
@pytest.mark.parametrize("start", ["/", "/en/"])
def test_every_page_of_a_demo_site_answers(demo_sites, db, host, start):
    pages = crawl(f"{host}:8000", start)
    errors = {path: status for path, (status, _html) in pages.items() if status >= 400}
    assert not errors
    objects = [path for path in pages if re.search(r"-[0-9a-f]{8}-[0-9a-f-]{27}/$", path)]
    assert len(objects) >= 6  # the featured cards lead to object pages
    html = "".join(html for _status, html in pages.values())
    images = set(IMG.findall(html))
    assert images
    for src in images:
        # the demo's photos are files of the platform's media folder, never a remote host
        media = "/" + settings.MEDIA_URL.strip("/") + "/"
        path = urlsplit(src).path
        assert path.startswith(media), src
        assert (Path(settings.MEDIA_ROOT) / path.removeprefix(media)).is_file()


def test_the_brand_site_shows_only_its_scope(demo_sites, db):
    """The weekend site's project bounds it: an object outside its selections (a tourist
    office record, type `tourist_office`) is found on the regional site, not on the brand's."""
    from opensit.catalog.models import TourismObject
    from opensit.sites.canonical import object_path

    office = TourismObject.objects.filter(type="tourist_office", status="published").first()
    path = object_path(office.id, office.name, "fr")
    assert Client(HTTP_HOST=f"{REGIONAL_HOST}:8000").get(path).status_code == 200
    assert Client(HTTP_HOST=f"{ESCAPADE_HOST}:8000").get(path).status_code == 404
