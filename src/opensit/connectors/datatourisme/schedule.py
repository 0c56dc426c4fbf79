"""Opening hours (`schema:openingHoursSpecification`) and event dates (`takesPlaceAt` Periods),
compacted: one-day periods with the same times become ranges or weekly rules."""

from datetime import date
from typing import TYPE_CHECKING, Any

from opensit.catalog.document import WEEKDAYS
from opensit.connectors.datatourisme.periods import (
    group_single_days,
    is_every_day,
    rrule_weekly,
    weekday_codes,
)
from opensit.connectors.datatourisme.values import as_list, parse_date, parse_time
from opensit.connectors.datatourisme.vocabulary import lang_labels, local_name

if TYPE_CHECKING:
    from opensit.connectors.datatourisme.mapping import Mapper

SCHEMA_DAYS = {
    "Monday": "mon", "Tuesday": "tue", "Wednesday": "wed", "Thursday": "thu", "Friday": "fri",
    "Saturday": "sat", "Sunday": "sun", "PublicHolidays": "",
}  # fmt: skip
# Free-text properties of an opening specification or Period (`openingDetails` is the
# ontology's; the others are what SITs and schema.org write).
OPENING_TEXTS = ("schema:description", "openingDetails", "rdfs:comment", "schema:name")
OPENING_SPEC_KEYS = {
    "@id", "@type", "schema:dayOfWeek", "schema:opens", "schema:closes", "schema:validFrom",
    "schema:validThrough", "additionalInformation", *OPENING_TEXTS,
}  # fmt: skip
TEXT_SPEC = "TextOpeningHoursSpecification"


