"""An object's history: every revision with who, for whom, why; the diff of a revision against
the one before, per language; restore an old revision (a new revision, through the services)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.backoffice.views.editor import editable_object
from opensit.backoffice.views.proposals import diff_rows
from opensit.catalog import history


def object_history(request: HttpRequest, pk: str) -> HttpResponse:
    obj = editable_object(request, pk)
    revisions = list(history.history(obj)[:100])
    shown = request.GET.get("rev", "")
    number = int(shown) if shown.isdigit() else None
    rows = []
    if number and number > 1:
        try:
            rows = diff_rows(history.revision_diff(obj, number - 1, number))
        except ValueError as exc:
            messages.error(request, str(exc))
    return TemplateResponse(
        request,
        "backoffice/history.html",
        {
            "page_title": _("History"),
            "page_subtitle": obj.name,
            "header_icon": "history",
            "obj": obj,
            "revisions": revisions,
            "shown": number,
            "rows": rows,
        },
    )


@require_POST
def object_restore(request: HttpRequest, pk: str) -> HttpResponse:
    obj = editable_object(request, pk)
    try:
        number = int(request.POST.get("number", ""))
        changed = history.restore(
            current_actor(request), obj, number, request.POST.get("comment", "")
        )
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("opensit_object_history", pk=obj.pk)
    if changed:
        messages.success(request, _("Revision %(number)s restored.") % {"number": number})
    else:
        messages.info(request, _("Nothing changed."))
    return redirect("opensit_object_history", pk=obj.pk)
