"""Opening hours in words (catalog.opening_text): exact French and English sentences, and no
valid Opening that makes it fail."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from opensit.catalog.document import Opening
from opensit.catalog.holidays import HOLIDAYS
from opensit.catalog.opening_text import LANGUAGES, summaries, summarise, summary_for
from tests.strategies import lang_text


def period(**values):
    return {"periods": [values]}


SUMMER_DAILY = period(
    start="2026-04-01",
    end="2026-09-30",
    recurs_yearly=True,
    times=[{"opens": "10:00:00", "closes": "18:00:00"}],
)
TUESDAY_TO_SUNDAY = period(
    start="2026-07-01",
    end="2026-08-31",
    recurs_yearly=True,
    weekdays=["tue", "wed", "thu", "fri", "sat", "sun"],
    times=[{"opens": "14:00", "closes": "18:00"}],
)


def test_every_day_of_a_yearly_period():
    assert summarise(SUMMER_DAILY, "fr") == (
        "Tous les jours de 10h à 18h du 1er avril au 30 septembre"
    )
    assert (
        summarise(SUMMER_DAILY, "en") == "Every day from 10am to 6pm from 1 April to 30 September"
    )


def test_a_range_of_weekdays_is_set_apart_from_the_dates():
    assert summarise(TUESDAY_TO_SUNDAY, "fr") == (
        "Du mardi au dimanche de 14h à 18h, du 1er juillet au 31 août"
    )
    assert summarise(TUESDAY_TO_SUNDAY, "en") == (
        "Tuesday to Sunday from 2pm to 6pm from 1 July to 31 August"
    )


def test_several_time_ranges_and_a_dated_period():
    opening = period(
        start="2026-05-02",
        end="2026-10-31",
        weekdays=["mon", "wed", "fri"],
        times=[{"opens": "10:00", "closes": "12:00"}, {"opens": "14:00", "closes": "18:30"}],
    )
    assert summarise(opening, "fr") == (
        "Lundi, mercredi et vendredi de 10h à 12h et de 14h à 18h30 du 2 mai au 31 octobre 2026"
    )
    assert summarise(opening, "en") == (
        "Monday, Wednesday and Friday from 10am to 12pm and from 2pm to 6:30pm"
        " from 2 May to 31 October 2026"
    )


def test_closures_on_holidays_and_dates():
    opening = {
        "periods": SUMMER_DAILY["periods"],
        "closures": [{"holiday": "dec-25"}, {"holiday": "may-1"}, {"date": "2026-03-03"}],
    }
    assert summarise(opening, "fr") == (
        "Tous les jours de 10h à 18h du 1er avril au 30 septembre. "
        "Fermé le 25 décembre, le 1er mai et le 3 mars 2026"
    )
    assert summarise({"closures": [{"holiday": "easter-monday"}]}, "en") == (
        "Closed on Easter Monday"
    )
    assert summarise({"closures": [{"holiday": "may-1"}]}, "fr") == "Fermé le 1er mai"


def test_exceptional_opening_and_closed_period():
    opening = {
        "periods": [
            {"start": "2026-07-14", "end": "2026-07-14", "exceptional": True,
             "times": [{"opens": "10:00"}]},
            {"start": "2026-01-05", "end": "2026-01-20", "closed": True,
             "label": {"fr": "Congés annuels", "en": "Annual holidays"}},
        ]
    }  # fmt: skip
    assert summarise(opening, "fr") == (
        "Ouverture exceptionnelle le 14 juillet 2026 à partir de 10h. "
        "Congés annuels : fermé du 5 janvier au 20 janvier 2026"
    )
    assert summarise(opening, "en") == (
        "Exceptionally open on 14 July 2026 from 10am. "
        "Annual holidays: Closed from 5 January to 20 January 2026"
    )


def test_a_period_across_two_years_names_both():
    opening = period(start="2026-12-20", end="2027-01-03", weekdays=["sat"])
    assert summarise(opening, "fr") == "Le samedi du 20 décembre 2026 au 3 janvier 2027"
    assert summarise(opening, "en") == "Saturdays from 20 December 2026 to 3 January 2027"


def test_other_languages():
    assert summarise(SUMMER_DAILY, "de") == (
        "Täglich von 10:00 bis 18:00 Uhr vom 1. April bis 30. September"
    )
    assert summarise(SUMMER_DAILY, "es") == (
        "Todos los días de 10:00 a 18:00 del 1 de abril al 30 de septiembre"
    )
    assert set(summaries(SUMMER_DAILY)) == {"fr", "en", "de", "es", "it", "nl"}


def test_the_source_text_wins():
    given_text = {"fr": "Ouvert toute l'année sauf le lundi"}
    assert summary_for({**SUMMER_DAILY, "summary": given_text}) == given_text
    assert summary_for(SUMMER_DAILY, ["fr"]) == {
        "fr": "Tous les jours de 10h à 18h du 1er avril au 30 septembre"
    }
    assert summary_for({}) == {}


DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
TIME_RANGES = st.lists(
    st.fixed_dictionaries({"opens": st.times()}, optional={"closes": st.times()}), max_size=4
)
PERIODS = st.fixed_dictionaries(
    {},
    optional={
        "start": DAYS,
        "end": DAYS,
        "weekdays": st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])),
        "times": TIME_RANGES,
        "recurs_yearly": st.booleans(),
        "closed": st.booleans(),
        "exceptional": st.booleans(),
        "label": lang_text(),
    },
).map(
    lambda p: (
        {**p, "start": min(p["start"], p["end"]), "end": max(p["start"], p["end"])}
        if "start" in p and "end" in p
        else p
    )
)
CLOSURES = st.one_of(
    st.fixed_dictionaries({"date": DAYS}),
    st.fixed_dictionaries({"holiday": st.sampled_from(HOLIDAYS)}),
)
OPENINGS = st.builds(
    lambda periods, closures: Opening.model_validate({"periods": periods, "closures": closures}),
    st.lists(PERIODS, max_size=5),
    st.lists(CLOSURES, max_size=4),
)


@settings(max_examples=150, deadline=None)
@given(OPENINGS, st.sampled_from([*LANGUAGES, "pt"]))
def test_never_fails_on_a_valid_opening(opening, lang):
    text = summarise(opening, lang)
    stored = opening.model_dump(mode="json", exclude_defaults=True)
    assert summarise(stored, lang) == text
    assert isinstance(text, str)
    if opening.periods or opening.closures:
        assert text  # something is always said of a period or a closure
