"""Apidae `ouverture` -> opening periods, closures and (for events) dates.

Apidae periods are ranges with a type: every day (`OUVERTURE_TOUS_LES_JOURS`), some weekdays
(`OUVERTURE_SEMAINE`, with `ouverturesJournalieres`), every day but some (`OUVERTURE_SAUF`),
and `tousLesAns` when the period comes back every year. They stay compact ranges here.
"""

import re
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import (
    WEEKDAYS,
    Closure,
    EventDates,
    Occurrence,
    Opening,
    OpeningPeriod,
    Recurrence,
    TimeRange,
)
from opensit.connectors.apidae.holidays import holiday_code
from opensit.connectors.apidae.references import lang_text
from opensit.connectors.base import MappingError, RecordReport

DAYS = {
    "LUNDI": "mon",
    "MARDI": "tue",
    "MERCREDI": "wed",
    "JEUDI": "thu",
    "VENDREDI": "fri",
    "SAMEDI": "sat",
    "DIMANCHE": "sun",
}
RRULE_DAYS = {
    "mon": "MO",
    "tue": "TU",
    "wed": "WE",
    "thu": "TH",
    "fri": "FR",
    "sat": "SA",
    "sun": "SU",
}
_PERIOD_KEYS = {
    "dateDebut",
    "dateFin",
    "horaireOuverture",
    "horaireFermeture",
    "type",
    "tousLesAns",
    "ouverturesJournalieres",
    "complementHoraire",
}
_READ_TYPES = {"OUVERTURE_TOUS_LES_JOURS", "OUVERTURE_SEMAINE", "OUVERTURE_SAUF"}
#: Keys of a one-day opening or closing (the first one present is read).
_DAY_KEYS = ("dateOuverture", "date", "dateSpeciale")
_CLOSURE_KEYS = ("dateSpeciale", "dateFermeture", "date", "jour")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_GENERATED_SUMMARY_KEYS = ("periodeEnClairGenere", "periodeEnClairGeneree")
_OPENING_KEYS = {
    "periodesOuvertures",
    "ouverturesExceptionnelles",
    "fermeturesExceptionnelles",
    "periodeEnClair",
    *_GENERATED_SUMMARY_KEYS,
}


