"""Filters: types, vocabularies, places, organisations, geography, ids, updates."""

import math

from django.utils import timezone

from opensit.catalog import services
from opensit.search.query import SearchParams, search


def found(**kwargs) -> set[str]:
    return set(search(SearchParams(limit=100, **kwargs)).ids)


def test_only_published_objects(catalog):
    result = search(SearchParams(limit=100))
    assert set(result.ids) == catalog.published()
    assert result.total == 8


def test_types_are_hierarchical(catalog):
    assert found(types=["accommodation"]) == {catalog.hotel.id, catalog.campsite.id}
    assert found(types=["event"]) == {
        catalog.christmas_market.id,
        catalog.saturday_market.id,
        catalog.concert.id,
    }
    assert found(types=["cultural_event"]) == {catalog.concert.id}
    assert found(types=["castle", "museum"]) == {catalog.castle.id, catalog.museum.id}


def test_vocabulary_any_and_all(catalog):
    assert found(amenities=["wifi", "parking"]) == {
        catalog.hotel.id,
        catalog.campsite.id,
        catalog.castle.id,
    }
    assert found(amenities=["wifi", "parking"], amenities_all=True) == {catalog.hotel.id}
    assert found(themes=["heritage", "nature"], themes_all=True) == set()
    assert found(themes=["nature"]) == {catalog.campsite.id, catalog.trail.id}


def test_labels_cover_classifications(catalog):
    assert found(labels=["hotel_4_stars"]) == {catalog.hotel.id}
    assert found(labels=["hotel_4_stars", "qualite_tourisme"]) == {
        catalog.hotel.id,
        catalog.castle.id,
    }


def test_communes_departments_territory_owners(catalog):
    assert found(communes=["37261"]) == {catalog.hotel.id, catalog.saturday_market.id}
    assert found(departments=["41"]) == {catalog.museum.id, catalog.concert.id}
    # ot-tours covers Tours and Amboise, not Chenonceaux.
    assert found(territory="ot-tours") == {
        catalog.hotel.id,
        catalog.saturday_market.id,
        catalog.campsite.id,
        catalog.christmas_market.id,
    }
    assert found(owners=["ot-blois"]) == {catalog.museum.id, catalog.concert.id}
    assert found(owners=["ot-blois"], departments=["37"]) == set()


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_near_radius_sorted_by_distance(catalog):
    station = (47.3941, 0.6848)  # Tours railway station
    result = search(SearchParams(near=station, radius_km=25, sort="distance"))
    assert result.ids[:2] == [catalog.saturday_market.id, catalog.hotel.id]
    assert set(result.ids[2:]) == {catalog.campsite.id, catalog.christmas_market.id}
    assert result.total == 4  # Chenonceaux, 30 km away, is out
    for obj in (catalog.hotel, catalog.campsite):
        expected = _haversine_km(station, (obj.latitude, obj.longitude))
        assert math.isclose(result.distances_km[obj.id], expected, abs_tol=0.05)
    assert 22 < result.distances_km[catalog.campsite.id] < 23


def test_near_radius_with_type(catalog):
    result = search(SearchParams(near=(47.3941, 0.6848), radius_km=40, types=["accommodation"]))
    assert set(result.ids) == {catalog.hotel.id, catalog.campsite.id}
    # Without a query, relevance falls back to distance when a centre is given.
    assert result.ids == [catalog.hotel.id, catalog.campsite.id]


def test_radius_alone_and_with_other_filters_agree(catalog):
    """A radius (+ types) is answered by the geography index alone on SQLite; with another
    filter by the general plan: the same objects, distances and order either way."""
    station = (47.3941, 0.6848)
    for types in ([], ["event"], ["accommodation", "event"]):
        alone = search(SearchParams(near=station, radius_km=25, types=types, sort="distance"))
        joined = search(
            SearchParams(
                near=station, radius_km=25, types=types, sort="distance", departments=["37"]
            )
        )
        assert alone.ids == joined.ids and alone.total == joined.total, types
        assert alone.distances_km == joined.distances_km
    paged = search(SearchParams(near=station, radius_km=25, sort="distance", limit=1))
    assert paged.total == 4 and paged.next_cursor
    rest = search(
        SearchParams(
            near=station, radius_km=25, sort="distance", limit=10, cursor=paged.next_cursor
        )
    )
    assert paged.ids + rest.ids == search(SearchParams(near=station, radius_km=25)).ids


def test_bbox(catalog):
    blois = (1.30, 47.57, 1.36, 47.60)
    assert found(bbox=blois) == {catalog.museum.id, catalog.concert.id}
    assert found(bbox=blois, types=["museum"]) == {catalog.museum.id}
    assert found(bbox=blois, near=(47.3941, 0.6848), radius_km=10) == set()


def test_ids_keep_to_published(catalog):
    wanted = [catalog.castle.id, catalog.hotel.id, catalog.draft.id]
    assert found(ids=wanted) == {catalog.castle.id, catalog.hotel.id}
    assert found(ids=[]) == set()


def test_updated_since(catalog, tours_editor):
    since = timezone.now()
    assert found(updated_since=since) == set()
    doc = {**catalog.hotel.document, "name": {"fr": "Hôtel de l'Univers et du Commerce"}}
    services.update_object(tours_editor, catalog.hotel, doc)
    assert found(updated_since=since) == {catalog.hotel.id}


def test_root_types_have_distinct_geography_dimensions():
    """Each root type is its own slab of the R*Tree: no two share a value, and every type
    below a root lands in its root's slab."""
    from opensit.catalog.types import ROOTS, TYPES, root_of
    from opensit.search.backends import root_dimension

    values = {root_dimension(root) for root in ROOTS}
    assert len(values) == len(ROOTS) and all(0 < v < 2**24 for v in values)
    assert all(root_dimension(code) == root_dimension(root_of(code)) for code in TYPES)
    assert root_dimension("no-such-type") == 0
