"""Destination sites for tests: a Wagtail site with its home page (French, and English as a
translation) and its Destination, on a host of its own (`HTTP_HOST`)."""

import pytest
from django.test import Client

from tests.sitekit import make_destination


@pytest.fixture
def destination(office):
    return make_destination(office, "tours.localhost")


@pytest.fixture
def site_client(destination) -> Client:
    """A client whose requests name the destination's host."""
    return Client(HTTP_HOST=destination.site.hostname)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with an empty page cache (the feed's positions restart with the
    database, and a page kept by another test would answer for a site of the same id) and an
    empty audience tally."""
    from django.core.cache import cache

    from opensit.sites import audience
    from opensit.sites import cache as page_cache

    cache.clear()
    page_cache.reset_stats()
    audience.forget()
    yield
    cache.clear()
    audience.forget()
