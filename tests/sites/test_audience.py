"""Anonymous audience counts: per site, day and page when the site's switch is on, nothing
when off; no cookie set, nothing about the visitor stored (`sites.audience`)."""

import pytest
from django.utils import timezone

from opensit.sites import audience
from opensit.sites.canonical import object_path
from opensit.sites.models import SiteDailyCount
from tests.factories import create_rich, load_vocabulary, rich_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotel(office):
    load_vocabulary()
    return create_rich(office, rich_document("hotel", "Hôtel du Grand Monarque"))


def _counts(destination) -> dict[tuple[str, str], int]:
    """The day's counts in the database, once this process's tally is written."""
    audience.flush()
    return {
        (row.kind, row.ref): row.views
        for row in SiteDailyCount.objects.filter(destination=destination, day=timezone.localdate())
    }


def test_views_are_counted_per_page_without_cookie(site_client, destination, hotel):
    path = object_path(hotel.id, "Hôtel du Grand Monarque", "fr")
    responses = [site_client.get(path) for _ in range(3)] + [site_client.get("/")]
    assert all(not response.cookies for response in responses)
    site_client.head(path)  # no view
    site_client.get("/nulle-part/")  # a 404: no view
    home = destination.site.root_page_id
    assert _counts(destination) == {("object", hotel.id): 3, ("page", str(home)): 1}
    row = SiteDailyCount.objects.get(destination=destination, kind="object")
    stored = {f.name for f in SiteDailyCount._meta.fields}
    assert stored == {"id", "destination", "day", "kind", "ref", "views"}  # nothing of a visitor
    assert row.views == 3


def test_a_revalidated_page_is_a_view(site_client, destination, hotel):
    path = object_path(hotel.id, "Hôtel du Grand Monarque", "fr")
    etag = site_client.get(path)["ETag"]
    assert site_client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert _counts(destination) == {("object", hotel.id): 2}


def test_nothing_is_counted_when_the_switch_is_off(site_client, destination, hotel):
    destination.analytics = False
    destination.save()
    site_client.get(object_path(hotel.id, "Hôtel du Grand Monarque", "fr"))
    site_client.get("/")
    audience.flush()
    assert not SiteDailyCount.objects.exists()


def test_the_tally_is_written_past_its_size(site_client, destination, hotel, monkeypatch):
    monkeypatch.setattr(audience, "FLUSH_VIEWS", 3)
    monkeypatch.setattr(audience, "FLUSH_SECONDS", 3600.0)
    path = object_path(hotel.id, "Hôtel du Grand Monarque", "fr")
    for _ in range(2):
        site_client.get(path)
    assert not SiteDailyCount.objects.exists()  # still in this process's tally
    site_client.get(path)
    assert SiteDailyCount.objects.get(destination=destination).views == 3
