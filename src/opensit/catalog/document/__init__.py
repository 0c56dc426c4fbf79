"""The canonical document of a tourism object: one Pydantic model that validates every input,
generates the API schema and is what every connector maps to and from.
"""

from datetime import datetime
from typing import Any

import orjson
from pydantic import Field, field_validator

from opensit.catalog.document.base import LangText, Part
from opensit.catalog.document.media import Media
from opensit.catalog.document.offer import Capacity, Price, Pricing
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
from opensit.catalog.types import TYPES

__all__ = [
    "WEEKDAYS",
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
    "Pricing",
    "Private",
    "Recurrence",
    "SourceRef",
    "TimeRange",
    "TourismDocument",
]

ASPECTS = ("winter", "summer", "groups", "accessibility", "business")


class SourceRef(Part):
    system: str = Field(description="datatourisme, apidae, opensit...")
    id: str
    url: str = ""
    updated_at: datetime | None = None
    publisher: str = ""


class Private(Part):
    """Never diffused: internal notes and provider-only data."""

    notes: str = ""
    provider_notes: str = ""
    criteria: list[str] = []


class AspectTexts(Part):
    short_description: LangText = {}
    description: LangText = {}


class TourismDocument(Part):
    # identity
    id: str = ""
    slug: str = ""
    type: str
    classes: list[str] = Field(
        [], description="Finer source classes (DATAtourisme), kept for fidelity and filters"
    )
    source: SourceRef | None = None
    owner: str = Field("", description="Slug of the owner organisation")
    coeditors: list[str] = []
    licence: str = "etalab-2.0"
    created_at: datetime | None = None
    updated_at: datetime | None = None
    status: str = Field(
        "draft", pattern=r"^(draft|proposed|published|unpublished|archived|deleted)$"
    )
    # texts
    name: LangText
    short_description: LangText = {}
    description: LangText = {}
    practical_info: LangText = {}
    aspects: dict[str, AspectTexts] = {}
    # place
    location: Location = Location()
    contacts: list[Contact] = []
    # time
    opening: Opening = Opening()
    event: EventDates | None = None
    # offer
    pricing: Pricing = Pricing()
    capacity: Capacity = Capacity()
    classifications: list[str] = Field([], description="Vocabulary codes: stars, épis...")
    labels: list[str] = Field([], description="Vocabulary codes: Qualité Tourisme...")
    amenities: list[str] = []
    themes: list[str] = []
    accessibility: list[str] = []
    languages: list[str] = Field([], description="Spoken languages, ISO 639-1")
    pets_allowed: bool | None = None
    # media and links
    media: list[Media] = []
    links: list[Link] = []
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
            raise ValueError(f"unknown type {value!r}")
        return value

    @field_validator("name")
    @classmethod
    def _has_name(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise ValueError("a name is required in at least one language")
        return value

    @field_validator("aspects")
    @classmethod
    def _known_aspects(cls, value: dict[str, AspectTexts]) -> dict[str, AspectTexts]:
        bad = [key for key in value if key not in ASPECTS]
        if bad:
            raise ValueError(f"unknown aspect {bad[0]!r}, expected one of {', '.join(ASPECTS)}")
        return value

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready dict: defaults left out, so stored documents stay small."""
        return orjson.loads(self.to_bytes())

    def to_bytes(self) -> bytes:
        return orjson.dumps(
            self.model_dump(mode="json", exclude_defaults=True), option=orjson.OPT_SORT_KEYS
        )
