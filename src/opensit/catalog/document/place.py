"""Where an object is, and how to reach it."""

from typing import Any

from pydantic import Field, field_validator

from opensit.catalog.document.base import LangText, Part


class CommuneRef(Part):
    insee: str = Field(pattern=r"^(\d[\dAB]\d{3})$", description="INSEE code, e.g. 37261")
    name: str = ""


class Location(Part):
    address_lines: list[str] = []
    postal_code: str = ""
    commune: CommuneRef | None = None
    country: str = Field("FR", description="ISO 3166-1 alpha-2")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    altitude: float | None = None
    geometry: dict[str, Any] | None = Field(
        None, description="GeoJSON geometry for trails and areas (LineString, Polygon...)"
    )
    place_name: LangText = {}
    access: LangText = Field({}, description="How to get there")

    @field_validator("geometry")
    @classmethod
    def _geojson(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None and ("type" not in value or "coordinates" not in value):
            raise ValueError("a GeoJSON geometry needs 'type' and 'coordinates'")
        return value


class Contact(Part):
    kind: str = Field(
        pattern=r"^(phone|mobile|fax|email|website|facebook|instagram|twitter|youtube|tiktok|"
        r"linkedin|tripadvisor|social|other)$"
    )
    value: str = Field(min_length=1)
    role: str = Field("main", pattern=r"^(main|booking|management|information|other)$")
    label: str = ""
    public: bool = True


class Link(Part):
    """A typed link to another object of the catalog, by id or by source reference."""

    kind: str = Field(description="venue, stage, restaurant, accommodation, related, ...")
    target: str = Field(description="OpenSIT id, or 'system:source_id' before it is resolved")
    order: int | None = None
    label: LangText = {}


class Booking(Part):
    url: str = ""
    email: str = ""
    phone: str = ""
    organisation: str = ""
    notes: LangText = {}
