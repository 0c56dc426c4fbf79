"""What it costs, what it holds, and what it offers."""

from datetime import date

from pydantic import Field, model_validator

from opensit.catalog.document.base import Part
from opensit.catalog.document.values import LongText, ShortText, codes, single_line

PRICES = 1_000


class Price(Part):
    label: ShortText = {}
    min: float | None = Field(None, ge=0)
    max: float | None = Field(None, ge=0)
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$")
    unit: single_line(100) = Field("", description="per person, per night, per week, per pitch...")
    period_start: date | None = None
    period_end: date | None = None
    free: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> "Price":
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError(f"maximum price {self.max} is below the minimum {self.min}")
        return self


class Pricing(Part):
    free: bool | None = None
    prices: list[Price] = Field([], max_length=PRICES)
    payment_methods: codes(200) = Field([], description="Vocabulary codes (scheme payment)")
    summary: LongText = {}


class Capacity(Part):
    rooms: int | None = Field(None, ge=0)
    beds: int | None = Field(None, ge=0)
    pitches: int | None = Field(None, ge=0)
    persons: int | None = Field(None, ge=0)
    units: int | None = Field(None, ge=0, description="Rentals, flats, chalets")
    seats: int | None = Field(None, ge=0)
