"""The network-wide audit log: who did what, for which organisation, when and from where.
Network admins see every entry; an organisation's admins see their organisation's entries.
Each entry shows its action's label and a link to its object (`opensit.core.audit_types`)."""

from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from opensit.backoffice.context import current_actor
from opensit.catalog.history import audit_log as query
from opensit.core.audit_types import ACTIONS, shown
from opensit.core.models import AuditEntry, Origin
from opensit.network.models import Membership, Organisation

PER_PAGE = 100


def _filters(request: HttpRequest, errors: dict[str, str]) -> dict:
    """The query's filters from the GET parameters; a bad value is reported by name."""
    get = request.GET
    filters: dict = {}
    if get.get("organisation"):
        filters["organisation"] = Organisation.objects.filter(slug=get["organisation"]).first()
        if filters["organisation"] is None:
            errors["organisation"] = _("Unknown organisation “%(value)s”.") % {
                "value": get["organisation"]
            }
    if get.get("user"):
        filters["user"] = get_user_model().objects.filter(username=get["user"]).first()
        if filters["user"] is None:
            errors["user"] = _("Unknown user “%(value)s”.") % {"value": get["user"]}
    if get.get("action"):
        filters["action"] = get["action"].strip()
    if get.get("origin"):
        if get["origin"] not in Origin.values:
            errors["origin"] = _("Unknown origin “%(value)s”.") % {"value": get["origin"]}
        filters["origin"] = get["origin"]
    if get.get("object"):
        filters["object_id"] = get["object"].strip()
    for name, bound in (("since", time.min), ("until", time.max)):
        if get.get(name):
            day = parse_date(get[name]) if len(get[name]) <= 10 else None
            if day is None:
                errors[name] = _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": get[name]}
            else:
                filters[name] = timezone.make_aware(datetime.combine(day, bound))
    return filters


def audit_log(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not (actor.is_network_admin or actor.role == Membership.Role.ADMIN):
        raise PermissionDenied(_("Only administrators see the audit log."))
    errors: dict[str, str] = {}
    filters = _filters(request, errors)
    if errors:
        entries = AuditEntry.objects.none()
    else:
        if not actor.is_network_admin:
            filters["organisation"] = actor.organisation
        entries = query(**filters).order_by("-id")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    organisations = (
        Organisation.objects.order_by("name") if actor.is_network_admin else [actor.organisation]
    )
    params = request.GET.copy()
    params.pop("page", None)
    return TemplateResponse(
        request,
        "backoffice/audit_log.html",
        {
            "page_title": _("Audit log"),
            "header_icon": "history",
            "page": page,
            "rows": shown(page),
            "errors": errors,
            "values": request.GET,
            "query": params.urlencode(),
            "organisations": organisations,
            "is_network_admin": actor.is_network_admin,
            "origins": Origin.choices,
            "actions": sorted(
                (code, str(kind.label)) for code, kind in ACTIONS.items() if not kind.legacy
            ),
        },
        status=400 if errors else 200,
    )
