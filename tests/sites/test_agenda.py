"""Agenda pages: the site's events in a date window, recurrences and several-day occurrences
expanded into one line per day, grouped by day, "today" and "this weekend", numbered pages,
the scope kept, and the window's parameters checked (Hypothesis)."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from opensit.sites import agenda
from opensit.sites.canonical import object_path
from opensit.sites.dates import weekend
from opensit.sites.models import AgendaPage
from opensit.sites.params import BadParameter, page_number
from tests.factories import AMBOISE, BLOIS, TOURS, load_vocabulary
from tests.sites.catalog_pages import add_page, communes, make, scoped_destination

TODAY = timezone.localdate()
SATURDAY, SUNDAY = weekend(TODAY)
#: A weekday out of this weekend, in the default window of 30 days.
LATER = TODAY + timedelta(days=10)


def occurrences(*days: date, end: date | None = None) -> dict:
    return {
        "occurrences": [
            {"start_date": d.isoformat(), **({"end_date": end.isoformat()} if end else {})}
            for d in days
        ]
    }


def weekly(first: date, count: int, skipped: date) -> dict:
    day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][first.weekday()]
    return {
        "recurrences": [
            {
                "start_date": first.isoformat(),
                "rrule": f"FREQ=WEEKLY;BYDAY={day};COUNT={count}",
                "start_time": "10:00:00",
                "end_time": "12:00:00",
                "exdates": [skipped.isoformat()],
            }
        ]
    }


@pytest.fixture
def events(db, office):
    load_vocabulary()
    communes()
    first = TODAY + timedelta(days=1)
    return {
        "market": make(
            office,
            "market_fair",
            "Marché des Halles",
            TOURS,
            event=weekly(first, 4, first + timedelta(weeks=2)),
        ),
        "ball": make(office, "social_event", "Bal du samedi", TOURS, event=occurrences(SATURDAY)),
        "concert": make(office, "concert", "Concert au château", AMBOISE, event=occurrences(LATER)),
        "festival": make(
            office,
            "festival",
            "Festival de Loire",
            AMBOISE,
            event=occurrences(LATER, end=LATER + timedelta(days=2)),
        ),
        "outside": make(
            office, "concert", "Concert à Blois hors champ", BLOIS, event=occurrences(LATER)
        ),
        "hotel": make(office, "hotel", "Hôtel sans date", TOURS),
    }


@pytest.fixture
def client(office, events) -> Client:
    inside = [o.id for key, o in events.items() if key != "outside"]
    site = scoped_destination(office, "agenda.localhost", inside)
    add_page(site, AgendaPage(title="Agenda", slug="agenda"))
    return Client(HTTP_HOST=site.site.hostname)


def lines(html: str) -> list[tuple[str, str]]:
    """(day, event name) of each line, in order."""
    out = []
    for day, body in re.findall(
        r'<h3 id="day-([0-9-]+)">.*?</h3>\s*<ul class="agenda-lines">(.*?)</ul>', html, re.S
    ):
        out += [(day, unescape(name)) for name in re.findall(r'<a href="[^"]+">([^<]+)</a>', body)]
    return out


pytestmark = pytest.mark.django_db


def test_a_weekly_recurrence_is_one_line_per_day_linking_to_the_event(client, events):
    html = client.get("/agenda/").content.decode()
    first = TODAY + timedelta(days=1)
    market_days = [d for d, name in lines(html) if name == "Marché des Halles"]
    # four weeks on the market's weekday, the third one skipped (exdate)
    assert market_days == [(first + timedelta(weeks=n)).isoformat() for n in (0, 1, 3)]
    assert html.count(object_path(events["market"].id, "Marché des Halles", "fr")) == 3
    assert "10:00–12:00" in html


def test_a_several_day_occurrence_shows_on_each_day_and_the_scope_holds(client):
    found = lines(client.get("/agenda/").content.decode())
    festival = [d for d, name in found if name == "Festival de Loire"]
    assert festival == [(LATER + timedelta(days=n)).isoformat() for n in range(3)]
    names = {name for _d, name in found}
    assert "Concert à Blois hors champ" not in names  # outside the site's scope
    assert "Hôtel sans date" not in names  # not an event
    assert [d for d, _n in found] == sorted(d for d, _n in found)  # grouped by day, in order


def test_this_weekend_and_today(client):
    html = client.get("/agenda/").content.decode()
    link = re.search(r'<a href="([^"]+)" rel="nofollow"[^>]*>Ce week-end</a>', html)
    assert link
    url = unescape(link.group(1))
    assert url == f"?from={SATURDAY.isoformat()}&to={SUNDAY.isoformat()}"
    weekend_html = client.get("/agenda/" + url).content.decode()
    found = lines(weekend_html)
    assert "Bal du samedi" in {n for _d, n in found}
    assert {d for d, _n in found} <= {SATURDAY.isoformat(), SUNDAY.isoformat()}
    assert "Concert au château" not in weekend_html
    assert re.search(r'aria-current="true">Ce week-end</a>', weekend_html)
    today_html = unescape(client.get(f"/agenda/?from={TODAY}&to={TODAY}").content.decode())
    assert {d for d, _n in lines(today_html)} <= {TODAY.isoformat()}
    assert re.search(r'aria-current="true">Aujourd.hui</a>', today_html)


def test_the_window_and_the_pages(client, monkeypatch):
    found = lines(client.get(f"/agenda/?from={LATER}&to={LATER}").content.decode())
    assert sorted(n for _d, n in found) == ["Concert au château", "Festival de Loire"]
    monkeypatch.setattr(agenda, "LINES_PER_PAGE", 2)
    cache.clear()  # the page cache keeps what was rendered under the other page size
    first = client.get("/agenda/").content.decode()
    assert len(lines(first)) == 2
    assert 'rel="next"' in first
    all_lines = []
    number = 1
    while True:
        html = client.get(f"/agenda/?page={number}").content.decode()
        all_lines += lines(html)
        if 'rel="next"' not in html:
            break
        number += 1
    monkeypatch.setattr(agenda, "LINES_PER_PAGE", 50)
    cache.clear()
    assert all_lines == lines(client.get("/agenda/").content.decode())
    assert len(all_lines) == 3 + 1 + 1 + 3  # market, ball, concert, festival


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ("from=2026-13-01", 400, "from"),
        ("to=demain", 400, "to"),
        ("from=2026-06-10&to=2026-06-01", 400, "to"),
        ("from=2026-01-01&to=2027-06-01", 400, "to"),
        ("page=-1", 400, "page"),
        ("page=40", 404, "page"),
    ],
)
def test_bad_parameters_give_a_4xx_naming_them(client, query, status, parameter):
    response = client.get("/agenda/?" + query)
    assert response.status_code == status
    assert f"Le paramètre « {parameter} »" in response.content.decode()


# The parsers, for any input: a value in bounds, or a BadParameter naming the parameter.
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(start=DAYS, end=DAYS)
def test_any_pair_of_dates_is_a_bounded_window_or_refused(start, end):
    query = QueryDict(mutable=True)
    query.update({"from": start.isoformat(), "to": end.isoformat()})
    try:
        span = agenda.window(query, TODAY)
    except BadParameter as error:
        assert error.parameter == "to" and error.status == 400
        assert end < start or (end - start).days >= agenda.MAX_DAYS
    else:
        assert (span.start, span.end) == (start, end)
        assert 1 <= span.days <= agenda.MAX_DAYS


@given(raw_from=st.text(max_size=20), raw_to=st.text(max_size=20), raw_page=st.text(max_size=8))
def test_any_text_is_parsed_or_refused_by_name(raw_from, raw_to, raw_page):
    query = QueryDict(mutable=True)
    query.update({"from": raw_from, "to": raw_to, "page": raw_page})
    try:
        span = agenda.window(query, TODAY)
        assert 1 <= span.days <= agenda.MAX_DAYS
    except BadParameter as error:
        assert error.parameter in ("from", "to")
    try:
        assert 1 <= page_number(query) <= 10_000
    except BadParameter as error:
        assert error.parameter == "page"


def test_the_default_window_is_today_and_thirty_days():
    span = agenda.window(QueryDict(), TODAY)
    assert (span.start, span.end) == (TODAY, TODAY + timedelta(days=30))
