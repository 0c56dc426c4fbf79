"""The object editor: create and edit through catalog.services, status changes with a reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.backoffice.forms.editor import TABS, DocumentEditor, type_choices
from opensit.catalog import services, workflow
from opensit.catalog.models import TourismObject
from opensit.catalog.policy import Action, allows, get_or_refuse
from opensit.catalog.types import TYPES
from opensit.core.langtext import active_languages
from opensit.network.models import Membership
from opensit.network.permissions import Actor

# The provider's simple form: the tabs of what a provider may propose (workflow.PROVIDER_FIELDS).
PROVIDER_TABS = ("texts", "dates", "prices", "media")


def provider_mode(actor: Actor, obj: TourismObject | None) -> bool:
    """A provider's contributor proposing changes to its establishment: the simple form."""
    return bool(
        obj and actor.role == Membership.Role.CONTRIBUTOR and not allows(actor, Action.EDIT, obj)
    )


def _render(
    request: HttpRequest,
    editor: DocumentEditor,
    obj: TourismObject | None,
    status: int = 0,
    base_version: int | None = None,
    read_only: bool = False,
) -> HttpResponse:
    actor = current_actor(request)
    simple = provider_mode(actor, obj)
    tabs = [tab for tab in TABS if tab[0] in editor.tabs]
    return TemplateResponse(
        request,
        "backoffice/editor.html",
        {
            "page_title": obj.name if obj else _("New object"),
            "page_subtitle": TYPES[editor.type_code].label(request.LANGUAGE_CODE),
            "header_icon": "edit",
            "editor": editor,
            "form": editor.form,
            "tabs": tabs,
            "tab_codes": {code for code, _label in tabs},
            "provider_mode": simple,
            "base_version": base_version or (obj.version if obj else None),
            "error_tabs": editor.tab_errors() if editor.has_errors else set(),
            "obj": obj,
            "can_manage": bool(obj and allows(actor, Action.MANAGE, obj)),
            "can_edit": bool(obj and allows(actor, Action.EDIT, obj)),
            "read_only": read_only,
            "pending": list(obj.proposals.filter(status="pending")) if obj else [],
            "statuses": TourismObject.Status,
            "languages": active_languages(),
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
    editor = DocumentEditor(type_code, {"type": type_code, "name": {}}, request.POST or None)
    if request.method == "POST":
        document = editor.validated()
        if document is not None:
            obj = services.create_object(actor, document)
            messages.success(request, _("“%(name)s” created.") % {"name": obj.name})
            return redirect("opensit_object_edit", pk=obj.pk)
    return _render(request, editor, None)


def editable_object(request: HttpRequest, pk: str) -> TourismObject:
    """The object, if the acting organisation may edit it or propose changes to it.

    Proposing is offered only inside the actor's scope (a contributor's establishments).
    An object the actor may not even read is "not found", and its name is never shown.
    """
    return get_or_refuse(
        current_actor(request), Action.CHANGE, pk, _("You may not edit “%(name)s”.")
    )


def _base_version(request: HttpRequest, obj: TourismObject) -> int:
    """The version the person opened (sent back by the form), so that a save made on an old
    version is merged with, or refused because of, what changed since."""
    raw = request.POST.get("base_version", "")
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= obj.version:
        return int(raw)
    return obj.version


def object_edit(request: HttpRequest, pk: str) -> HttpResponse:
    actor = current_actor(request)
    obj = get_or_refuse(actor, Action.VIEW, pk, _("You may not edit “%(name)s”."))
    if not allows(actor, Action.CHANGE, obj):
        # Readers (and anyone in scope who may not change it) read the same screen, disabled.
        if request.method == "POST":
            raise PermissionDenied(_("You may not edit “%(name)s”.") % {"name": obj.name})
        editor = DocumentEditor(obj.type, obj.document).read_only()
        return _render(request, editor, obj, read_only=True)
    type_code = request.POST.get("type") if request.method == "POST" else obj.type
    tabs = PROVIDER_TABS if provider_mode(actor, obj) else None
    base_version = _base_version(request, obj) if request.method == "POST" else obj.version
    try:
        base = services.base_document(obj, base_version)
    except ValueError:
        base, base_version = obj.document, obj.version
    editor = DocumentEditor(
        type_code if type_code in TYPES else obj.type, base, request.POST or None, tabs=tabs
    )
    if request.method == "POST":
        document = editor.validated()
        if document is not None:
            comment = request.POST.get("comment", "")
            try:
                outcome = workflow.edit(actor, obj, document, comment, base_version=base_version)
            except services.EditConflict as exc:
                editor.non_field_errors.append(str(exc))
                return _render(request, editor, obj, status=409, base_version=base_version)
            except PermissionDenied as exc:
                # Source-owned fields, or fields a provider may not change: said on the form.
                editor.non_field_errors.append(str(exc))
                return _render(request, editor, obj, status=403, base_version=base_version)
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
    return _render(request, editor, obj, base_version=base_version)


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