def join_texts(maps: list[dict[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for labels in maps:
        for lang, value in labels.items():
            if value not in out.get(lang, "").split("\n"):
                out[lang] = f"{out[lang]}\n{value}" if lang in out else value
    return out


def is_text_spec(spec: dict[str, Any]) -> bool:
    """A specification that is a text (recent flux: typed TextOpeningHoursSpecification), or
    one with no hours, days nor dates but a text."""
    types = {local_name(str(t)) for t in as_list(spec.get("@type"))}
    if TEXT_SPEC in types:
        return True
    structured = ("schema:opens", "schema:closes", "schema:dayOfWeek", "schema:validFrom")
    return not any(spec.get(k) for k in structured) and any(
        lang_labels(spec.get(k)) for k in ("additionalInformation", *OPENING_TEXTS)
    )


def opening_texts(node: dict[str, Any], keys: tuple[str, ...] = OPENING_TEXTS) -> dict[str, str]:
    return join_texts([lang_labels(node.get(key)) for key in keys])


def _frozen_label(label: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(label.items()))


def opening(mapper: "Mapper", specs: list[Any]) -> dict[str, Any]:
    """Group the specifications by validity and label, then per weekday collect time ranges,
    then join weekdays with identical times, then merge runs of one-day periods."""
    # (start, end, label) -> weekday -> [(opens, closes)]
    grouped: dict[tuple, dict[str, list[tuple]]] = {}
    summaries: list[dict[str, str]] = []
    for index, spec in enumerate(specs):
        if not isinstance(spec, dict):
            continue
        where = f"schema:openingHoursSpecification[{index}]"
        if is_text_spec(spec):
            summaries.append(opening_texts(spec, ("additionalInformation", *OPENING_TEXTS)))
            rest = {k: v for k, v in spec.items() if k not in OPENING_SPEC_KEYS}
            dates = {k: spec[k] for k in ("schema:validFrom", "schema:validThrough") if k in spec}
            if rest or dates:  # its dates and anything else are kept beside the text
                mapper.extra.setdefault("openingHoursSpecification", []).append({**dates, **rest})
            continue
        summaries.append(opening_texts(spec))
        start = mapper.safely(f"{where}.schema:validFrom", parse_date, spec.get("schema:validFrom"))
        end = mapper.safely(
            f"{where}.schema:validThrough", parse_date, spec.get("schema:validThrough")
        )
        if start and end and end < start:
            mapper.warn(where, f"period ends ({end}) before it starts ({start}); dates swapped")
            start, end = end, start
        opens = mapper.safely(f"{where}.schema:opens", parse_time, spec.get("schema:opens"))
        closes = mapper.safely(f"{where}.schema:closes", parse_time, spec.get("schema:closes"))
        days = []
        for node in as_list(spec.get("schema:dayOfWeek")):
            name = local_name(node.get("@id", "") if isinstance(node, dict) else str(node))
            if SCHEMA_DAYS.get(name):
                days.append(SCHEMA_DAYS[name])
            else:
                mapper.warn(f"{where}.schema:dayOfWeek", f"unknown day {name!r}, kept in extra")
                mapper.extra.setdefault("openingDays", []).append(name)
        label = _frozen_label(lang_labels(spec.get("additionalInformation")))
        by_day = grouped.setdefault((start, end, label), {})
        for day in days or list(WEEKDAYS):
            times = by_day.setdefault(day, [])
            if opens is not None and (opens, closes) not in times:
                times.append((opens, closes))
        for key in sorted(set(spec) - OPENING_SPEC_KEYS):
            mapper.report.unknown(f"schema:openingHoursSpecification.{key}")
            mapper.extra.setdefault("openingHoursSpecification", []).append({key: spec[key]})

    periods: list[dict[str, Any]] = []
    single_days: list[tuple[date, tuple]] = []
    for (start, end, label), by_day in grouped.items():
        # weekdays sharing the same times form one period
        by_times: dict[tuple, list[str]] = {}
        for day in WEEKDAYS:
            if day in by_day:
                by_times.setdefault(tuple(sorted(by_day[day], key=str)), []).append(day)
        for times, days in by_times.items():
            if start and start == end and start.weekday() in {WEEKDAYS.index(d) for d in days}:
                single_days.append((start, (times, label)))
                continue
            periods.append(_period(start, end, days, times, label))
    for (times, label), runs in group_single_days(single_days).items():
        for first_day, last_day, weekdays in runs:
            days = [] if is_every_day(first_day, last_day, weekdays) else weekday_codes(weekdays)
            periods.append(_period(first_day, last_day, days, times, label))
    periods.sort(key=lambda p: (p.get("start") or date.min, p.get("weekdays", [])))
    opening: dict[str, Any] = {"periods": periods}
    summary = join_texts([s for s in summaries if s])
    if summary:
        opening["summary"] = summary
    return opening


def _period(start, end, days: list[str], times: tuple, label: tuple) -> dict[str, Any]:
    period: dict[str, Any] = {
        "start": start,
        "end": end,
        "weekdays": [] if len(days) == 7 else days,
        "times": [{"opens": o, "closes": c} for o, c in times],
    }
    if label:
        period["label"] = dict(label)
    return period


def event_dates(mapper: "Mapper", payload: dict[str, Any]) -> dict[str, Any] | None:
    """Occurrences from `takesPlaceAt` (or the bare schema:startDate/endDate lists)."""
    spans: list[tuple[date, date | None, Any, Any]] = []
    for index, period in enumerate(as_list(payload.get("takesPlaceAt"))):
        if not isinstance(period, dict):
            continue
        where = f"takesPlaceAt[{index}]"
        start = mapper.safely(f"{where}.startDate", parse_date, period.get("startDate"))
        if start is None:
            mapper.warn(where, "period without a start date, skipped")
            continue
        end = mapper.safely(f"{where}.endDate", parse_date, period.get("endDate"))
        if end and end < start:
            mapper.warn(where, f"period ends ({end}) before it starts ({start}); dates swapped")
            start, end = end, start
        spans.append(
            (
                start,
                end,
                mapper.safely(f"{where}.startTime", parse_time, period.get("startTime")),
                mapper.safely(f"{where}.endTime", parse_time, period.get("endTime")),
            )
        )
    if not spans:
        starts = as_list(payload.get("schema:startDate"))
        ends = as_list(payload.get("schema:endDate"))
        for index, raw_start in enumerate(starts):
            start = mapper.safely("schema:startDate", parse_date, raw_start)
            raw_end = ends[index] if index < len(ends) else None
            end = mapper.safely("schema:endDate", parse_date, raw_end) if raw_end else None
            if start:
                spans.append((start, end if end and end >= start else None, None, None))
    if not spans and "takesPlaceAt" not in payload:
        return None
    occurrences: list[dict[str, Any]] = []
    recurrences: list[dict[str, Any]] = []
    single_days = []
    for start, end, start_time, end_time in sorted(set(spans), key=lambda s: (s[0], str(s))):
        if end is None or end == start:
            single_days.append((start, (start_time, end_time)))
        else:
            occurrences.append(_occurrence(start, end, start_time, end_time))
    for (start_time, end_time), runs in group_single_days(single_days).items():
        for first_day, last_day, weekdays in runs:
            if first_day == last_day or is_every_day(first_day, last_day, weekdays):
                occurrences.append(_occurrence(first_day, last_day, start_time, end_time))
            else:
                rec: dict[str, Any] = {
                    "start_date": first_day,
                    "rrule": rrule_weekly(first_day, last_day, weekdays),
                }
                if start_time:
                    rec["start_time"] = start_time
                if end_time:
                    rec["end_time"] = end_time
                recurrences.append(rec)
    occurrences.sort(key=lambda o: (o["start_date"], str(o.get("start_time"))))
    recurrences.sort(key=lambda r: r["start_date"])
    return {"occurrences": occurrences, "recurrences": recurrences}


def _occurrence(start: date, end: date, start_time: Any, end_time: Any) -> dict[str, Any]:
    occ: dict[str, Any] = {"start_date": start}
    if end != start:
        occ["end_date"] = end
    if start_time:
        occ["start_time"] = start_time
    if end_time:
        occ["end_time"] = end_time
    return occ
