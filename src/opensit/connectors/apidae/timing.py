"""Apidae `ouverture` -> opening periods, closures and (for events) dates.

Apidae periods are ranges with a type: every day (`OUVERTURE_TOUS_LES_JOURS`), some weekdays
(`OUVERTURE_SEMAINE`, with `ouverturesJournalieres`), every day but some (`OUVERTURE_SAUF`),
and `tousLesAns` when the period comes back every year. They stay compact ranges here.
"""

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
from opensit.connectors.apidae.references import lang_text
from opensit.connectors.base import MappingError

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


def opening(ouverture: dict[str, Any]) -> tuple[Opening, dict[str, Any]]:
    """The opening of an object, and what of the block has no canonical field."""
    periods: list[OpeningPeriod] = []
    leftovers: dict[str, Any] = {}
    for index, period in enumerate(ouverture.get("periodesOuvertures") or []):
        field = f"ouverture.periodesOuvertures[{index}]"
        start = parse_date(period.get("dateDebut"), f"{field}.dateDebut")
        end = parse_date(period.get("dateFin"), f"{field}.dateFin")
        if start and end and end < start:
            raise MappingError(f"{field}.dateFin", _("the period ends before it starts"))
        for weekdays, times in _weekday_groups(period, field):
            periods.append(
                OpeningPeriod(
                    start=start,
                    end=end,
                    weekdays=weekdays,
                    times=times,
                    recurs_yearly=bool(period.get("tousLesAns")),
                    label=lang_text(period.get("complementHoraire")),
                )
            )
        rest = {k: v for k, v in period.items() if k not in _PERIOD_KEYS}
        if rest:
            leftovers.setdefault("periodesOuvertures", []).append(rest)
    closures: list[Closure] = []
    for index, closing in enumerate(ouverture.get("fermeturesExceptionnelles") or []):
        day = parse_date(
            closing.get("dateSpeciale"), f"ouverture.fermeturesExceptionnelles[{index}]"
        )
        if day:
            closures.append(Closure(date=day))
        else:
            leftovers.setdefault("fermeturesExceptionnelles", []).append(closing)
    for key, value in ouverture.items():
        if key not in ("periodesOuvertures", "fermeturesExceptionnelles", "periodeEnClair"):
            leftovers[key] = value
    result = Opening(
        periods=periods, closures=closures, summary=lang_text(ouverture.get("periodeEnClair"))
    )
    return result, leftovers


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
