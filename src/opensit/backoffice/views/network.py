"""Organisation pages and the network admin screens (organisations, vocabularies)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opensit.backoffice.context import choose_organisation, current_actor, memberships
from opensit.catalog.models import TourismObject, VocabularyEntry, VocabularyRequest
from opensit.network.models import Membership, Organisation
from opensit.network.permissions import Actor, can_manage_members
from opensit.network.services import pending_invitations


@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        raise PermissionDenied(_("Choose one of your organisations.")) from None
    organisation = choose_organisation(request, organisation_id)
    messages.success(request, _("You now act for %(org)s.") % {"org": organisation})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "opensit_objects"
    return redirect(target)


def _may_see(actor: Actor, organisation: Organisation) -> bool:
    """Network admins see every organisation; members see theirs and the ones they created."""
    if actor.is_network_admin:
        return True
    return actor.org_id in (organisation.pk, organisation.parent_id)


def organisation_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    qs = Organisation.objects.annotate(
        member_count=Count("memberships", distinct=True),
        owned_count=Count("owned_objects", distinct=True),
    ).order_by("name")
    if not actor.is_network_admin:
        mine = [row.organisation_id for row in memberships(request)]
        qs = qs.filter(Q(pk__in=mine) | Q(parent__in=mine))
    return TemplateResponse(
        request,
        "backoffice/organisation_list.html",
        {
            "page_title": _("Organisations"),
            "header_icon": "group",
            "organisations": qs,
            "can_create": actor.is_network_admin,
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = current_actor(request)
    organisation = get_object_or_404(Organisation, slug=slug)
    if not _may_see(actor, organisation):
        raise PermissionDenied(_("You may not see %(org)s.") % {"org": organisation})
    communes = list(organisation.communes.order_by("name"))
    points = [
        {"name": c.name, "insee": c.insee, "lat": c.latitude, "lon": c.longitude}
        for c in communes
        if c.latitude is not None and c.longitude is not None
    ]
    live = TourismObject.objects.exclude(status=TourismObject.Status.DELETED)
    manage = can_manage_members(actor, organisation)
    return TemplateResponse(
        request,
        "backoffice/organisation_detail.html",
        {
            "page_title": organisation.name,
            "page_subtitle": organisation.get_kind_display(),
            "header_icon": "group",
            "organisation": organisation,
            "members": organisation.memberships.select_related("user").order_by(
                "role", "user__username"
            ),
            "communes": communes,
            "commune_points": points,
            "owned": live.filter(owner=organisation).order_by("name")[:200],
            "owned_count": live.filter(owner=organisation).count(),
            "coedited": live.filter(coeditors=organisation).order_by("name")[:200],
            "children": organisation.children.order_by("name"),
            "can_manage_members": manage,
            "can_edit": actor.is_network_admin,
            "roles": Membership.Role.choices,
            "invitations": pending_invitations(organisation) if manage else [],
        },
    )


def vocabulary_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    scheme = request.GET.get("scheme", "")
    entries = VocabularyEntry.objects.order_by("scheme", "code")
    if scheme:
        entries = entries.filter(scheme=scheme)
    counts = dict(
        VocabularyEntry.objects.values_list("scheme")
        .annotate(n=Count("id"))
        .values_list("scheme", "n")
    )
    return TemplateResponse(
        request,
        "backoffice/vocabulary_list.html",
        {
            "page_title": _("Vocabularies"),
            "header_icon": "tag",
            "schemes": [
                (value, label, counts.get(value, 0))
                for value, label in VocabularyEntry.Scheme.choices
            ],
            "scheme": scheme,
            "entries": entries[:500],
            "languages": ["fr", "en"],
            "can_govern": actor.is_network_admin,
            "pending_requests": VocabularyRequest.objects.filter(
                status=VocabularyRequest.Status.PENDING
            ).count()
            if actor.is_network_admin
            else 0,
        },
    )


def back_to_objects(request: HttpRequest) -> HttpResponse:
    return redirect("opensit_objects")


def _network_admin(request: HttpRequest) -> Actor:
    actor = current_actor(request)
    if not actor.is_network_admin:
        raise PermissionDenied(_("Only network administrators see this screen."))
    return actor
