"""Small readers of JSON-LD values: single values or lists, dates, times, texts."""

from datetime import UTC, date, datetime, time
from typing import Any

from opensit.connectors.datatourisme.vocabulary import lang_labels


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def first(value: Any) -> Any:
    values = as_list(value)
    return values[0] if values else None


def text(value: Any) -> str:
    """A plain string from a string, a list of strings or a language map."""
    if isinstance(value, dict):
        labels = lang_labels(value)
        return labels.get("fr") or next(iter(labels.values()), "")
    return ", ".join(str(v).strip() for v in as_list(value) if str(v).strip())


def parse_date(value: Any) -> date | None:
    value = first(value)
    if not value:
        return None
    return date.fromisoformat(str(value)[:10])


def parse_time(value: Any) -> time | None:
    value = first(value)
    if not value:
        return None
    return time.fromisoformat(str(value))


def parse_datetime(value: str) -> datetime:
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_number(value: Any) -> float | None:
    """`"2.5"`, `["2.5"]`, `2.5` -> 2.5; a comma decimal separator is accepted."""
    values = as_list(value)
    if not values:
        return None
    return float(str(values[0]).strip().replace(",", "."))
