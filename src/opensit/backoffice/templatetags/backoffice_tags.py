"""Template helpers of the back-office screens."""

from typing import Any

from django import template

from opensit.backoffice.context import current_organisation, memberships

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
