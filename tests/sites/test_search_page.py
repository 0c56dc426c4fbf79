"""The search page: a text search over the site's scope, tolerant of typos, a "did you mean"
when nothing matches, numbered pages, and bad parameters answered 4xx naming them."""

import re
from html import unescape

import pytest
from django.test import Client

from opensit.search.query import SearchParams, search
from opensit.sites import listing
from opensit.sites.models import SearchPage
from tests.factories import AMBOISE, BLOIS, TOURS, load_vocabulary
from tests.sites.catalog_pages import add_page, communes, make, scoped_destination

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(office):
    load_vocabulary()
    communes()
    return {
        "monarque": make(office, "hotel", "Hôtel du Grand Monarque", TOURS),
        "fontevraud": make(office, "castle", "Abbaye de Fontevraud", TOURS),
        "clos": make(office, "castle", "Château du Clos Lucé", AMBOISE),
        "chaumont": make(office, "castle", "Château de Chaumont", AMBOISE),
        "chambord": make(office, "castle", "Château de Chambord", BLOIS),
    }


@pytest.fixture
def client(office, catalog) -> Client:
    inside = [o.id for key, o in catalog.items() if key != "chambord"]
    site = scoped_destination(office, "search.localhost", inside)
    add_page(site, SearchPage(title="Rechercher", slug="rechercher"))
    return Client(HTTP_HOST=site.site.hostname)


def names(html: str) -> list[str]:
    return [unescape(n) for n in re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)]


def test_the_empty_page_is_a_labelled_form(client):
    html = client.get("/rechercher/").content.decode()
    assert '<form method="get" role="search"' in html
    assert '<label for="search-q">' in html and 'id="search-q" name="q"' in html
    assert names(html) == []


def test_a_name_with_a_typo_is_found(client):
    assert names(client.get("/rechercher/?q=monarqe").content.decode()) == [
        "Hôtel du Grand Monarque"
    ]
    assert names(client.get("/rechercher/?q=chaumon").content.decode()) == ["Château de Chaumont"]


def test_the_scope_holds(client):
    """Chambord exists, published, but the site does not show it."""
    html = client.get("/rechercher/?q=chambord").content.decode()
    assert names(html) == []
    assert "0 résultat" in html
    found = names(client.get("/rechercher/?q=chateau").content.decode())
    assert sorted(found) == ["Château de Chaumont", "Château du Clos Lucé"]


def test_nothing_found_and_no_suggestion_that_leads_outside_the_scope(client):
    """ "chambort" is one edit from Chambord, which the site does not show: the engine offers
    "chambord", the page does not (it would find nothing either)."""
    assert search(SearchParams(q="chambort", typos=False)).did_you_mean == "chambord"
    html = unescape(client.get("/rechercher/?q=chambort").content.decode())
    assert "0 résultat" in html
    assert "Vouliez-vous dire" not in html
    assert "Rien trouvé. Essayez d'autres mots." in html


def test_a_suggestion_is_checked_against_the_scope(client):
    """Without typo tolerance (asked of the engine here) "fontevrauud" finds nothing and the
    engine suggests the name word; the page's suggestion is the engine's, checked in scope."""
    page = SearchPage.objects.get(slug="rechercher")
    destination = page.get_site().destination
    assert search(SearchParams(q="fontevrauud abbay", typos=False)).did_you_mean == (
        "fontevraud abbay"
    )
    assert page._finds(destination, "fontevraud abbay")
    assert not page._finds(destination, "chambord")


def test_pages_of_results(client, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 1)
    first = client.get("/rechercher/?q=chateau").content.decode()
    assert len(names(first)) == 1
    assert '<link rel="next" href="?q=chateau&amp;page=2">' in first
    second = client.get("/rechercher/?q=chateau&page=2").content.decode()
    assert len(names(second)) == 1 and names(second) != names(first)
    assert 'rel="next"' not in second


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [("q=chateau&page=9", 404, "page"), ("page=x", 400, "page"), ("q=" + "a" * 201, 400, "q")],
)
def test_bad_parameters_give_a_4xx_naming_them(client, query, status, parameter):
    response = client.get("/rechercher/?" + query)
    assert response.status_code == status
    assert f"Le paramètre « {parameter} »" in response.content.decode()
