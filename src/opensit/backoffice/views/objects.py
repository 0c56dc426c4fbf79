"""The object list: filters, search and bulk actions, scoped to the acting organisation."""

from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.backoffice.forms.editor import type_choices
from opensit.catalog import services
from opensit.catalog.models import TourismObject
from opensit.catalog.policy import Action, may_ever, objects_for
from opensit.catalog.types import descendants
from opensit.diffusion import services as diffusion
from opensit.diffusion.models import Selection
from opensit.diffusion.services import can_edit_selection
from opensit.network import communes
from opensit.network.models import Organisation
from opensit.network.permissions import Actor
from opensit.search.params import MAX_LIMIT
from opensit.search.query import SearchParams, search

PAGE_SIZE = 50


class ObjectFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    type = forms.ChoiceField(label=gettext_lazy("Type"), required=False)
    commune = forms.CharField(
        label=gettext_lazy("Commune"),
        required=False,
        max_length=120,
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("Name, postal code or INSEE code")}
        ),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", "—"), *TourismObject.Status.choices[:-1]],
    )
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Owner"), required=False, queryset=Organisation.objects.none()
    )
    changed_since = forms.DateField(
        label=gettext_lazy("Changed since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    waiting = forms.BooleanField(label=gettext_lazy("Waiting for validation"), required=False)
    min_quality = forms.IntegerField(
        label=gettext_lazy("Quality at least (%)"), required=False, min_value=0, max_value=100
    )
    max_quality = forms.IntegerField(
        label=gettext_lazy("Quality at most (%)"), required=False, min_value=0, max_value=100
    )

    def __init__(self, *args: Any, scope: QuerySet[TourismObject], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "—"), *type_choices()]
        self.fields["owner"].queryset = Organisation.objects.filter(
            pk__in=scope.values("owner")
        ).order_by("name")

    def apply(self, qs: QuerySet[TourismObject]) -> QuerySet[TourismObject]:
        data = self.cleaned_data
        if data.get("type"):
            qs = qs.filter(type__in=descendants(data["type"]))
        if data.get("commune"):
            qs = qs.filter(commune_insee__in=communes.insee_codes(data["commune"]))
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("owner"):
            qs = qs.filter(owner=data["owner"])
        if data.get("changed_since"):
            since = timezone.make_aware(datetime.combine(data["changed_since"], time.min))
            qs = qs.filter(updated_at__gte=since)
        if data.get("waiting"):
            from opensit.catalog.models import Proposal

            pending = Proposal.objects.filter(object=OuterRef("pk"), status="pending")
            qs = qs.filter(Exists(pending))
        if data.get("min_quality") is not None:
            qs = qs.filter(quality__score__gte=data["min_quality"])
        if data.get("max_quality") is not None:
            qs = qs.filter(quality__score__lte=data["max_quality"])
        if data.get("q"):
            qs = search_objects(qs, data["q"])
        return qs


def search_objects(qs: QuerySet[TourismObject], text: str) -> QuerySet[TourismObject]:
    """Full-text matches from opensit.search (it indexes published objects), plus a name match
    so that drafts and unpublished objects are found too."""
    text = text.strip()
    by_name = Q(name__icontains=text)
    try:
        ids = search(SearchParams(q=text, limit=MAX_LIMIT)).ids
    except ValueError:  # SearchError: a query the engine refuses falls back to the name
        return qs.filter(by_name)
    return qs.filter(Q(pk__in=ids) | by_name)


# Shown folded under "More filters" unless one of them is in use: the list comes first.
MORE_FILTERS = ("owner", "changed_since", "waiting", "min_quality", "max_quality")


def object_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    scope = objects_for(actor, Action.VIEW)
    filters = ObjectFilterForm(request.GET or None, scope=scope)
    qs = scope.select_related("owner")
    if filters.is_bound and filters.is_valid():
        qs = filters.apply(qs)
    qs = qs.select_related("quality")
    page = Paginator(qs.order_by("-updated_at", "pk"), PAGE_SIZE).get_page(request.GET.get("p"))
    names = communes.names(obj.commune_insee for obj in page)
    for obj in page:  # the name people know, else the document's, else the code
        commune = obj.document.get("location", {}).get("commune") or {}
        obj.commune_label = names.get(obj.commune_insee) or commune.get("name") or obj.commune_insee
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "backoffice/object_list.html",
        {
            "page_title": _("Tourism objects"),
            "header_icon": "list-ul",
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "actor": actor,
            "transfer_targets": Organisation.objects.order_by("name"),
            "selections": _selections(actor),
            "more_filters": MORE_FILTERS,
            "may_publish": may_ever(actor, Action.PUBLISH),
            "may_transfer": may_ever(actor, Action.MANAGE),
            "more_filters_used": any(
                filters.is_bound and filters.data.get(name) for name in MORE_FILTERS
            ),
        },
    )


def _selections(actor: Actor) -> list[Any]:
    """The hand-picked selections this actor may add objects to."""
    rows = Selection.objects.filter(kind=Selection.Kind.LIST).select_related("organisation")
    return [row for row in rows.order_by("name") if can_edit_selection(actor, row)]


def _add_to_selection(actor: Actor, selection_id: str, objects: list[TourismObject]) -> str:
    selection = Selection.objects.filter(pk=selection_id or None).first()
    if selection is None:
        raise ValueError(_("Choose the selection to add the objects to."))
    diffusion.add_to_selection(actor, selection, [obj.pk for obj in objects])
    return selection.name


BULK_ACTIONS = ("publish", "unpublish", "transfer", "select")


def _local_next(request: HttpRequest) -> str:
    """The page to go back to: `next` when it stays on this site (it comes from the form, so
    an outside address would make the back-office an open redirect), else the object list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("opensit_objects")


@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    """Apply one action to the ticked objects, each through the catalog services.

    Every object is tried; refusals and errors are reported by name, the others go on.
    """
    actor = current_actor(request)
    action = request.POST.get("action", "")
    ids = request.POST.getlist("ids")
    back = redirect(_local_next(request))
    if action not in BULK_ACTIONS or not ids:
        messages.error(request, _("Choose an action and at least one object."))
        return back
    reason = request.POST.get("reason", "").strip()
    new_owner = None
    if action == "unpublish" and not reason:
        messages.error(request, _("A reason is required to unpublish."))
        return back
    if action == "transfer":
        new_owner = Organisation.objects.filter(pk=request.POST.get("new_owner") or None).first()
        if new_owner is None:
            messages.error(request, _("Choose the organisation that will own the objects."))
            return back
    if action == "select":
        objects = list(objects_for(actor, Action.VIEW).filter(pk__in=ids))
        try:
            name = _add_to_selection(actor, request.POST.get("selection", ""), objects)
        except (PermissionDenied, ValueError) as exc:
            messages.error(request, str(exc))
            return back
        messages.success(
            request,
            _("%(count)d object(s) added to “%(name)s”.") % {"count": len(objects), "name": name},
        )
        return back
    done, failed = 0, []
    for obj in objects_for(actor, Action.VIEW).filter(pk__in=ids):
        try:
            if action == "publish":
                services.publish(actor, obj)
            elif action == "unpublish":
                services.unpublish(actor, obj, reason)
            else:
                services.transfer_ownership(actor, obj, new_owner)
            done += 1
        except (PermissionDenied, ValueError) as exc:
            failed.append(f"{obj.name}: {exc}")
    if done:
        messages.success(request, _("%(count)d object(s) done.") % {"count": done})
    for failure in failed:
        messages.error(request, failure)
    return back
