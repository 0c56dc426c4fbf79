"""Diffusion projects in the back-office: an organisation's admins keep their projects, scope,
keys, webhooks and see their usage; network admins also decide on access requests, validate,
suspend and set tiers. The rules are in `opensit.diffusion.services` and `access_requests`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.backoffice.forms.projects import AcceptRequestForm, ProjectForm, ScopeForm
from opensit.diffusion import access_requests, services, usage
from opensit.diffusion.models import AccessRequest, ApiKey, DiffusionProject, Webhook
from opensit.network.models import Membership
from opensit.network.permissions import Actor
from opensit.quality.charts import bar_chart

USAGE_DAYS = 30


def _may_manage_projects(actor: Actor) -> Actor:
    if not (actor.is_network_admin or actor.role == Membership.Role.ADMIN):
        raise PermissionDenied(_("Only the admins of an organisation manage its projects."))
    return actor


def _project(actor: Actor, pk: int) -> DiffusionProject:
    """The project if `actor` manages it; a 404 otherwise, which names nothing."""
    try:
        return services.projects_for(actor).get(pk=pk)
    except DiffusionProject.DoesNotExist:
        raise Http404(_("No such project.")) from None


def project_list(request: HttpRequest) -> HttpResponse:
    """Network admins: requests and projects waiting first, then all; an organisation's
    admins: its projects."""
    actor = _may_manage_projects(current_actor(request))
    projects = list(services.projects_for(actor).order_by("name"))
    pending = [p for p in projects if p.status == DiffusionProject.Status.PENDING]
    return TemplateResponse(
        request,
        "backoffice/project_list.html",
        {
            "page_title": _("Diffusion projects"),
            "header_icon": "globe",
            "is_network_admin": actor.is_network_admin,
            "requests": access_requests.pending() if actor.is_network_admin else [],
            "accept_form": AcceptRequestForm(),
            "pending": pending if actor.is_network_admin else [],
            "others": [p for p in projects if p not in pending or not actor.is_network_admin],
            "can_create": actor.organisation is not None,
        },
    )


def project_new(request: HttpRequest) -> HttpResponse:
    """An organisation's admins register a project; it waits for the network's validation
    (a network admin's own project is validated at once)."""
    actor = _may_manage_projects(current_actor(request))
    form = ProjectForm(request.POST or None, initial={"languages": ["fr"]})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(
                actor, organisation=actor.organisation, **form.cleaned_data
            )
            if actor.is_network_admin:
                services.validate_project(actor, project)
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("“%(name)s” is registered.") % {"name": project.name})
            return redirect("opensit_project", pk=project.pk)
    return TemplateResponse(
        request,
        "backoffice/project_form.html",
        {"page_title": _("New diffusion project"), "header_icon": "globe", "form": form},
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _may_manage_projects(current_actor(request))
    project = _project(actor, pk)
    return _render_detail(request, actor, project)


def _render_detail(
    request: HttpRequest,
    actor: Actor,
    project: DiffusionProject,
    *,
    revealed: dict[str, str] | None = None,
    form: ProjectForm | None = None,
    scope_form: ScopeForm | None = None,
) -> HttpResponse:
    days = usage.daily_requests(project.pk, USAGE_DAYS)
    endpoints = usage.requests_by_endpoint(project.pk, USAGE_DAYS)
    selections = list(project.selections.all())
    webhooks = list(project.webhooks.all())
    last = {}
    for webhook in webhooks:
        last[webhook.pk] = webhook.deliveries.first()
    objects_url = request.build_absolute_uri(reverse("api-v1:list_objects"))
    return TemplateResponse(
        request,
        "backoffice/project_detail.html",
        {
            "page_title": project.name,
            "header_icon": "globe",
            "project": project,
            "is_network_admin": actor.is_network_admin,
            "keys": list(project.keys.all()),
            "webhooks": [(w, last[w.pk]) for w in webhooks],
            "revealed": revealed,
            "objects_url": objects_url,
            "docs_url": reverse("api-v1:openapi-view"),
            "form": form or ProjectForm(instance=project),
            "scope_form": scope_form
            or ScopeForm(
                initial={
                    "whole_catalog": project.scope == DiffusionProject.Scope.ALL,
                    "selections": selections,
                }
            ),
            "selections": selections,
            "tiers": DiffusionProject.Tier.choices,
            "usage_chart": bar_chart(
                "usage-per-day",
                _("Requests per day, last %(n)s days") % {"n": USAGE_DAYS},
                [(f"{day:%d/%m}", n) for day, n in days],
            ),
            "usage_days": days,
            "usage_total": sum(n for _day, n in days),
            "endpoint_chart": bar_chart(
                "usage-per-endpoint",
                _("Requests per endpoint, last %(n)s days") % {"n": USAGE_DAYS},
                [(endpoint, n) for endpoint, n, _objects in endpoints],
            ),
            "endpoints": endpoints,
        },
    )


def _key(project: DiffusionProject, request: HttpRequest) -> ApiKey:
    return get_object_or_404(ApiKey, project=project, pk=request.POST.get("key") or 0)


def _webhook(project: DiffusionProject, request: HttpRequest) -> Webhook:
    return get_object_or_404(Webhook, project=project, pk=request.POST.get("webhook") or 0)


@require_POST
def project_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change made on the project's screen: `action` says which. A new key or webhook
    secret is shown in this answer only, never stored in clear nor put in a message."""
    actor = _may_manage_projects(current_actor(request))
    project = _project(actor, pk)
    action = request.POST.get("action", "")
    post = request.POST
    try:
        if action == "key_create":
            key, raw = services.create_key(actor, project, post.get("name", "").strip())
            return _render_detail(request, actor, project, revealed={"key": raw, "for": key})
        if action == "key_rotate":
            key, raw = services.rotate_key(actor, _key(project, request))
            return _render_detail(request, actor, project, revealed={"key": raw, "for": key})
        if action == "key_revoke":
            key = services.revoke_key(actor, _key(project, request))
            messages.success(request, _("The key %(key)s is revoked.") % {"key": key})
        elif action == "webhook_add":
            webhook, secret = services.add_webhook(actor, project, post.get("url", "").strip())
            return _render_detail(
                request, actor, project, revealed={"secret": secret, "for": webhook}
            )
        elif action in ("webhook_pause", "webhook_resume"):
            services.set_webhook_active(
                actor, _webhook(project, request), action == "webhook_resume"
            )
        elif action == "webhook_remove":
            services.remove_webhook(actor, _webhook(project, request))
            messages.success(request, _("The webhook is removed."))
        elif action == "update":
            form = ProjectForm(post, instance=DiffusionProject.objects.get(pk=project.pk))
            if not form.is_valid():
                return _render_detail(request, actor, project, form=form)
            services.update_project(actor, project, **form.cleaned_data)
            messages.success(request, _("The project is saved."))
        elif action == "scope":
            scope_form = ScopeForm(post)
            if not scope_form.is_valid():
                return _render_detail(request, actor, project, scope_form=scope_form)
            whole = scope_form.cleaned_data["whole_catalog"]
            services.set_scope(
                actor, project, None if whole else scope_form.cleaned_data["selections"]
            )
            messages.success(request, _("The project's scope is saved."))
        elif action in ("validate", "suspend"):
            _decide(request, actor, project, action)
        elif action == "tier":
            services.set_tier(actor, project, post.get("tier", ""))
            messages.success(request, _("The tier is saved."))
        else:
            messages.error(request, _("Unknown action: %(action)s") % {"action": action})
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("opensit_project", pk=project.pk)


@require_POST
def project_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Validate or suspend from the list of projects (network admins)."""
    actor = _may_manage_projects(current_actor(request))
    project = _project(actor, pk)
    decision = "validate" if request.POST.get("decision") == "validate" else "suspend"
    try:
        _decide(request, actor, project, decision)
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("opensit_projects")


def _decide(request: HttpRequest, actor: Actor, project: DiffusionProject, decision: str) -> None:
    """The network's validate or suspend (with the POSTed reason), from either screen."""
    if decision == "validate":
        services.validate_project(actor, project)
        messages.success(request, _("“%(name)s” may now read the API.") % {"name": project})
    else:
        services.suspend_project(actor, project, request.POST.get("reason", ""))
        messages.success(request, _("“%(name)s” is suspended.") % {"name": project})


@require_POST
def access_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept (for a new or an existing organisation, at a tier) or refuse with a reason."""
    actor = current_actor(request)
    access_request = get_object_or_404(AccessRequest, pk=pk)
    try:
        if request.POST.get("decision") == "accept":
            form = AcceptRequestForm(request.POST)
            if not form.is_valid():
                raise ValueError(
                    " ".join(str(e) for errors in form.errors.values() for e in errors)
                )
            project = access_requests.accept(
                actor,
                access_request,
                organisation=form.cleaned_data["organisation"],
                tier=form.cleaned_data["tier"],
                accept_url=lambda token: request.build_absolute_uri(
                    reverse("opensit_invitation_accept", args=[token])
                ),
                backoffice_url=request.build_absolute_uri(reverse("opensit_projects")),
            )
            messages.success(
                request,
                _("“%(name)s” is active; %(email)s is invited to make its keys.")
                % {"name": project.name, "email": access_request.email},
            )
        else:
            access_requests.refuse(actor, access_request, request.POST.get("reason", ""))
            messages.success(request, _("The request is refused; its contact is told why."))
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("opensit_projects")
