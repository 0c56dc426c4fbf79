"""Duplicate candidates, paged; the merge tool (survivor, reason, preview, confirm) and the
“not a duplicate” dismissal."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.catalog.merge import merge_objects, merge_preview
from opensit.catalog.models import TourismObject
from opensit.catalog.policy import Action, allows
from opensit.quality import services

PAGE_SIZE = 25
REASONS = {
    "name": gettext_lazy("similar name nearby"),
    "phone": gettext_lazy("same phone"),
    "email": gettext_lazy("same email"),
    "web": gettext_lazy("same website"),
}


def reason_labels(reasons: list[str]) -> list[str]:
    return [str(REASONS.get(reason, reason)) for reason in reasons]


def duplicate_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    candidates = services.duplicate_candidates(actor)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("p"))
    ids = {i for cand in page for i in (cand.first, cand.second)}
    objects = TourismObject.objects.select_related("owner").in_bulk(list(ids))
    rows = [
        {
            "first": objects[cand.first],
            "second": objects[cand.second],
            "reasons": reason_labels(cand.reasons),
            "similarity": round(cand.similarity * 100),
        }
        for cand in page
        if cand.first in objects and cand.second in objects
    ]
    return TemplateResponse(
        request,
        "quality/duplicates.html",
        {
            "page_title": _("Duplicate candidates"),
            "header_icon": "duplicate",
            "page": page,
            "rows": rows,
        },
    )


@require_POST
def dismiss(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    try:
        first, second = services.candidate_pair(
            actor, request.POST.get("first", ""), request.POST.get("second", "")
        )
    except TourismObject.DoesNotExist:
        raise Http404(_("No such object.")) from None
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("opensit_quality_duplicates")
    services.dismiss(actor, first, second, request.POST.get("reason", ""))
    messages.success(
        request,
        _("“%(a)s” and “%(b)s” are no longer proposed as duplicates.")
        % {"a": first.name, "b": second.name},
    )
    return redirect("opensit_quality_duplicates")


def merge(request: HttpRequest, first: str, second: str) -> HttpResponse:
    """GET: choose the survivor and give a reason; with them, the preview. POST: merge."""
    actor = current_actor(request)
    try:
        a, b = services.candidate_pair(actor, first, second)
    except TourismObject.DoesNotExist:
        raise Http404(_("No such object.")) from None
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("opensit_quality_duplicates")
    data = request.POST if request.method == "POST" else request.GET
    errors: dict[str, str] = {}
    survivor = duplicate = None
    reason = data.get("reason", "").strip()
    if "survivor" in data or request.method == "POST":
        chosen = data.get("survivor", "")
        if chosen not in (a.pk, b.pk):
            errors["survivor"] = _("survivor: choose one of the two objects.")
        else:
            survivor, duplicate = (a, b) if chosen == a.pk else (b, a)
        if not reason:
            errors["reason"] = _("reason: a reason is required.")
    if request.method == "POST" and not errors:
        merged = merge_objects(actor, duplicate, survivor, reason)
        messages.success(
            request,
            _("“%(dup)s” (%(id)s) is merged into “%(name)s”; its id now leads to it.")
            % {"dup": duplicate.name, "id": duplicate.pk, "name": merged.name},
        )
        return redirect("opensit_quality_duplicates")
    preview = merge_preview(duplicate, survivor) if survivor and not errors else []
    return TemplateResponse(
        request,
        "quality/merge.html",
        {
            "page_title": _("Merge duplicates"),
            "header_icon": "duplicate",
            "pair": (a, b),
            "survivor": survivor,
            "duplicate": duplicate,
            "reason": reason,
            "errors": errors,
            "preview": preview,
            "may_merge": bool(
                survivor
                and allows(actor, Action.DELETE, duplicate)
                and allows(actor, Action.EDIT, survivor)
            ),
        },
        status=400 if errors else 200,
    )
