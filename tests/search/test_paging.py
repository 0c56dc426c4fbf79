"""Sorting, random order with a seed, keyset cursors and facets."""

import pytest

from opensit.search.query import SearchError, SearchParams, search


def all_pages(params: SearchParams) -> list[str]:
    seen: list[str] = []
    cursor = None
    while True:
        params.cursor = cursor
        result = search(params)
        seen += result.ids
        cursor = result.next_cursor
        if cursor is None:
            return seen


def test_name_sort_ignores_accents_and_case(catalog):
    result = search(SearchParams(sort="name", types=["event", "accommodation"]))
    assert result.ids == [
        catalog.campsite.id,  # Camping de l'Île d'Or
        catalog.hotel.id,  # Hôtel de l'Univers
        catalog.concert.id,  # Jazz au château
        catalog.christmas_market.id,  # Marché de Noël d'Amboise
        catalog.saturday_market.id,  # Marché du samedi
    ]


def test_random_order_is_stable_across_pages(catalog):
    whole = search(SearchParams(sort="random", seed=42, limit=100)).ids
    pages = [search(SearchParams(sort="random", seed=42, limit=3, offset=n)).ids for n in (0, 3, 6)]
    assert [i for page in pages for i in page] == whole
    assert sorted(whole) == sorted(catalog.published())
    assert search(SearchParams(sort="random", seed=42, limit=100)).ids == whole
    others = {tuple(search(SearchParams(sort="random", seed=s, limit=100)).ids) for s in (1, 2, 3)}
    assert others != {tuple(whole)}


def test_cursor_paging_sees_every_object_once(catalog):
    for sort in ("name", "updated", "random", "start_date"):
        seen = all_pages(SearchParams(sort=sort, seed=7, limit=3))
        assert sorted(seen) == sorted(catalog.published()), sort
        assert seen == search(SearchParams(sort=sort, seed=7, limit=100)).ids, sort


def test_cursor_paging_by_relevance_and_distance(catalog):
    ranked = search(SearchParams(q="château", limit=100)).ids
    assert all_pages(SearchParams(q="château", limit=1)) == ranked
    assert len(ranked) == 4
    near = search(SearchParams(near=(47.3941, 0.6848), sort="distance", limit=100)).ids
    assert all_pages(SearchParams(near=(47.3941, 0.6848), sort="distance", limit=2)) == near
    assert len(near) == 8


def test_facets_count_the_current_filter_set(catalog):
    result = search(SearchParams(departments=["37"], facets=True, limit=0))
    assert result.total == 6 and result.ids == []
    assert result.facets["types"] == {
        "market_fair": 2,
        "campsite": 1,
        "castle": 1,
        "hotel": 1,
        "walking_tour": 1,
    }
    assert result.facets["type_roots"] == {
        "accommodation": 2,
        "event": 2,
        "cultural_site": 1,
        "itinerary": 1,
    }
    assert result.facets["communes"] == {"37003": 2, "37070": 2, "37261": 2}
    assert result.facets["themes"] == {"nature": 2, "heritage": 1, "renaissance": 1}


def test_facets_with_a_text_query(catalog):
    result = search(SearchParams(q="château", facets=True))
    assert result.facets["communes"] == {"37070": 2, "37003": 1, "41018": 1}


def test_text_and_type_paging_from_the_text_index_alone(catalog):
    """q + type is answered by the text index alone (types as tokens, ties by entry id): the same
    objects as with a filter that forces the join, in pages that meet exactly once."""
    whole = search(SearchParams(q="château", types=["cultural_site", "event"], limit=100))
    assert set(whole.ids) == {catalog.castle.id, catalog.concert.id}
    assert whole.total == 2
    joined = search(
        SearchParams(
            q="château", types=["cultural_site", "event"], departments=["37", "41"], limit=100
        )
    )
    assert set(joined.ids) == set(whole.ids) and joined.total == 2
    assert all_pages(SearchParams(q="château", types=["cultural_site", "event"], limit=1)) == (
        whole.ids
    )
    first = search(SearchParams(q="château", types=["cultural_site", "event"], limit=1))
    assert first.total == 2 and len(first.ids) == 1 and first.next_cursor
    assert search(SearchParams(q="château", types=["accommodation"], limit=0)).total == 1
    assert search(SearchParams(q="château", types=["restaurant"])).total == 0


def test_a_forged_relevance_cursor_is_refused(catalog):
    from opensit.search.params import encode_cursor

    forged = encode_cursor("rank", -1.0, "not-an-entry", None)
    with pytest.raises(SearchError) as error:
        search(SearchParams(q="château", types=["cultural_site"], cursor=forged))
    assert error.value.parameter == "cursor"


def test_facets_total_is_the_sum_of_type_counts(catalog):
    result = search(SearchParams(q="château", facets=True))
    assert result.total == sum(result.facets["types"].values()) == 4
    assert result.facets["type_roots"] == {
        "cultural_site": 1,
        "accommodation": 1,
        "event": 1,
        "itinerary": 1,
    }


@pytest.mark.parametrize("query", [{"q": "château"}, {"departments": ["37", "41"]}, {}])
def test_facet_size_keeps_the_most_frequent_values_and_every_type(catalog, query):
    """`facet_size` cuts communes and themes to their most frequent values (ties by value),
    exactly as the full counts rank them, on the text index and on SQL alike; `types` keeps
    every type, so that the total stays their sum."""
    full = search(SearchParams(**query, facets=True, facet_size=50_000))
    assert len(full.facets["communes"]) > 1 and len(full.facets["themes"]) > 1
    for size in (1, 2):
        cut = search(SearchParams(**query, facets=True, facet_size=size))
        for name in ("communes", "themes"):
            ranked = sorted(full.facets[name].items(), key=lambda kv: (-kv[1], kv[0]))
            assert list(cut.facets[name].items()) == ranked[:size]
        assert cut.facets["types"] == full.facets["types"]
        assert cut.total == full.total == sum(full.facets["types"].values())


@pytest.mark.parametrize("size", [0, -1, 50_001, True, "10"])
def test_a_bad_facet_size_is_an_error_naming_it(catalog, size):
    with pytest.raises(SearchError) as error:
        search(SearchParams(facets=True, facet_size=size))
    assert error.value.parameter == "facet_size"
