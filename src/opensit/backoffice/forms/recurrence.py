"""The recurrence editor: an RFC 5545 RRULE built from frequency, interval, weekdays and an end
(until a date or a count), and read back into those fields when an event is edited again."""

from contextlib import suppress
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opensit.backoffice.forms.parts import json_ready

FREQUENCIES = [
    ("DAILY", _("Daily")),
    ("WEEKLY", _("Weekly")),
    ("MONTHLY", _("Monthly")),
    ("YEARLY", _("Yearly")),
]
RRULE_DAYS = [
    ("MO", _("Mon")),
    ("TU", _("Tue")),
    ("WE", _("Wed")),
    ("TH", _("Thu")),
    ("FR", _("Fri")),
    ("SA", _("Sat")),
    ("SU", _("Sun")),
]


def build_rrule(
    freq: str, interval: int | None, weekdays: list[str], until: date | None, count: int | None
) -> str:
    """`FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;UNTIL=20261231` from the builder's fields."""
    parts = [f"FREQ={freq}"]
    if interval and interval > 1:
        parts.append(f"INTERVAL={interval}")
    if weekdays:
        order = [code for code, _label in RRULE_DAYS]
        parts.append("BYDAY=" + ",".join(sorted(weekdays, key=order.index)))
    if until:
        parts.append(f"UNTIL={until:%Y%m%d}")
    elif count:
        parts.append(f"COUNT={count}")
    return ";".join(parts)


def parse_rrule(rule: str) -> dict[str, Any]:
    """The builder's fields from a stored rule; unknown parts are kept in `rrule` (raw)."""
    fields: dict[str, Any] = {"rrule": rule}
    for part in rule.removeprefix("RRULE:").split(";"):
        key, _sep, value = part.partition("=")
        if key == "FREQ":
            fields["freq"] = value
        elif key == "INTERVAL" and value.isdigit():
            fields["interval"] = int(value)
        elif key == "BYDAY":
            fields["weekdays"] = [day[-2:] for day in value.split(",") if day]
        elif key == "COUNT" and value.isdigit():
            fields["count"] = int(value)
        elif key == "UNTIL" and len(value) >= 8:
            with suppress(ValueError):
                fields["until"] = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    return fields


class RecurrenceForm(forms.Form):
    """One recurrence rule, built from the fields (the RRULE field is its preview)."""

    start_date = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    freq = forms.ChoiceField(label=_("Frequency"), choices=FREQUENCIES, initial="WEEKLY")
    interval = forms.IntegerField(label=_("Every"), min_value=1, required=False, initial=1)
    weekdays = forms.MultipleChoiceField(
        label=_("On"), choices=RRULE_DAYS, required=False, widget=forms.CheckboxSelectMultiple
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    count = forms.IntegerField(label=_("Or times"), min_value=1, required=False)
    start_time = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("To"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    exdates = forms.CharField(
        label=_("Excluded dates"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_("Excluded dates, kept as they were (ISO dates, comma separated)."),
    )
    rrule = forms.CharField(
        label=_("Rule (RRULE)"),
        required=False,
        help_text=_("Built from the fields above."),
        widget=forms.TextInput(attrs={"class": "opensit-rrule", "readonly": "readonly"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("freq") and not self.errors:
            if not data.get("until") and not data.get("count"):
                self.add_error("until", _("Give an end date or a number of times."))
            data["rrule"] = build_rrule(
                data["freq"],
                data.get("interval"),
                data.get("weekdays") or [],
                data.get("until"),
                data.get("count"),
            )
        return data

    def to_part(self) -> dict[str, Any]:
        data = self.cleaned_data
        excluded = (data.get("exdates") or "").replace(" ", "").split(",")
        return {
            "start_date": data["start_date"],
            "rrule": data["rrule"],
            "start_time": data.get("start_time"),
            "end_time": data.get("end_time"),
            "exdates": [day for day in excluded if day],
        }

    def apply_to(self, part: dict[str, Any]) -> dict[str, Any]:
        """The stored rule with what the person changed; a rule they did not touch keeps its
        own text (parts the builder does not know, such as BYMONTHDAY, included)."""
        part = dict(part)
        fresh = self.to_part()
        changed = set(self.changed_data)
        if changed & RULE_FIELDS:
            part["rrule"] = fresh["rrule"]
        for name in ("start_date", "start_time", "end_time", "exdates"):
            if name in changed:
                value = json_ready(fresh[name])
                if value in (None, [], ""):
                    part.pop(name, None)
                else:
                    part[name] = value
        return part


RULE_FIELDS = frozenset({"freq", "interval", "weekdays", "until", "count"})
