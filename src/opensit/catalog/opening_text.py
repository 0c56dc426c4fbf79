"""Opening hours in words, from the structured periods: "Tous les jours de 10h à 18h du 1er
avril au 30 septembre. Fermé le 25 décembre".

Sources give either a text, structured periods, or both. Sites and CSV readers want a sentence;
the periods alone leave them to write one. A source's own text (`opening.summary`) always wins
(`summary_for`); this module writes one only where the source gave none, in every language it
knows (fr, en, de, es, it, nl). Input is the stored JSON form of an `Opening` (ISO dates and
times as strings) or the model itself; a value it cannot read is left out, never raised.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from opensit.catalog.holidays import AFTER_EASTER, FIXED

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Phrases:
    """How one language says the parts of an opening sentence."""

    days: tuple[str, ...]
    months: tuple[str, ...]
    every_day: str
    day_range: str  # "Du {a} au {b}"
    one_day: str  # "Le {a}"
    and_: str
    clock: Callable[[time], str]
    time_range: str  # "de {a} à {b}"
    from_time: str  # "à partir de {a}"
    day: Callable[[date, bool], str]  # a date, with or without its year
    date_range: str  # "du {a} au {b}"
    from_date: str
    until_date: str
    on_date: str  # "le {a}"
    closed: str  # "Fermé"
    exceptional: str  # "Ouverture exceptionnelle"
    holidays: dict[str, str]
    label: str = "{label} : {text}"
    comma_before_dates: bool = False  # only after a "Du … au …" range of weekdays (fr)
    lower_after_label: bool = True  # not where day names take a capital (en, de)


def _fr_clock(at: time) -> str:
    return f"{at.hour}h{at.minute:02d}" if at.minute else f"{at.hour}h"


def _en_clock(at: time) -> str:
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    return f"{hour}:{at.minute:02d}{suffix}" if at.minute else f"{hour}{suffix}"


def _24h(at: time) -> str:
    return f"{at.hour}:{at.minute:02d}"


def _day_maker(months: tuple[str, ...], pattern: str, first: str = "", year: str = " ") -> Callable:
    def make(day: date, with_year: bool) -> str:
        number = first if (first and day.day == 1) else str(day.day)
        text = pattern.format(d=number, m=months[day.month - 1])
        return f"{text}{year}{day.year}" if with_year else text

    return make


FR_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DE_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
ES_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
IT_MONTHS = (
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
)  # fmt: skip
NL_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def _holidays(day: Callable, on: str, moveable: tuple[str, str, str]) -> dict[str, str]:
    """The holidays' phrases: a fixed one is its day without a year ("le 25 décembre")."""
    fixed = {code: on.format(a=day(date(2000, m, d), False)) for code, (m, d) in FIXED.items()}
    return {**fixed, **dict(zip(AFTER_EASTER, moveable, strict=True))}


_fr_day = _day_maker(FR_MONTHS, "{d} {m}", first="1er")
_en_day = _day_maker(EN_MONTHS, "{d} {m}")
_de_day = _day_maker(DE_MONTHS, "{d}. {m}")
_es_day = _day_maker(ES_MONTHS, "{d} de {m}", year=" de ")
_it_day = _day_maker(IT_MONTHS, "{d} {m}", first="1º")
_nl_day = _day_maker(NL_MONTHS, "{d} {m}")

