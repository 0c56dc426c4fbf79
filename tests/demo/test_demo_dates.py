"""The demo lives today: whatever the day `opensit demo` runs, the real search finds events this
weekend, next week and next month, places open today and a market within the week; nothing of
the agenda is over. The calendar is checked on pure documents over two years (Hypothesis, fast),
and through the database and the search on chosen days and on a few drawn ones."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.catalog.models import TourismObject
from opensit.catalog.pipeline import validate
from opensit.demo.builders import demo_id
from opensit.demo.dates import DemoDays, first_weekday, last_weekday, month_end, month_start
from opensit.demo.loader import demo_specs, load_demo
from opensit.search.indexer import event_days
from opensit.search.query import search
from opensit.search.request import SearchParams

TWO_YEARS = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31))
# Chosen days: the (3 December), a Saturday, a Sunday, a leap day, the first of July,
# Christmas (the castles close), New Year's Day and a January day (a hotel's annual closure).
DAYS = [
    date(2026, 12, 3),
    date(2026, 12, 5),
    date(2027, 3, 14),
    date(2028, 2, 29),
    date(2027, 7, 1),
    date(2026, 12, 25),
    date(2027, 1, 1),
    date(2027, 1, 12),
]

CONCERTS = "dimanches-musicaux-saint-denis"
MARKET = "marche-d-amboise"
TOUR = "visite-du-vieil-amboise"
TASTING = "soiree-degustation-domaine-des-coteaux"
XMAS = "marche-de-noel-amboise"


# -- the calendar alone ------------------------------------------------------------------------


def test_calendar_weeks_and_months():
    thursday = DemoDays(date(2026, 12, 3))
    assert thursday.weekend == (date(2026, 12, 5), date(2026, 12, 6))
    assert thursday.next_week == (date(2026, 12, 7), date(2026, 12, 13))
    assert thursday.next_month == (date(2027, 1, 1), date(2027, 1, 31))
    assert thursday.open_year == (date(2026, 12, 1), date(2027, 11, 30))
    sunday = DemoDays(date(2026, 12, 6))  # the weekend is today's, next week starts tomorrow
    assert sunday.weekend == (date(2026, 12, 5), date(2026, 12, 6))
    assert sunday.next_week == (date(2026, 12, 7), date(2026, 12, 13))
    leap = DemoDays(date(2028, 2, 29))
    assert leap.next_month == (date(2028, 3, 1), date(2028, 3, 31))
    assert leap.months((11, 1), (3, 31)) == (date(2027, 11, 1), date(2028, 3, 31))
    assert leap.months((4, 1), (10, 31)) == (date(2028, 4, 1), date(2028, 10, 31))
    assert leap.next_date(12, 25) == date(2028, 12, 25)
    assert DemoDays(date(2026, 12, 25)).next_date(12, 25) == date(2026, 12, 25)
    assert first_weekday(date(2027, 7, 1), "sat") == date(2027, 7, 3)
    assert last_weekday(date(2027, 8, 29), "sat") == date(2027, 8, 28)
    assert last_weekday(date(2027, 8, 28), "sat") == date(2027, 8, 28)
    assert (month_start(date(2026, 2, 10), -3), month_end(date(2026, 2, 10), 14)) == (
        date(2025, 11, 1),
        date(2027, 4, 30),
    )


def _event_days(today: date) -> dict[str, set[date]]:
    """Every day each demo event takes place, as the search indexes it."""
    out = {}
    for spec in demo_specs(DemoDays(today)):
        doc = validate(spec.document).to_json()
        if doc.get("event"):
            spans = event_days(doc["event"])
            out[spec.key] = {date.fromordinal(d) for s, e in spans for d in range(s, e + 1)}
    return out


def _during(events: dict[str, set[date]], first: date, last: date) -> set[str]:
    return {key for key, days in events.items() if any(first <= d <= last for d in days)}


@settings(max_examples=120, deadline=None)
@given(today=TWO_YEARS)
def test_any_day_has_an_agenda_ahead(today):
    days = DemoDays(today)
    events = _event_days(today)
    saturday, sunday = days.weekend
    assert today <= sunday < today + timedelta(days=7) and sunday.weekday() == 6
    assert {CONCERTS, MARKET} <= _during(events, max(today, saturday), sunday)
    assert {CONCERTS, MARKET, TASTING} <= _during(events, *days.next_week)
    assert {TOUR, MARKET} <= _during(events, *days.next_month)
    next_market = min(d for d in events[MARKET] if d >= today)
    assert (next_market - today).days < 7 and next_market.weekday() in (4, 6)  # Fri, Sun
    for key, when in events.items():  # nothing is over, nothing is more than a year away
        assert max(when) >= today, key
        # 53 weeks: a yearly event on "the first Sunday of May" that was yesterday
        assert min(d for d in when if d >= today) <= today + timedelta(weeks=53), key
    xmas = events[XMAS]
    assert {d.month for d in xmas} == {12} and max(xmas) >= today
    if today <= date(today.year, 12, 13):
        assert min(xmas).year == today.year  # this year's market, not next year's
    if today > date(today.year, 12, 19):
        assert min(xmas).year == today.year + 1


def _covers(period: dict, today: date) -> bool:
    start, end = period.get("start"), period.get("end")
    after_start = not start or date.fromisoformat(start) <= today
    return after_start and (not end or today <= date.fromisoformat(end))


@settings(max_examples=120, deadline=None)
@given(today=TWO_YEARS)
def test_no_opening_period_is_stale(today):
    """Every dated period ends today or later (the current or next season), and each kind of
    place has periods covering today."""
    covering = set()
    for spec in demo_specs(DemoDays(today)):
        doc = validate(spec.document).to_json()
        for period in (doc.get("opening") or {}).get("periods", []):
            if period.get("end"):
                assert date.fromisoformat(period["end"]) >= today, spec.key
            if _covers(period, today) and not period.get("closed"):
                covering.add(spec.key)
        for closure in (doc.get("opening") or {}).get("closures", []):
            if closure.get("date"):
                assert date.fromisoformat(closure["date"]) >= today, spec.key
        for medium in doc.get("media") or []:
            if medium.get("publication_end"):
                assert date.fromisoformat(medium["publication_end"]) >= today, spec.key
    assert {"hotel-le-manoir-du-fleuve", "auberge-de-jeunesse-amboise"} <= covering
    assert {"chateau-royal-d-amboise", "chateau-du-clos-luce", "chateau-de-chenonceau"} <= covering
    assert {"bistrot-des-mariniers", "creperie-la-tour-de-l-horloge"} <= covering


# -- through the database and the real search ----------------------------------------------------


def _names(**params) -> set[str]:
    result = search(SearchParams(limit=200, **params))
    return set(TourismObject.objects.filter(id__in=result.ids).values_list("name", flat=True))


def _assert_alive(today: date) -> None:
    """What a visitor of the demo sees on `today`, asked to the search as the API asks it."""
    days = DemoDays(today)
    saturday, sunday = days.weekend
    weekend = _names(types=["event"], event_from=max(today, saturday), event_to=sunday)
    assert {"Les Dimanches musicaux de Saint-Denis", "Marché d'Amboise"} <= weekend, weekend
    next_week = _names(types=["event"], event_from=days.next_week[0], event_to=days.next_week[1])
    assert {"Soirée dégustation au Domaine des Coteaux", "Marché d'Amboise"} <= next_week
    assert len(next_week) >= 3, next_week
    next_month = _names(types=["event"], event_from=days.next_month[0], event_to=days.next_month[1])
    assert "Visite guidée du vieil Amboise" in next_month and len(next_month) >= 3, next_month
    market_week = _names(ids=[demo_id(MARKET)], event_from=today, event_to=today + timedelta(6))
    assert market_week == {"Marché d'Amboise"}
    stays = _names(types=["accommodation"], open_on=today)
    assert {"Hôtel Le Manoir du Fleuve", "Auberge de jeunesse des Bords de Loire"} <= stays
    sites = _names(types=["cultural_site", "natural_site", "leisure"], open_on=today)
    assert {"Château de Chenonceau", "Centre aquatique du Val d'Amboise"} <= sites, sites
    food = _names(types=["food"], open_on=today)
    assert {"Le Bistrot des Mariniers", "Crêperie de l'Horloge"} <= food
    # Seasons: the campsite opens in April and closes in September, as in life.
    campsite = "Camping de l'Île d'Or" in stays
    assert campsite == (date(today.year, 4, 1) <= today <= date(today.year, 9, 30))
    castle = "Château royal d'Amboise" in sites
    assert castle == ((today.month, today.day) not in ((12, 25), (1, 1)))


@pytest.mark.django_db
@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_search_finds_the_demo_alive(today):
    load_demo(today)
    _assert_alive(today)
    remparts = "Hôtel des Remparts" in _names(types=["accommodation"], open_on=today)
    assert remparts == (not (today.month == 1 and 4 <= today.day <= 24))  # annual holidays


@pytest.mark.django_db
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(today=TWO_YEARS)
def test_the_search_finds_the_demo_alive_on_drawn_days(today):
    with transaction.atomic():
        load_demo(today)
        _assert_alive(today)
        transaction.set_rollback(True)
