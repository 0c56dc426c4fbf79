"""The object editor: create and edit through catalog.services, status changes with a reason."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.backoffice.forms.editor import TABS, DocumentEditor, type_choices
from opensit.catalog import services, workflow
from opensit.catalog.models import TourismObject
from opensit.catalog.types import TYPES
from opensit.network.models import Membership
from opensit.network.permissions import can_edit, can_manage, can_propose, visible_objects

# The provider's simple form: the tabs of what a provider may propose (workflow.PROVIDER_FIELDS).
PROVIDER_TABS = ("texts", "dates", "prices", "media")


def _render(
    request: HttpRequest, editor: DocumentEditor, obj: TourismObject | None, status: int = 0
) -> HttpResponse:
    actor = current_actor(request)
    provider_mode = bool(
        obj and actor.role == Membership.Role.CONTRIBUTOR and not can_edit(actor, obj)
    )
    return TemplateResponse(
        request,
        "backoffice/editor.html",
        {
            "page_title": obj.name if obj else _("New object"),
            "page_subtitle": TYPES[editor.type_code].label(request.LANGUAGE_CODE),
            "header_icon": "edit",
            "editor": editor,
            "form": editor.form,
            "tabs": [tab for tab in TABS if tab[0] in PROVIDER_TABS] if provider_mode else TABS,
            "provider_mode": provider_mode,
            "error_tabs": editor.tab_errors() if editor.has_errors else set(),
            "obj": obj,
            "can_manage": bool(obj and can_manage(actor, obj)),
            "can_edit": bool(obj and can_edit(actor, obj)),
            "pending": list(obj.proposals.filter(status="pending")) if obj else [],
            "statuses": TourismObject.Status,
            "languages": [code for code, _name in settings.LANGUAGES],
        },
        status=status or (400 if editor.has_errors else 200),
    )


def object_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    type_code = request.GET.get("type") or request.POST.get("type")
    if type_code not in TYPES:
        return TemplateResponse(
            request,
            "backoffice/choose_type.html",
            {"page_title": _("New object"), "header_icon": "plus", "types": type_choices()},
        )
    editor = DocumentEditor(type_code, {"type": type_code}, request.POST or None)
    if request.method == "POST":
        document = editor.validated()
        if document is not None:
            obj = services.create_object(actor, document)
            messages.success(request, _("“%(name)s” created.") % {"name": obj.name})
            return redirect("opensit_object_edit", pk=obj.pk)
    return _render(request, editor, None)


def editable_object(request: HttpRequest, pk: str) -> TourismObject:
    """The object, if the acting organisation may edit it or propose changes to it.

    Proposing is offered only inside the actor's scope (a contributor's establishments):
    anything else is a 403.
    """
    obj = get_object_or_404(TourismObject, pk=pk)
    actor = current_actor(request)
    if can_edit(actor, obj):
        return obj
    if can_propose(actor, obj) and visible_objects(actor).filter(pk=obj.pk).exists():
        return obj
    raise PermissionDenied(_("You may not edit “%(name)s”.") % {"name": obj.name})


def object_edit(request: HttpRequest, pk: str) -> HttpResponse:
    obj = editable_object(request, pk)
    actor = current_actor(request)
    type_code = request.POST.get("type") if request.method == "POST" else obj.type
    editor = DocumentEditor(
        type_code if type_code in TYPES else obj.type, obj.document, request.POST or None
    )
    if request.method == "POST":
        document = editor.validated()
        if document is not None:
            try:
                outcome = workflow.edit(actor, obj, document, request.POST.get("comment", ""))
            except PermissionDenied as exc:
                # Source-owned fields, or fields a provider may not change: said on the form.
                editor.non_field_errors.append(str(exc))
                return _render(request, editor, obj, status=403)
            name = document.name.get("fr") or obj.name
            if outcome.kind == "updated":
                messages.success(request, _("“%(name)s” saved.") % {"name": name})
            elif outcome.kind == "proposed":
                messages.success(
                    request,
                    _("Your changes to “%(name)s” are proposed to its owner for validation.")
                    % {"name": name},
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("opensit_object_edit", pk=obj.pk)
    return _render(request, editor, obj)


STATUS_ACTIONS = {
    "publish": lambda actor, obj, reason: services.publish(actor, obj, reason),
    "unpublish": services.unpublish,
    "archive": services.archive,
    "delete": services.delete_object,
    "submit": workflow.submit_for_review,
}


@require_POST
def object_status(request: HttpRequest, pk: str) -> HttpResponse:
    obj = editable_object(request, pk)
    action = request.POST.get("action", "")
    if action not in STATUS_ACTIONS:
        messages.error(request, _("Unknown action %(action)s.") % {"action": action})
        return redirect("opensit_object_edit", pk=obj.pk)
    try:
        STATUS_ACTIONS[action](current_actor(request), obj, request.POST.get("reason", ""))
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("opensit_object_edit", pk=obj.pk)
    obj.refresh_from_db()
    messages.success(
        request,
        _("“%(name)s” is now %(status)s.") % {"name": obj.name, "status": obj.get_status_display()},
    )
    if obj.status == TourismObject.Status.DELETED:
        return redirect("opensit_objects")
    return redirect("opensit_object_edit", pk=obj.pk)
