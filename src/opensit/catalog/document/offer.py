"""What it costs, what it holds, and what it offers."""

from datetime import date

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from opensit.catalog.document.base import Part
from opensit.catalog.document.values import (
    Code,
    LabelText,
    LongText,
    ShortText,
    codes,
    single_line,
)

PRICES = 1_000
Unit = single_line(100)


class PricePeriod(Part):
    """A further date range a price applies on (the first is `period_start`/`period_end`)."""

    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "PricePeriod":
        if self.start and self.end and self.end < self.start:
            raise PydanticCustomError(
                "period_order",
                "period ends ({end}) before it starts ({start})",
                {"end": str(self.end), "start": str(self.start)},
            )
        return self


class Price(Part):
    """One row of a price list. What a source says of the row is kept apart: who it is for
    (`audiences`, `policy`), what it is per (`unit`, `further_units`), when (`season`,
    periods) and on which conditions, so that two rows never come out identical."""

    label: ShortText = {}
    policy: Code = Field("", description="Pricing policy code: full rate, child rate, free...")
    audiences: codes(50) = Field([], description="Who the price is for: children, groups...")
    offer: Code = Field("", description="Pricing offer code: package, season ticket...")
    min: float | None = Field(None, ge=0)
    max: float | None = Field(None, ge=0)
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$")
    unit: Unit = Field("", description="per person, per night, per week, per pitch...")
    further_units: list[Unit] = Field(
        [], max_length=20, description="Further units the price is per: per pitch and per week"
    )
    season: LabelText = Field({}, description="Season name: high season, winter...")
    period_start: date | None = None
    period_end: date | None = None
    further_periods: list[PricePeriod] = Field([], max_length=100)
    conditions: ShortText = Field({}, description="Conditions and details of this price")
    free: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> "Price":
        if self.min is not None and self.max is not None and self.max < self.min:
            raise PydanticCustomError(
                "price_order",
                "maximum price {max} is below the minimum {min}",
                {"max": self.max, "min": self.min},
            )
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
