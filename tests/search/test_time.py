"""Opening periods (weekdays, yearly recurrence, closures) and event windows."""

from datetime import date

from opensit.search.query import SearchParams, search


def found(**kwargs) -> set[str]:
    return set(search(SearchParams(limit=100, **kwargs)).ids)


def test_open_on_a_day_of_the_period(catalog):
    assert found(open_on=date(2026, 6, 10)) == {catalog.castle.id, catalog.museum.id}
    assert found(open_on=date(2026, 12, 10)) == set()


def test_closure_day_is_closed(catalog):
    """The castle closes on 1 May; the museum opens in April."""
    assert found(open_on=date(2026, 5, 1)) == {catalog.museum.id}
    assert found(open_on=date(2026, 5, 2)) == {catalog.castle.id, catalog.museum.id}


def test_yearly_period_with_weekdays(catalog):
    """The hotel opens on Fridays and Saturdays from 15 December to 15 January, every year."""
    assert found(open_on=date(2030, 12, 20)) == {catalog.hotel.id}  # a Friday
    assert found(open_on=date(2027, 1, 8)) == {catalog.hotel.id}  # a Friday, after new year
    assert found(open_on=date(2030, 12, 23)) == set()  # a Monday
    assert found(open_on=date(2027, 1, 16)) == set()  # a Saturday, after the period
    assert found(open_on=date(2026, 6, 12)) == {catalog.castle.id, catalog.museum.id}


def test_open_window(catalog):
    # A short window is checked day by day: Monday 22 to Wednesday 24 December 2031.
    assert found(open_from=date(2031, 12, 22), open_to=date(2031, 12, 24)) == set()
    assert found(open_from=date(2031, 12, 22), open_to=date(2031, 12, 27)) == {catalog.hotel.id}
    # A long window by overlap with the periods.
    assert found(open_from=date(2026, 10, 1), open_to=date(2026, 12, 31)) == {
        catalog.castle.id,
        catalog.hotel.id,
    }
    assert found(open_from=date(2027, 2, 1)) == {catalog.hotel.id}


def test_event_window_from_a_multi_day_occurrence(catalog):
    assert found(event_from=date(2026, 12, 10), event_to=date(2026, 12, 10)) == {
        catalog.christmas_market.id
    }


def test_event_window_from_a_recurrence_rule(catalog):
    """A weekly Saturday market, except on 11 July 2026."""
    assert found(event_from=date(2026, 7, 18), event_to=date(2026, 7, 18)) == {
        catalog.saturday_market.id
    }
    assert found(event_from=date(2026, 7, 11), event_to=date(2026, 7, 11)) == set()
    assert found(event_from=date(2026, 7, 12), event_to=date(2026, 7, 17)) == {catalog.concert.id}
    assert found(event_from=date(2027, 1, 1)) == set()


def test_start_date_sort(catalog):
    result = search(SearchParams(types=["event"], sort="start_date"))
    assert result.ids == [
        catalog.saturday_market.id,  # from 3 January 2026
        catalog.concert.id,  # 14 July 2026
        catalog.christmas_market.id,  # from 5 December 2026
    ]


def test_long_event_spans_are_stored_in_short_pieces(catalog):
    """The 16-day Christmas market is stored in pieces of at most SPAN_DAYS days, and a window
    over any of its days, or straddling two pieces, still finds it once."""
    from opensit.search.indexer import SPAN_DAYS, span_pieces
    from opensit.search.models import SearchEntry, SearchEventSpan

    entry = SearchEntry.objects.get(object_id=catalog.christmas_market.id)
    spans = sorted(
        SearchEventSpan.objects.filter(entry_id=entry.id).values_list("start_day", "end_day")
    )
    first, last = date(2026, 12, 5).toordinal(), date(2026, 12, 20).toordinal()
    assert spans == span_pieces([(first, last)])
    assert len(spans) == 2 and all(end - start < SPAN_DAYS for start, end in spans)
    assert spans[0][0] == first and spans[-1][1] == last
    for day in range(first, last + 1):
        when = date.fromordinal(day)
        assert catalog.christmas_market.id in found(event_from=when, event_to=when), when
    straddling = search(
        SearchParams(event_from=date(2026, 12, 11), event_to=date(2026, 12, 14), limit=100)
    )
    assert straddling.ids.count(catalog.christmas_market.id) == 1
    after = found(event_from=date(2026, 12, 21), event_to=date(2026, 12, 31))
    assert after == {catalog.saturday_market.id}  # the last Saturday market, 26 December
    assert span_pieces([(10, 9)]) == [(10, 9)]
    assert span_pieces([(1, 20)]) == [(1, 8), (9, 16), (17, 20)]


def test_start_date_sort_within_an_event_window(catalog):
    """In an event window, events sort by their first day in the window: the concert of 14 July
    before the market of Saturday 18 July (which also ran since January), whether the window
    alone answers (spans index) or with a type filter (general plan); the cursor walks it too."""
    window = {"event_from": date(2026, 7, 10), "event_to": date(2026, 7, 20)}
    expected = [catalog.concert.id, catalog.saturday_market.id]
    alone = search(SearchParams(sort="start_date", **window))
    assert alone.ids == expected and alone.total == 2
    typed = search(SearchParams(sort="start_date", types=["event"], **window))
    assert typed.ids == expected and typed.total == 2
    first = search(SearchParams(sort="start_date", limit=1, **window))
    assert first.ids == expected[:1] and first.total == 2 and first.next_cursor
    second = search(SearchParams(sort="start_date", limit=1, cursor=first.next_cursor, **window))
    assert second.ids == expected[1:] and second.next_cursor is None
    december = search(SearchParams(sort="start_date", event_from=date(2026, 12, 6)))
    # The Christmas market runs from 5 December: within this window it starts on the 6th, the
    # Saturday market on the 12th.
    assert december.ids == [catalog.christmas_market.id, catalog.saturday_market.id]