PHRASES: dict[str, Phrases] = {
    "fr": Phrases(
        days=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        months=FR_MONTHS,
        every_day="Tous les jours",
        day_range="Du {a} au {b}",
        one_day="Le {a}",
        and_="et",
        clock=_fr_clock,
        time_range="de {a} à {b}",
        from_time="à partir de {a}",
        day=_fr_day,
        date_range="du {a} au {b}",
        from_date="à partir du {a}",
        until_date="jusqu'au {a}",
        on_date="le {a}",
        closed="Fermé",
        exceptional="Ouverture exceptionnelle",
        holidays=_holidays(
            _fr_day,
            "le {a}",
            ("le lundi de Pâques", "le jeudi de l'Ascension", "le lundi de Pentecôte"),
        ),
        comma_before_dates=True,
    ),
    "en": Phrases(
        days=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        months=EN_MONTHS,
        every_day="Every day",
        day_range="{a} to {b}",
        one_day="{a}s",
        and_="and",
        clock=_en_clock,
        time_range="from {a} to {b}",
        from_time="from {a}",
        day=_en_day,
        date_range="from {a} to {b}",
        from_date="from {a}",
        until_date="until {a}",
        on_date="on {a}",
        closed="Closed",
        exceptional="Exceptionally open",
        holidays=_holidays(
            _en_day, "on {a}", ("on Easter Monday", "on Ascension Day", "on Whit Monday")
        ),
        label="{label}: {text}",
        lower_after_label=False,
    ),
    "de": Phrases(
        days=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
        months=DE_MONTHS,
        every_day="Täglich",
        day_range="{a} bis {b}",
        one_day="{a}s",
        and_="und",
        clock=_24h,
        time_range="von {a} bis {b} Uhr",
        from_time="ab {a} Uhr",
        day=_de_day,
        date_range="vom {a} bis {b}",
        from_date="ab dem {a}",
        until_date="bis zum {a}",
        on_date="am {a}",
        closed="Geschlossen",
        exceptional="Ausnahmsweise geöffnet",
        holidays=_holidays(
            _de_day, "am {a}", ("am Ostermontag", "an Christi Himmelfahrt", "am Pfingstmontag")
        ),
        label="{label}: {text}",
        lower_after_label=False,
    ),
    "es": Phrases(
        days=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        months=ES_MONTHS,
        every_day="Todos los días",
        day_range="De {a} a {b}",
        one_day="Los {a}",
        and_="y",
        clock=_24h,
        time_range="de {a} a {b}",
        from_time="desde las {a}",
        day=_es_day,
        date_range="del {a} al {b}",
        from_date="desde el {a}",
        until_date="hasta el {a}",
        on_date="el {a}",
        closed="Cerrado",
        exceptional="Apertura excepcional",
        holidays=_holidays(
            _es_day,
            "el {a}",
            ("el lunes de Pascua", "el día de la Ascensión", "el lunes de Pentecostés"),
        ),
        label="{label}: {text}",
    ),
    "it": Phrases(
        days=("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
        months=IT_MONTHS,
        every_day="Tutti i giorni",
        day_range="Da {a} a {b}",
        one_day="Il {a}",
        and_="e",
        clock=_24h,
        time_range="dalle {a} alle {b}",
        from_time="dalle {a}",
        day=_it_day,
        date_range="dal {a} al {b}",
        from_date="dal {a}",
        until_date="fino al {a}",
        on_date="il {a}",
        closed="Chiuso",
        exceptional="Apertura straordinaria",
        holidays=_holidays(
            _it_day,
            "il {a}",
            ("il lunedì dell'Angelo", "il giorno dell'Ascensione", "il lunedì di Pentecoste"),
        ),
        label="{label}: {text}",
    ),
    "nl": Phrases(
        days=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
        months=NL_MONTHS,
        every_day="Elke dag",
        day_range="Van {a} tot {b}",
        one_day="Op {a}",
        and_="en",
        clock=_24h,
        time_range="van {a} tot {b}",
        from_time="vanaf {a}",
        day=_nl_day,
        date_range="van {a} tot {b}",
        from_date="vanaf {a}",
        until_date="tot {a}",
        on_date="op {a}",
        closed="Gesloten",
        exceptional="Uitzonderlijk geopend",
        holidays=_holidays(
            _nl_day, "op {a}", ("op tweede paasdag", "op Hemelvaartsdag", "op tweede pinksterdag")
        ),
        label="{label}: {text}",
    ),
}
LANGUAGES = tuple(PHRASES)


def _listing(items: list[str], and_: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {and_} {items[-1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _as_time(value: Any) -> time | None:
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _weekdays(days: Iterable[str], say: Phrases) -> tuple[str, bool]:
    """The days phrase, and whether it is a "from … to …" range."""
    chosen = sorted({WEEKDAYS.index(d) for d in days if d in WEEKDAYS})
    if not chosen or len(chosen) == 7:
        return say.every_day, False
    if len(chosen) >= 3 and chosen == list(range(chosen[0], chosen[-1] + 1)):
        return say.day_range.format(a=say.days[chosen[0]], b=say.days[chosen[-1]]), True
    if len(chosen) == 1:
        return _capital(say.one_day.format(a=say.days[chosen[0]])), False
    return _capital(_listing([say.days[n] for n in chosen], say.and_)), False


def _times(times: Iterable[Any], say: Phrases) -> str:
    read = []
    for item in times:
        item = item if isinstance(item, dict) else _dump(item)
        opens, closes = _as_time(item.get("opens")), _as_time(item.get("closes"))
        if opens is not None:
            read.append((opens, closes))
    ranges = []
    for opens, closes in sorted(read, key=lambda pair: pair[0]):  # sources list them any way
        if closes is None:
            ranges.append(say.from_time.format(a=say.clock(opens)))
        else:
            ranges.append(say.time_range.format(a=say.clock(opens), b=say.clock(closes)))
    return _listing(ranges, say.and_)


def _dates(start: date | None, end: date | None, yearly: bool, say: Phrases) -> str:
    if start and end and start == end:
        return say.on_date.format(a=say.day(start, not yearly))
    if start and end:
        first_year = not yearly and start.year != end.year
        return say.date_range.format(a=say.day(start, first_year), b=say.day(end, not yearly))
    if start:
        return say.from_date.format(a=say.day(start, not yearly))
    if end:
        return say.until_date.format(a=say.day(end, not yearly))
    return ""


def _dump(value: Any) -> dict[str, Any]:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else {}


def _label(value: Any, lang: str) -> str:
    if not isinstance(value, dict) or not value:
        return ""
    return str(value.get(lang) or "")


def _period(period: dict[str, Any], lang: str, say: Phrases) -> str:
    start, end = _as_date(period.get("start")), _as_date(period.get("end"))
    dates = _dates(start, end, bool(period.get("recurs_yearly")), say)
    if period.get("closed"):
        text = f"{say.closed} {dates}" if dates else say.closed
    else:
        days, is_range = _weekdays(period.get("weekdays") or [], say)
        times = _times(period.get("times") or [], say)
        if period.get("exceptional"):
            parts = [say.exceptional, dates, times]
            text = " ".join(p for p in parts if p)
        else:
            text = f"{days} {times}" if times else days
            if dates:
                text += (", " if is_range and say.comma_before_dates else " ") + dates
    label = _label(period.get("label"), lang)
    if not label:
        return text
    if say.lower_after_label:
        text = text[:1].lower() + text[1:]
    return say.label.format(label=label, text=text)


def _closures(closures: Iterable[Any], say: Phrases) -> str:
    days = []
    for closure in closures:
        closure = closure if isinstance(closure, dict) else _dump(closure)
        holiday = closure.get("holiday")
        day = _as_date(closure.get("date"))
        if holiday in say.holidays:
            days.append(say.holidays[holiday])
        elif day is not None:
            days.append(say.on_date.format(a=say.day(day, True)))
    unique = list(dict.fromkeys(days))
    return f"{say.closed} {_listing(unique, say.and_)}" if unique else ""


def summarise(opening: Any, lang: str) -> str:
    """The opening in words in `lang` (fr when unknown), "" when there is nothing to say."""
    say = PHRASES.get(lang, PHRASES["fr"])
    data = opening if isinstance(opening, dict) else _dump(opening)
    sentences = []
    for period in data.get("periods") or []:
        period = period if isinstance(period, dict) else _dump(period)
        sentence = _period(period, lang, say)
        if sentence:
            sentences.append(sentence)
    closed = _closures(data.get("closures") or [], say)
    if closed:
        sentences.append(closed)
    return ". ".join(dict.fromkeys(sentences))


def summaries(opening: Any, langs: Iterable[str] = LANGUAGES) -> dict[str, str]:
    """`summarise` in each of `langs` (the ones this module knows), empty ones left out."""
    out = {}
    for lang in langs:
        if lang in PHRASES:
            text = summarise(opening, lang)
            if text:
                out[lang] = text
    return out


def summary_for(opening: Any, langs: Iterable[str] = LANGUAGES) -> dict[str, str]:
    """The source's own summary when it gave one, else the generated one."""
    data = opening if isinstance(opening, dict) else _dump(opening)
    given = data.get("summary")
    if isinstance(given, dict) and any(given.values()):
        return given
    return summaries(data, langs)
