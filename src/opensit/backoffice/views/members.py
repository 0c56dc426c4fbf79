"""Members of an organisation: change a role, remove a member, invite by email, revoke an
invitation; and the public page where an invitee accepts (network.services does the work)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from opensit.backoffice.context import current_actor
from opensit.network import services
from opensit.network.models import Invitation, Membership, Organisation

Role = Membership.Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)


class AcceptForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=gettext_lazy("Password (again)"), widget=forms.PasswordInput)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


def _back(organisation: Organisation) -> HttpResponse:
    return redirect(reverse("opensit_organisation", args=[organisation.slug]) + "#members")


@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change a member's role, or remove the member (`role=remove`)."""
    actor = current_actor(request)
    organisation = get_object_or_404(Organisation, slug=slug)
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation)
    role = request.POST.get("role", "")
    user = membership.user
    try:
        if role == "remove":
            services.remove_membership(actor, user, organisation)
            messages.success(request, _("%(user)s is no longer a member.") % {"user": user})
        else:
            services.set_membership(actor, user, organisation, role)
            messages.success(
                request,
                _("%(user)s is now %(role)s.")
                % {"user": user, "role": dict(Role.choices).get(role, role)},
            )
    except ValueError as exc:
        messages.error(request, str(exc))
    return _back(organisation)


@require_POST
def member_invite(request: HttpRequest, slug: str) -> HttpResponse:
    actor = current_actor(request)
    organisation = get_object_or_404(Organisation, slug=slug)
    form = InviteForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
        return _back(organisation)

    def accept_url(token: str) -> str:
        return request.build_absolute_uri(reverse("opensit_invitation_accept", args=[token]))

    try:
        invitation, _token = services.invite(
            actor,
            form.cleaned_data["email"],
            organisation,
            form.cleaned_data["role"],
            accept_url=accept_url,
        )
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
        )
    return _back(organisation)


@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = current_actor(request)
    organisation = get_object_or_404(Organisation, slug=slug)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    try:
        services.revoke_invitation(actor, invitation)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The invitation of %(email)s is revoked.") % {"email": invitation.email}
        )
    return _back(organisation)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public page (no login): the invitee chooses a username and a password, or simply joins
    when an account already has the invited email."""
    context: dict = {"token": token}
    try:
        invitation = services.check_invitation(token)
    except ValueError as exc:
        context["refusal"] = str(exc)
        return TemplateResponse(request, "backoffice/invitation_accept.html", context, status=410)
    existing = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    form = AcceptForm(request.POST or None)
    if existing:
        form = None
    context.update({"invitation": invitation, "existing": existing, "form": form})
    if request.method == "POST" and (existing or form.is_valid()):
        data = form.cleaned_data if form else {}
        try:
            services.accept_invitation(token, data.get("username", ""), data.get("password", ""))
        except services.FieldError as exc:
            if form is None:
                context["error"] = str(exc)
            else:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return TemplateResponse(
                request, "backoffice/invitation_accept.html", context, status=400
            )
        except ValueError as exc:
            context["error"] = str(exc)
            return TemplateResponse(
                request, "backoffice/invitation_accept.html", context, status=400
            )
        context["accepted"] = True
        context["login_url"] = reverse("wagtailadmin_login")
        return TemplateResponse(request, "backoffice/invitation_accept.html", context)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "backoffice/invitation_accept.html", context, status=status)
