"""The canonical document of a tourism object: one Pydantic model that validates every input,
generates the API schema and is what every connector maps to and from.
"""

from datetime import datetime
from typing import Annotated, Any

import orjson
from pydantic import AfterValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from opensit.catalog.document.base import LangText, Part
from opensit.catalog.document.media import Media
from opensit.catalog.document.offer import Capacity, Price, PricePeriod, Pricing
from opensit.catalog.document.place import Booking, CommuneRef, Contact, Link, Location
from opensit.catalog.document.timing import (
    WEEKDAYS,
    Closure,
    EventDates,
    Occurrence,
    Opening,
    OpeningPeriod,
    Recurrence,
    TimeRange,
)
from opensit.catalog.document.values import (
    Code,
    Label,
    Languages,
    LongText,
    NameText,
    Notes,
    ShortText,
    WebUrl,
    codes,
    lenient,
    single_line,
)
from opensit.catalog.types import TYPES

__all__ = [
    "ASPECTS",
    "WEEKDAYS",
    "Aspect",
    "Booking",
    "Capacity",
    "Closure",
    "CommuneRef",
    "Contact",
    "EventDates",
    "LangText",
    "Link",
    "Location",
    "Media",
    "Occurrence",
    "Opening",
    "OpeningPeriod",
    "Price",
    "PricePeriod",
    "Pricing",
    "Private",
    "Recurrence",
    "SourceRef",
    "TimeRange",
    "TourismDocument",
    "lenient",
]

ASPECTS = ("winter", "summer", "groups", "accessibility", "business")
#: Bounds of the lists (real data: at most 78 codes, 19 contacts, 56 media, 23 links).
CODES = 500
MEDIA = 200
LINKS = 500


class SourceRef(Part):
    system: Code = Field(description="datatourisme, apidae, opensit...")
    id: single_line(500)
    url: WebUrl = ""
    updated_at: datetime | None = None
    publisher: Label = ""


class Private(Part):
    """Never diffused: internal notes and provider-only data."""

    notes: Notes = ""
    provider_notes: Notes = ""
    criteria: codes(CODES) = []


def _with_url(items: list[Media] | list[Contact]) -> list[Any]:
    """Media and contacts whose URL a lenient import dropped (made "") are left out."""
    kept = [i for i in items if (i.url if isinstance(i, Media) else i.value) != ""]
    return items if len(kept) == len(items) else kept


class Aspect(Part):
    """A variant of the object for one season or audience (Apidae aspects: winter, groups,
    business, accessibility). What it holds replaces the main document's part when a consumer
    asks for the aspect (`aspect=winter`); what it leaves empty falls back to the main one."""

    short_description: ShortText = {}
    description: LongText = {}
    practical_info: LongText = {}
    media: Annotated[list[Media], AfterValidator(_with_url)] = Field([], max_length=MEDIA)
    opening: Opening | None = None
    prices: list[Price] = Field([], max_length=1_000)


AspectTexts = Aspect  # the name before aspects held more than texts


class TourismDocument(Part):
    # identity
    id: Code = ""
    slug: Code = ""
    type: str
    classes: codes(CODES) = Field(
        [], description="Finer source classes (DATAtourisme), kept for fidelity and filters"
    )
    source: SourceRef | None = None
    owner: Code = Field("", description="Slug of the owner organisation")
    coeditors: codes(CODES) = []
    licence: Code = "etalab-2.0"
    created_at: datetime | None = None
    updated_at: datetime | None = None
    status: str = Field(
        "draft", pattern=r"^(draft|proposed|published|unpublished|archived|deleted)$"
    )
    # texts
    name: NameText
    short_description: ShortText = {}
    description: LongText = {}
    practical_info: LongText = {}
    aspects: dict[str, Aspect] = {}
    # place
    location: Location = Location()
    contacts: Annotated[list[Contact], AfterValidator(_with_url)] = Field([], max_length=100)
    # time
    opening: Opening = Opening()
    event: EventDates | None = None
    # offer
    pricing: Pricing = Pricing()
    capacity: Capacity = Capacity()
    classifications: codes(CODES) = Field([], description="Vocabulary codes: stars, épis...")
    labels: codes(CODES) = Field([], description="Vocabulary codes: Qualité Tourisme...")
    amenities: codes(CODES) = []
    themes: codes(CODES) = []
    accessibility: codes(CODES) = []
    languages: Languages = Field([], description="Spoken languages, BCP 47 (ISO 639-1: fr, en)")
    pets_allowed: bool | None = None
    # media and links
    media: Annotated[list[Media], AfterValidator(_with_url)] = Field([], max_length=MEDIA)
    links: list[Link] = Field([], max_length=LINKS)
    booking: Booking = Booking()
    # private and source leftovers
    private: Private = Private()
    extra: dict[str, Any] = Field(
        {}, description="Source data with no canonical field yet, kept rather than dropped"
    )

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in TYPES:
            raise PydanticCustomError(
                "unknown_type", "unknown type {value}", {"value": repr(value)}
            )
        return value

    @field_validator("name")
    @classmethod
    def _has_name(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise PydanticCustomError(
                "name_required", "a name is required in at least one language"
            )
        return value

    @field_validator("aspects")
    @classmethod
    def _known_aspects(cls, value: dict[str, Aspect]) -> dict[str, Aspect]:
        bad = [key for key in value if key not in ASPECTS]
        if bad:
            raise PydanticCustomError(
                "unknown_aspect",
                "unknown aspect {value}, expected one of {expected}",
                {"value": repr(bad[0]), "expected": ", ".join(ASPECTS)},
            )
        return value

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready dict: defaults left out, so stored documents stay small."""
        return orjson.loads(self.to_bytes())

    def to_bytes(self) -> bytes:
        return orjson.dumps(
            self.model_dump(mode="json", exclude_defaults=True), option=orjson.OPT_SORT_KEYS
        )
