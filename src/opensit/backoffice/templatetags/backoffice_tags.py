"""Template helpers of the back-office screens."""

from typing import Any

from django import template

from opensit.backoffice.context import current_organisation, memberships
from opensit.backoffice.forms.labels import field_label

register = template.Library()


@register.inclusion_tag("backoffice/_org_switcher.html", takes_context=True)
def organisation_switcher(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    return {
        "memberships": memberships(request),
        "current": current_organisation(request),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def lang(text: dict[str, str] | None, code: str) -> str:
    return (text or {}).get(code, "")


@register.filter
def type_label(code: str) -> str:
    """The type's name in the active language (French or English), else its code."""
    from django.utils.translation import get_language

    from opensit.catalog.types import TYPES

    found = TYPES.get(code)
    return found.label((get_language() or "fr")[:2]) if found else code


@register.filter
def field_labels(paths: Any) -> str:
    """Document fields (`opening`, `name.fr`) as the editor names them, comma separated."""
    return ", ".join(field_label(str(path)) for path in paths)
