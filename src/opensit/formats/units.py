"""What a price is per: the unit codes people and the demo write, and the labels every
output shows them by (the editor's choices, the sites' price tables)."""

from django.utils.translation import gettext_lazy as _

PRICE_UNITS = {
    "person": _("per person"),
    "night": _("per night"),
    "room": _("per room"),
    "pitch": _("per pitch"),
    "day": _("per day"),
    "week": _("per week"),
    "weekend": _("per weekend"),
    "month": _("per month"),
    "hour": _("per hour"),
    "stay": _("per stay"),
    "group": _("per group"),
    "vehicle": _("per vehicle"),
}
#: Units stored as importers write them (Tourinsoft: "per night"), shown by the same labels;
#: any other stored unit is shown as it is.
UNIT_LABELS = {**PRICE_UNITS, **{f"per {code}": label for code, label in PRICE_UNITS.items()}}


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))
