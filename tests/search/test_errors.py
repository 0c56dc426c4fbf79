"""Bad parameters raise SearchError naming the parameter."""

from datetime import date

import pytest

from opensit.search.query import SearchError, SearchParams, search


@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"types": ["spaceship"]}, "types", "spaceship"),
        ({"radius_km": -1, "near": (47.39, 0.69)}, "radius_km", "above 0"),
        ({"radius_km": 5}, "radius_km", "near"),
        ({"near": (147.39, 0.69)}, "near", "latitude"),
        ({"bbox": (1.4, 47.6, 1.3, 47.5)}, "bbox", "minimum"),
        ({"sort": "distance"}, "sort", "near"),
        ({"sort": "popularity"}, "sort", "popularity"),
        ({"lang": "xx"}, "lang", "xx"),
        ({"communes": ["Tours"]}, "communes", "Tours"),
        ({"departments": ["375"]}, "departments", "375"),
        ({"territory": "ot-nowhere"}, "territory", "ot-nowhere"),
        ({"owners": ["ot-tours", "ot-nowhere"]}, "owners", "ot-nowhere"),
        ({"limit": 5000}, "limit", "1000"),
        ({"offset": -1}, "offset", ""),
        ({"cursor": "not-a-cursor"}, "cursor", "cursor"),
        ({"open_from": date(2026, 5, 2), "open_to": date(2026, 5, 1)}, "open_from", "before"),
        ({"event_from": "2026-05-01"}, "event_from", "date"),
        ({"themes": "nature"}, "themes", "list"),
    ],
)
def test_bad_parameter_is_named(db, tours_office, params, parameter, words):
    with pytest.raises(SearchError) as error:
        search(SearchParams(**params))
    assert error.value.parameter == parameter
    assert str(error.value).startswith(f"{parameter}: ")
    assert words in str(error.value)


def test_cursor_of_another_sort_is_refused(catalog):
    cursor = search(SearchParams(sort="name", limit=2)).next_cursor
    assert cursor
    with pytest.raises(SearchError) as error:
        search(SearchParams(sort="updated", cursor=cursor))
    assert error.value.parameter == "cursor"
