"""The quality of one object: completeness, what is missing, and the warnings."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from opensit.backoffice.context import current_actor
from opensit.catalog.models import TourismObject
from opensit.network.permissions import can_edit
from opensit.quality import services
from opensit.quality.completeness import rules_for


def object_quality(request: HttpRequest, pk: str) -> HttpResponse:
    obj = get_object_or_404(TourismObject.objects.exclude(status="deleted"), pk=pk)
    actor = current_actor(request)
    try:
        quality = services.object_quality(actor, obj)
    except TourismObject.DoesNotExist:
        raise Http404(_("No such object.")) from None
    required = {rule.field for rule in rules_for(obj.type) if rule.required}
    missing = [
        {"field": field, "required": field in required}
        for field in (quality.missing if quality else [])
    ]
    return TemplateResponse(
        request,
        "quality/object.html",
        {
            "page_title": _("Quality of “%(name)s”") % {"name": obj.name},
            "header_icon": "doc-full-inverse",
            "obj": obj,
            "quality": quality,
            "missing": missing,
            "can_edit": can_edit(actor, obj),
        },
    )
