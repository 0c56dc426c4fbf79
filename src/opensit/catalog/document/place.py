"""Where an object is, and how to reach it."""

from typing import Any

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from opensit.catalog.document.base import Part
from opensit.catalog.document.values import (
    URL_LENGTH,
    Code,
    Label,
    LabelText,
    LongText,
    Name,
    NameText,
    ShortText,
    WebAddress,
    check_web_address,
    single_line,
)

#: Contact kinds whose value is a web address (or, for social networks, a handle).
WEB_CONTACTS = frozenset(
    {"website", "tripadvisor", "facebook", "instagram", "twitter", "youtube", "tiktok",
     "linkedin", "social"}
)  # fmt: skip


class CommuneRef(Part):
    insee: str = Field(pattern=r"^(\d[\dAB]\d{3})$", description="INSEE code, e.g. 37261")
    name: Name = ""


class Location(Part):
    address_lines: list[Label] = Field([], max_length=20)
    postal_code: single_line(20) = ""
    commune: CommuneRef | None = None
    country: single_line(10) = Field("FR", description="ISO 3166-1 alpha-2")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    altitude: float | None = None
    geometry: dict[str, Any] | None = Field(
        None, description="GeoJSON geometry for trails and areas (LineString, Polygon...)"
    )
    place_name: NameText = {}
    access: LongText = Field({}, description="How to get there")

    @field_validator("geometry")
    @classmethod
    def _geojson(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None and ("type" not in value or "coordinates" not in value):
            raise PydanticCustomError(
                "geometry", "a GeoJSON geometry needs 'type' and 'coordinates'"
            )
        return value


class Contact(Part):
    kind: str = Field(
        pattern=r"^(phone|mobile|fax|email|website|facebook|instagram|twitter|youtube|tiktok|"
        r"linkedin|tripadvisor|social|other)$"
    )
    value: single_line(URL_LENGTH) = Field(
        min_length=1, description="Websites and social networks: an http(s) URL (or a handle)"
    )
    role: str = Field("main", pattern=r"^(main|booking|management|information|other)$")
    label: Label = ""
    public: bool = True

    @field_validator("value")
    @classmethod
    def _web_address(cls, value: str, info: ValidationInfo) -> str:
        """A website or a social network is never a `javascript:` or `data:` URL. (A lenient
        import drops such a value, as "": the document then drops the contact.)"""
        if info.data.get("kind") in WEB_CONTACTS:
            return check_web_address(value, info)
        return value


class Link(Part):
    """A typed link to another object of the catalog, by id or by source reference."""

    kind: Code = Field(description="venue, stage, restaurant, accommodation, related, ...")
    target: single_line(500) = Field(
        description="OpenSIT id, or 'system:source_id' before it is resolved"
    )
    order: int | None = None
    label: LabelText = {}


class Booking(Part):
    url: WebAddress = ""
    email: Label = ""
    phone: Name = ""
    organisation: Label = ""
    notes: ShortText = {}
