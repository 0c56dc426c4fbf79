"""Numbered pages of a result: the links (`?page=N`, the other parameters kept), previous and
next (`rel=prev/next`), and the refusal of a page past the last one."""

import math
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from opensit.sites.params import BadParameter

#: Page numbers shown around the current one (the first and last are always shown).
AROUND = 2


def with_params(query: QueryDict, **changes: str | list[str] | None) -> str:
    """`?...` of `query` with some parameters replaced (None removes one) and the empty ones
    left out."""
    copy = query.copy()
    for name, value in changes.items():
        if value is None:
            copy.pop(name, None)
        elif isinstance(value, list):
            copy.setlist(name, value)
        else:
            copy[name] = value
    for name in list(copy):
        kept = [v for v in copy.getlist(name) if v != ""]  # an empty box of a submitted form
        if kept:
            copy.setlist(name, kept)
        else:
            copy.pop(name)
    encoded = copy.urlencode()
    return f"?{encoded}" if encoded else "?"


@dataclass
class PageLink:
    number: int | None  # None: a gap ("…")
    url: str = ""
    current: bool = False


@dataclass
class Pager:
    number: int
    count: int  # pages in all (at least 1)
    total: int
    size: int
    query: QueryDict

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def url(self, number: int) -> str:
        return with_params(self.query, page=None if number == 1 else str(number))

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    @property
    def first_shown(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_shown(self) -> int:
        return min(self.offset + self.size, self.total)

    def links(self) -> list[PageLink]:
        wanted = {1, self.count, *range(self.number - AROUND, self.number + AROUND + 1)}
        out: list[PageLink] = []
        previous = 0
        for number in sorted(n for n in wanted if 1 <= n <= self.count):
            if number > previous + 1:
                out.append(PageLink(None))
            out.append(PageLink(number, self.url(number), number == self.number))
            previous = number
        return out


def pager(query: QueryDict, number: int, total: int, size: int) -> Pager:
    """The pager of page `number`; a page past the last is a 404 naming `page`."""
    count = max(1, math.ceil(total / size))
    if number > count:
        raise BadParameter(
            "page", _("there are only %(count)d pages") % {"count": count}, status=404
        )
    return Pager(number, count, total, size, query)
