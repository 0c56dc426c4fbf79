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
