"""Ownership and co-editing of one object: grant or revoke co-editing to another organisation,
transfer ownership (the owner's admins, or network admins), with the audit trail of these
decisions. catalog.services checks the rights and writes the audit log."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from opensit.backoffice.context import current_actor
from opensit.catalog import services
from opensit.catalog.models import TourismObject
from opensit.catalog.policy import Action, allows, get_or_refuse
from opensit.core.models import AuditEntry
from opensit.network.models import Organisation

SHARING_ACTIONS = ("catalog.grant_coediting", "catalog.revoke_coediting", "catalog.transfer")


def _organisation(request: HttpRequest) -> Organisation:
    slug = request.POST.get("organisation", "")
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise ValueError(
            _("Organisation: choose an organisation (unknown “%(slug)s”).") % {"slug": slug}
        )
    return organisation


def _apply(request: HttpRequest, obj: TourismObject) -> None:
    actor = current_actor(request)
    action = request.POST.get("action", "")
    target = _organisation(request)
    if action == "grant":
        if target.pk == obj.owner_id:
            raise ValueError(_("%(org)s already owns this object.") % {"org": target})
        services.grant_coediting(actor, obj, target)
        messages.success(
            request, _("%(org)s may now co-edit “%(name)s”.") % {"org": target, "name": obj.name}
        )
    elif action == "revoke":
        services.revoke_coediting(actor, obj, target)
        messages.success(
            request, _("%(org)s no longer co-edits “%(name)s”.") % {"org": target, "name": obj.name}
        )
    elif action == "transfer":
        if target.pk == obj.owner_id:
            raise ValueError(_("%(org)s already owns this object.") % {"org": target})
        services.transfer_ownership(actor, obj, target)
        messages.success(
            request, _("“%(name)s” now belongs to %(org)s.") % {"org": target, "name": obj.name}
        )
    else:
        raise ValueError(_("Unknown action %(action)s.") % {"action": action})


def object_sharing(request: HttpRequest, pk: str) -> HttpResponse:
    actor = current_actor(request)
    obj = get_or_refuse(
        actor,
        Action.EDIT,
        pk,
        _("You may not see who shares “%(name)s”."),
        queryset=TourismObject.objects.select_related("owner"),
    )
    if request.method == "POST":
        try:
            _apply(request, obj)
        except ValueError as exc:
            messages.error(request, str(exc))
        return redirect("opensit_object_sharing", pk=obj.pk)
    coeditors = list(obj.coeditors.order_by("name"))
    others = Organisation.objects.exclude(
        Q(pk=obj.owner_id) | Q(pk__in=[o.pk for o in coeditors])
    ).exclude(kind__in=[Organisation.Kind.SOURCE, Organisation.Kind.PROVIDER])
    return TemplateResponse(
        request,
        "backoffice/object_sharing.html",
        {
            "page_title": _("Ownership and co-editing"),
            "page_subtitle": obj.name,
            "header_icon": "group",
            "obj": obj,
            "coeditors": coeditors,
            "candidates": others.order_by("name"),
            "can_manage": allows(actor, Action.MANAGE, obj),
            "trail": AuditEntry.objects.filter(object_id=obj.pk, action__in=SHARING_ACTIONS)
            .select_related("user", "organisation")
            .order_by("-id")[:50],
        },
    )
