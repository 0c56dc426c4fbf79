"""What the catalog pages (listing, agenda, search) share: the destination a page belongs to
(also in the admin's preview, which is not on the site's host), and the 4xx page of a bad
parameter."""

from typing import Any

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from opensit.sites.models.destination import Destination
from opensit.sites.params import BadParameter


def destination_of(page: Any, request: HttpRequest) -> Destination | None:
    found = getattr(request, "destination", None)
    if found is not None:
        return found
    site = page.get_site()
    return Destination.objects.filter(site=site).first() if site else None


def page_language(page: Any) -> str:
    return get_language() or page.locale.language_code


def bad_parameter(request: HttpRequest, page: Any, error: BadParameter) -> TemplateResponse:
    """The page that names the parameter refused, with a link back to the page."""
    return TemplateResponse(
        request,
        "sites/bad_parameter.html",
        {"page": page, "self": page, "request": request, "error": error},
        status=error.status,
    )


def serve_checked(serve: Any, page: Any, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
    """`serve` (the page's usual one), a `BadParameter` raised while building the page answered
    with the 4xx page. A function, not a mixin: a mixin would be a base class in migrations,
    which never import live code."""
    try:
        return serve(request, *args, **kwargs)
    except BadParameter as error:
        return bad_parameter(request, page, error)
