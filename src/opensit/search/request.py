"""What a search asks and answers: `SearchParams` in, `SearchResult` out, `SearchError` for a
bad parameter. A module of their own, so that the modules that validate and run a search
(`params`, `sql`) and the interface that calls them (`query`) import them without a circle."""

from dataclasses import dataclass, field
from datetime import date, datetime


class SearchError(ValueError):
    """A bad search parameter; `parameter` names it, the message says what is wrong."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.detail = message
        super().__init__(f"{parameter}: {message}")


@dataclass
class SearchParams:
    q: str | None = None
    lang: str = "fr"
    types: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    themes_all: bool = False
    amenities: list[str] = field(default_factory=list)
    amenities_all: bool = False
    labels: list[str] = field(default_factory=list)
    labels_all: bool = False
    communes: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    territory: str | None = None
    owners: list[str] = field(default_factory=list)
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    bbox: tuple[float, float, float, float] | None = None
    open_on: date | None = None
    open_from: date | None = None
    open_to: date | None = None
    event_from: date | None = None
    event_to: date | None = None
    updated_since: datetime | None = None
    ids: list[str] | None = None
    sort: str = "relevance"
    seed: int | None = None
    limit: int = 20
    offset: int = 0
    cursor: str | None = None
    facets: bool = False
    facet_size: int = 100  # values per facet, the most frequent first
    typos: bool = True  # typo tolerance (words of 5 letters or more the index does not know)


@dataclass
class SearchResult:
    total: int
    ids: list[str]
    distances_km: dict[str, float] | None = None
    facets: dict[str, dict[str, int]] | None = None
    next_cursor: str | None = None
    seed: int | None = None  # the seed used by a random sort (drawn when none was given)
    did_you_mean: str | None = None  # when nothing matched: the closest query that finds some
