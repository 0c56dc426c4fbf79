"""Crafted cursors and seeds: every field is checked for type and range, a bad one is a
SearchError naming `cursor` (or `seed`), never a database error or a runaway allocation.
Property tests: any text or any JSON list as a cursor, and encode/decode round trips."""

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.search.indexer import RANDOM_MODULUS
from opensit.search.params import INT64_MAX, _decode_cursor, encode_cursor
from opensit.search.query import SearchError, SearchParams, search

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def raw_cursor(fields: object) -> str:
    """A cursor as a client could forge it: any JSON, base64url without padding."""
    return base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=")


def refused(params: SearchParams, parameter: str = "cursor") -> SearchError:
    with pytest.raises(SearchError) as error:
        search(params)
    assert error.value.parameter == parameter
    return error.value


CRAFTED = [
    # The seed of a random cursor went into `seed * 2654435761`: a string made gigabytes (a
    # list is the harmless stand-in), a float broke the SQL.
    ("random", ["random", 5, "x", []]),
    ("random", ["random", 5, "x", 1.5]),
    ("random", ["random", 5, "x", True]),
    ("random", ["random", 5, "x", 2**64 - 1]),
    ("random", ["random", 5, "x", -3]),
    ("random", ["random", RANDOM_MODULUS, "x", 1]),
    # Numbers beyond SQLite's 64-bit integers, and keys of the wrong type.
    ("updated", ["updated", 2**63, "x", None]),
    ("updated", ["updated", -(2**63) - 1, "x", None]),
    ("updated", ["updated", "yesterday", "x", None]),
    ("updated", ["updated", [1], "x", None]),
    ("updated", ["updated", True, "x", None]),
    ("start_date", ["start_date", {"a": 1}, "x", None]),
    ("name", ["name", 12, "x", None]),
    ("name", ["name", "a" * 5000, "x", None]),
    ("name", ["name", "ch\x00teau", "x", None]),
    # Tie-breakers: an object id of the right shape only.
    ("name", ["name", "a", "x" * 37, None]),
    ("name", ["name", "a", "", None]),
    ("name", ["name", "a", "ab\x00c", None]),
    ("name", ["name", "a", 7, None]),
    # Not a cursor's shape.
    ("name", ["name", "a", "x"]),
    ("name", ["name", "a", "x", None, "more"]),
    ("name", {"sort": "name"}),
    ("name", "name"),
    ("name", 12),
]


@pytest.mark.parametrize(("sort", "fields"), CRAFTED)
def test_crafted_cursors_are_refused(catalog, sort, fields):
    refused(SearchParams(sort=sort, cursor=raw_cursor(fields)))


def test_a_huge_relevance_tie_breaker_is_refused(catalog):
    # Text + type paging from the text index alone: the tie-breaker is an entry id (digits).
    for tie in ("9" * 30, str(2**63), "²"):
        forged = encode_cursor("rank", -1.0, tie, None)
        refused(SearchParams(q="château", types=["cultural_site"], cursor=forged))


def test_an_overlong_cursor_is_refused_before_decoding(catalog):
    refused(SearchParams(sort="name", cursor="A" * 100_000))


@pytest.mark.parametrize("seed", [2**64, 2**63, -1, 1.5, "12", True])
def test_a_seed_outside_64_bits_is_refused(catalog, seed):
    refused(SearchParams(sort="random", seed=seed), parameter="seed")


def test_the_largest_seed_pages_through_everything(catalog):
    first = search(SearchParams(sort="random", seed=INT64_MAX, limit=3))
    assert first.seed == INT64_MAX and first.next_cursor
    second = search(SearchParams(sort="random", seed=INT64_MAX, limit=3, cursor=first.next_cursor))
    assert not set(first.ids) & set(second.ids)


@FUZZ
@given(cursor=st.text(max_size=300))
def test_any_text_as_a_cursor_is_a_page_or_a_cursor_error(catalog, cursor):
    for sort in ("name", "random"):
        try:
            search(SearchParams(sort=sort, cursor=cursor or None, seed=3))
        except SearchError as error:
            assert error.parameter == "cursor"


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
SORTS = st.sampled_from(["name", "updated", "start_date", "random", "rank", "distance"])


@FUZZ
@given(sort=SORTS, key=JSON, tie=JSON, seed=JSON)
def test_any_json_cursor_is_a_page_or_a_cursor_error(catalog, sort, key, tie, seed):
    params = {
        "name": {"sort": "name"},
        "updated": {"sort": "updated"},
        "start_date": {"sort": "start_date"},
        "random": {"sort": "random"},
        "rank": {"q": "château", "types": ["cultural_site"]},
        "distance": {"near": (47.39, 0.69), "sort": "distance"},
    }[sort]
    cursor = raw_cursor([sort, key, tie, seed])
    try:
        search(SearchParams(**params, cursor=cursor))
    except SearchError as error:
        assert error.parameter == "cursor"


KEYS = {
    "name": st.text(max_size=200).filter(lambda t: "\x00" not in t),
    "updated": st.integers(min_value=-(2**63), max_value=2**63 - 1),
    "start_date": st.integers(min_value=0, max_value=3_652_059),
    "random": st.integers(min_value=0, max_value=RANDOM_MODULUS - 1),
    "rank": st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**63), 2**63 - 1),
    "distance": st.floats(min_value=0, allow_nan=False, allow_infinity=False),
}


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_cursors_round_trip(data):
    sort = data.draw(st.sampled_from(sorted(KEYS)))
    key = data.draw(KEYS[sort])
    tie = data.draw(st.text(min_size=1, max_size=36).filter(lambda t: "\x00" not in t))
    seed = data.draw(st.none() | st.integers(min_value=0, max_value=INT64_MAX))
    cursor = encode_cursor(sort, key, tie, seed)
    assert _decode_cursor(cursor, sort, seed) == (key, tie, seed)
    assert _decode_cursor(cursor, sort, None) == (key, tie, seed)