def parse_date(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise MappingError(field, _("invalid date %(value)r") % {"value": value}) from exc


def parse_datetime(value: Any, field: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise MappingError(field, _("invalid date and time %(value)r") % {"value": value}) from exc


def parse_time(value: Any, field: str) -> time | None:
    if value in (None, ""):
        return None
    try:
        return time.fromisoformat(str(value))
    except ValueError as exc:
        raise MappingError(field, _("invalid time %(value)r") % {"value": value}) from exc


def _weekday_groups(period: dict[str, Any], field: str) -> list[tuple[list[str], list[TimeRange]]]:
    """Weekdays sharing the same hours: one group per distinct set of hours."""
    kind = period.get("type") or ""
    opens = parse_time(period.get("horaireOuverture"), f"{field}.horaireOuverture")
    closes = parse_time(period.get("horaireFermeture"), f"{field}.horaireFermeture")
    default_times = [TimeRange(opens=opens, closes=closes)] if opens else []
    days = period.get("ouverturesJournalieres") or []
    if not days or kind == "OUVERTURE_TOUS_LES_JOURS":
        return [([], default_times)]
    listed: dict[str, list[TimeRange]] = {}
    for index, day in enumerate(days):
        where = f"{field}.ouverturesJournalieres[{index}]"
        name = DAYS.get(str(day.get("jour", "")).upper())
        if str(day.get("jour", "")).upper() == "TOUS":
            return [([], default_times)]
        if name is None:
            raise MappingError(f"{where}.jour", _("unknown day %(day)r") % {"day": day.get("jour")})
        day_opens = parse_time(day.get("horaireOuverture"), f"{where}.horaireOuverture")
        day_closes = parse_time(day.get("horaireFermeture"), f"{where}.horaireFermeture")
        listed[name] = (
            [TimeRange(opens=day_opens, closes=day_closes)] if day_opens else default_times
        )
    if kind == "OUVERTURE_SAUF":
        return [([d for d in WEEKDAYS if d not in listed], default_times)]
    groups: dict[str, tuple[list[str], list[TimeRange]]] = {}
    for name, times in listed.items():
        key = repr(times)
        groups.setdefault(key, ([], times))[0].append(name)
    return list(groups.values())


def _periods(
    entries: Any, field: str, exceptional: bool, leftovers: dict[str, Any], key: str
) -> list[OpeningPeriod]:
    """`periodesOuvertures` (or `ouverturesExceptionnelles`): one period per group of
    weekdays sharing hours; a single day (`dateOuverture`, `dateSpeciale`) is a one-day period."""
    periods: list[OpeningPeriod] = []
    for index, period in enumerate(entries if isinstance(entries, list) else []):
        where = f"{field}.{key}[{index}]"
        if not isinstance(period, dict):
            raise MappingError(where, _("expected a JSON object"))
        day_key = next((k for k in _DAY_KEYS if period.get(k)), "")
        start = parse_date(period.get("dateDebut"), f"{where}.dateDebut")
        end = parse_date(period.get("dateFin"), f"{where}.dateFin")
        if day_key and start is None:
            start = end = parse_date(period[day_key], f"{where}.{day_key}")
        if start and end and end < start:
            raise MappingError(f"{where}.dateFin", _("the period ends before it starts"))
        for weekdays, times in _weekday_groups(period, where):
            periods.append(
                OpeningPeriod(
                    start=start,
                    end=end,
                    weekdays=weekdays,
                    times=times,
                    recurs_yearly=bool(period.get("tousLesAns")),
                    exceptional=exceptional,
                    label=lang_text(period.get("complementHoraire")),
                )
            )
        rest = {k: v for k, v in period.items() if k not in _PERIOD_KEYS and k != day_key}
        if period.get("type") and period["type"] not in _READ_TYPES:
            rest["type"] = period["type"]  # read as every day: the source's type kept too
        if period.get("horaireFermeture") and not period.get("horaireOuverture"):
            rest["horaireFermeture"] = period["horaireFermeture"]  # no range without a start
        if rest:
            leftovers.setdefault(key, []).append(rest)
    return periods


def _closures(
    entries: Any, field: str, report: RecordReport | None, leftovers: dict[str, Any]
) -> list[Closure]:
    """`fermeturesExceptionnelles`: a date, or a special day (PREMIER_JANVIER, "1er mai",
    NOEL...) that becomes a public holiday closed every year."""
    closures: list[Closure] = []
    for index, closing in enumerate(entries if isinstance(entries, list) else []):
        where = f"{field}.fermeturesExceptionnelles[{index}]"
        if not isinstance(closing, dict):
            raise MappingError(where, _("expected a JSON object"))
        key = next((k for k in _CLOSURE_KEYS if closing.get(k)), "")
        value = str(closing.get(key) or "")
        reason = lang_text(closing.get("complement") or closing.get("libelle"))
        holiday = holiday_code(value)
        day = None
        if not holiday and _ISO_DAY.match(value):
            day = parse_date(value, f"{where}.{key}")
        if holiday or day:
            closures.append(Closure(date=day, holiday=holiday, reason=reason))
            rest = {k: v for k, v in closing.items() if k not in (key, "complement", "libelle")}
        else:
            if report is not None:
                report.warn(
                    f"{where}.{key or 'dateSpeciale'}",
                    _("unknown closing day %(value)r; kept aside") % {"value": value},
                )
            rest = closing
        if rest:
            leftovers.setdefault("fermeturesExceptionnelles", []).append(rest)
    return closures


def opening(
    ouverture: dict[str, Any], report: RecordReport | None = None, field: str = "ouverture"
) -> tuple[Opening, dict[str, Any]]:
    """The opening of an object (or of an aspect), and what of the block has no canonical
    field. `periodeEnClair` is the summary; a generated one completes its languages."""
    leftovers: dict[str, Any] = {}
    periods = _periods(
        ouverture.get("periodesOuvertures"), field, False, leftovers, "periodesOuvertures"
    )
    periods += _periods(
        ouverture.get("ouverturesExceptionnelles"),
        field,
        True,
        leftovers,
        "ouverturesExceptionnelles",
    )
    closures = _closures(ouverture.get("fermeturesExceptionnelles"), field, report, leftovers)
    for key, value in ouverture.items():
        if key not in _OPENING_KEYS:
            leftovers[key] = value
    summary = lang_text(ouverture.get("periodeEnClair"))
    for key in _GENERATED_SUMMARY_KEYS:
        generated = lang_text(ouverture.get(key))
        if generated:
            summary = {**generated, **summary}
            if ouverture.get("periodeEnClair"):  # both kept: the generated one aside
                leftovers[key] = ouverture[key]
    return Opening(periods=periods, closures=closures, summary=summary), leftovers


def event_dates(ouverture: dict[str, Any]) -> EventDates | None:
    """Event dates: one occurrence per period; a period on some weekdays only, longer than a
    week, is a weekly recurrence rule instead of a list of days."""
    occurrences: list[Occurrence] = []
    recurrences: list[Recurrence] = []
    for index, period in enumerate(ouverture.get("periodesOuvertures") or []):
        field = f"ouverture.periodesOuvertures[{index}]"
        start = parse_date(period.get("dateDebut"), f"{field}.dateDebut")
        if start is None:
            continue
        end = parse_date(period.get("dateFin"), f"{field}.dateFin") or start
        for weekdays, times in _weekday_groups(period, field):
            opens = times[0].opens if times else None
            closes = times[0].closes if times else None
            if weekdays and len(weekdays) < 7 and (end - start).days >= 7:
                days = ",".join(RRULE_DAYS[d] for d in weekdays)
                recurrences.append(
                    Recurrence(
                        start_date=start,
                        rrule=f"FREQ=WEEKLY;BYDAY={days};UNTIL={end:%Y%m%d}",
                        start_time=opens,
                        end_time=closes,
                    )
                )
            else:
                occurrences.append(
                    Occurrence(
                        start_date=start,
                        end_date=end if end != start else None,
                        start_time=opens,
                        end_time=closes,
                    )
                )
    if not occurrences and not recurrences:
        return None
    return EventDates(occurrences=occurrences, recurrences=recurrences)
