"""The query string of the catalog pages (listing, agenda, search), read and checked: a bad
value is a `BadParameter` naming it, which the pages answer with a 4xx page, never a 500."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.http import QueryDict
from django.utils.translation import gettext as _

from opensit.catalog.types import TYPES

#: Pages beyond this are refused (a crawler walking page numbers stops here).
MAX_PAGE = 10_000
#: Values per filter; more is a forged address.
MAX_VALUES = 50
MAX_TEXT = 200
INSEE = re.compile(r"^\d[\dAB]\d{3}$")
CODE = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
VIEWS = ("list", "map")


class BadParameter(ValueError):
    """A bad query parameter: `parameter` names it, `status` is 400 (malformed) or 404 (a page
    past the last one)."""

    def __init__(self, parameter: str, message: str, status: int = 400) -> None:
        self.parameter = parameter
        self.message = message
        self.status = status
        super().__init__(f"{parameter}: {message}")


def page_number(query: QueryDict) -> int:
    """`page`, 1 when absent."""
    raw = query.get("page", "")
    if raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise BadParameter(
            "page", _("expected a page number from 1 to %(max)d") % {"max": MAX_PAGE}
        )
    return int(raw)


def text(query: QueryDict, name: str = "q") -> str:
    value = query.get(name, "").strip()
    if len(value) > MAX_TEXT or "\x00" in value:
        raise BadParameter(
            name, _("expected a text of at most %(max)d characters") % {"max": MAX_TEXT}
        )
    return value


def _values(query: QueryDict, name: str) -> list[str]:
    values = [v.strip() for v in query.getlist(name) if v.strip()]
    if len(values) > MAX_VALUES:
        raise BadParameter(name, _("at most %(max)d values") % {"max": MAX_VALUES})
    return list(dict.fromkeys(values))


def type_codes(query: QueryDict, name: str = "type") -> list[str]:
    values = _values(query, name)
    for value in values:
        if value not in TYPES:
            raise BadParameter(name, _("unknown type %(value)r") % {"value": value})
    return values


def commune_codes(query: QueryDict, name: str = "commune") -> list[str]:
    values = _values(query, name)
    for value in values:
        if not INSEE.match(value):
            raise BadParameter(name, _("%(value)r is not an INSEE code") % {"value": value})
    return values


def vocabulary_codes(query: QueryDict, name: str) -> list[str]:
    values = _values(query, name)
    for value in values:
        if not CODE.match(value):
            raise BadParameter(name, _("%(value)r is not a code") % {"value": value})
    return values


def view(query: QueryDict) -> str:
    value = query.get("view", "list") or "list"
    if value not in VIEWS:
        raise BadParameter("view", _("expected one of %(views)s") % {"views": ", ".join(VIEWS)})
    return value


def day(query: QueryDict, name: str) -> date | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, _("expected a date written YYYY-MM-DD")) from None


@dataclass
class Filters:
    """What a visitor narrows a listing with."""

    q: str = ""
    types: list[str] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    page: int = 1
    view: str = "list"

    @property
    def chosen(self) -> bool:
        return bool(self.q or self.types or self.communes or self.themes)


def filters(query: QueryDict) -> Filters:
    return Filters(
        q=text(query),
        types=type_codes(query),
        communes=commune_codes(query),
        themes=vocabulary_codes(query, "theme"),
        page=page_number(query),
        view=view(query),
    )
