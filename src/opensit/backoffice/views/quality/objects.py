"""The quality of one object: completeness, what is missing, and the warnings."""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from opensit.backoffice.context import current_actor
from opensit.catalog.models import TourismObject
from opensit.catalog.policy import Action, allows, get_or_refuse
from opensit.quality import services
from opensit.quality.completeness import rules_for


def object_quality(request: HttpRequest, pk: str) -> HttpResponse:
    actor = current_actor(request)
    obj = get_or_refuse(actor, Action.VIEW, pk, _("You may not see “%(name)s”."))
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
            "can_edit": allows(actor, Action.EDIT, obj),
        },
    )
