"""The document's validation errors in the reader's language.

Pydantic writes its messages in English (« Input should be less than or equal to 90 »); the
editor shows each error by its `type` and context instead, translated here. A type nobody
translated yet shows a generic message with Pydantic's text after it, never nothing.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from pydantic_core import ErrorDetails

MESSAGES: dict[str, Any] = {
    # Pydantic's own types (pydantic_core.ErrorType), with their context keys.
    "missing": _("This field is required."),
    "less_than_equal": _("Must be less than or equal to %(le)s."),
    "less_than": _("Must be less than %(lt)s."),
    "greater_than_equal": _("Must be greater than or equal to %(ge)s."),
    "greater_than": _("Must be greater than %(gt)s."),
    "string_too_long": _("At most %(max_length)s characters."),
    "string_too_short": _("At least %(min_length)s characters."),
    "too_long": _("At most %(max_length)s items."),
    "too_short": _("At least %(min_length)s items."),
    "string_type": _("Enter a text."),
    "string_pattern_mismatch": _("This value does not have the expected form."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "float_parsing": _("Enter a number."),
    "float_type": _("Enter a number."),
    "finite_number": _("Enter a finite number."),
    "decimal_parsing": _("Enter a number."),
    "bool_parsing": _("Enter yes or no."),
    "bool_type": _("Enter yes or no."),
    "url_parsing": _("Enter a valid web address."),
    "url_type": _("Enter a valid web address."),
    "url_scheme": _("Enter a web address starting with http:// or https://."),
    "date_parsing": _("Enter a valid date."),
    "date_from_datetime_parsing": _("Enter a valid date."),
    "date_type": _("Enter a valid date."),
    "time_parsing": _("Enter a valid time."),
    "time_type": _("Enter a valid time."),
    "datetime_parsing": _("Enter a valid date and time."),
    "datetime_type": _("Enter a valid date and time."),
    "enum": _("Choose one of: %(expected)s."),
    "literal_error": _("Choose one of: %(expected)s."),
    "extra_forbidden": _("This field is not allowed here."),
    "dict_type": _("Unexpected value."),
    "list_type": _("Unexpected value."),
    "model_type": _("Unexpected value."),
    "json_invalid": _("Invalid JSON."),
    # The document's own checks (catalog.document), with their context keys.
    "line_break": _("Line breaks are not allowed in this single-line field."),
    "control_character": _("The control character %(char)s is not allowed."),
    "language_code": _("Not a language code (BCP 47): %(code)s."),
    "unknown_type": _("Unknown type %(value)s."),
    "name_required": _("A name is required in at least one language."),
    "unknown_aspect": _("Unknown aspect %(value)s; expected one of %(expected)s."),
    "unknown_weekday": _("Unknown day %(value)s; expected one of %(expected)s."),
    "unknown_holiday": _("Unknown public holiday %(value)s; expected one of %(expected)s."),
    "period_order": _("The period ends (%(end)s) before it starts (%(start)s)."),
    "closure_when": _("A closure needs a date or a public holiday."),
    "occurrence_order": _("The date ends (%(end)s) before it starts."),
    "rrule_invalid": _("Invalid recurrence rule %(value)s."),
    "rrule_unbounded": _("A recurrence needs an end date or a number of times."),
    "price_order": _("The maximum price %(max)s is below the minimum %(min)s."),
    "geometry": _("A GeoJSON geometry needs “type” and “coordinates”."),
}
#: A translated message for a type with other context keys than these (`too_long` of the
#: texts' languages: `n`).
LANGUAGES_TOO_MANY = _("At most %(n)s languages.")


def error_message(error: ErrorDetails) -> str:
    """The message of one Pydantic error in the active language."""
    kind = error.get("type", "")
    ctx = {key: _readable(value) for key, value in (error.get("ctx") or {}).items()}
    message = MESSAGES.get(kind)
    if kind == "too_long" and "n" in ctx:
        message = LANGUAGES_TOO_MANY
    if kind == "value_error":  # a ValueError of a validator: its text is its message
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if message is not None:
        try:
            return str(message) % ctx
        except (KeyError, TypeError, ValueError):
            pass
    return str(_("Invalid value (%(detail)s).") % {"detail": error.get("msg", kind)})


def _readable(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
