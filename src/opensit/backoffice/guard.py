"""Refusals as real 403 pages.

Wagtail turns a PermissionDenied raised in an admin view into a redirect to the dashboard;
the back-office answers 403 with the service's message instead, so that a refused edit is
visible to people, browsers and tests alike.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def refusals_as_403(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
            return response
        except PermissionDenied as exc:
            return TemplateResponse(
                request,
                "backoffice/forbidden.html",
                {
                    "page_title": _("Not allowed"),
                    "header_icon": "warning",
                    "message": str(exc) or _("You may not do this."),
                },
                status=403,
            ).render()

    return wrapper
