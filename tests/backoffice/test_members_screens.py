"""Organisation members: change a role, remove, invite by email with the accept link, revoke,
and the public acceptance page. Rights as a matrix: only the organisation's admins (and network
admins) manage its members; everyone else gets a 403 and nothing changes."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opensit.backoffice.views.members import InviteForm
from opensit.core.models import AuditEntry
from opensit.network import services
from opensit.network.models import Invitation, Membership
from opensit.network.permissions import Actor

pytestmark = pytest.mark.django_db

ALLOWED = {"network_admin", "admin"}
MATRIX = ["network_admin", "admin", "editor", "contributor", "reader", "other_admin"]


def _state(net):
    return (
        sorted(
            Membership.objects.filter(organisation=net.tours).values_list("user__username", "role")
        ),
        sorted(Invitation.objects.values_list("email", "revoked")),
        AuditEntry.objects.filter(action__startswith="network.").count(),
    )


@pytest.mark.parametrize("who", MATRIX)
def test_change_role_matrix(client, network, who):
    client.force_login(network.users[who])
    editor = Membership.objects.get(user=network.users["editor"], organisation=network.tours)
    before = _state(network)
    response = client.post(
        reverse("opensit_member_role", args=["ot-tours", editor.pk]), {"role": "reader"}
    )
    editor.refresh_from_db()
    if who in ALLOWED:
        assert response.status_code == 302
        assert editor.role == "reader"
        entry = AuditEntry.objects.get(action="network.set_membership")
        assert entry.user == network.users[who] and entry.data["role"] == "reader"
    else:
        assert response.status_code == 403
        assert editor.role == "editor"
        assert _state(network) == before


@pytest.mark.parametrize("who", MATRIX)
def test_remove_member_matrix(client, network, who):
    client.force_login(network.users[who])
    reader = Membership.objects.get(user=network.users["reader"], organisation=network.tours)
    before = _state(network)
    response = client.post(
        reverse("opensit_member_role", args=["ot-tours", reader.pk]), {"role": "remove"}
    )
    exists = Membership.objects.filter(pk=reader.pk).exists()
    if who in ALLOWED:
        assert response.status_code == 302 and not exists
        assert AuditEntry.objects.filter(action="network.remove_membership").count() == 1
    else:
        assert response.status_code == 403 and exists
        assert _state(network) == before


@pytest.mark.parametrize("who", MATRIX)
def test_invite_matrix(client, network, who, django_capture_on_commit_callbacks):
    client.force_login(network.users[who])
    before = _state(network)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("opensit_member_invite", args=["ot-tours"]),
            {"email": "Nouvelle@Tours.example", "role": "editor"},
        )
    if who in ALLOWED:
        assert response.status_code == 302
        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.role) == ("nouvelle@tours.example", "editor")
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nouvelle@tours.example"]
        link = re.search(r"http://testserver/invitations/([\w-]+)/", mail.outbox[0].body)
        assert link, mail.outbox[0].body
        # The token travels in the mail only: the database keeps its hash.
        assert invitation.token_hash == services.hash_token(link.group(1))
    else:
        assert response.status_code == 403
        assert mail.outbox == []
        assert _state(network) == before


@pytest.mark.parametrize("who", MATRIX)
def test_revoke_matrix(client, network, who):
    admin = Actor.for_user(network.users["admin"], network.tours)
    invitation, _token = services.invite(admin, "guest@example.org", network.tours, "reader")
    client.force_login(network.users[who])
    before = _state(network)
    response = client.post(reverse("opensit_invitation_revoke", args=["ot-tours", invitation.pk]))
    invitation.refresh_from_db()
    if who in ALLOWED:
        assert response.status_code == 302 and invitation.revoked
    else:
        assert response.status_code == 403 and not invitation.revoked
        assert _state(network) == before


def test_office_editor_manages_its_provider_but_not_its_office(client, network):
    """A tourist office's editors manage the providers it created (their invitations)."""
    client.force_login(network.users["editor"])
    page = client.get(reverse("opensit_organisation", args=["hotel-univers"]))
    assert page.status_code == 200 and page.context["can_manage_members"]
    response = client.post(
        reverse("opensit_member_invite", args=["hotel-univers"]),
        {"email": "reception@hotel-univers.example", "role": "contributor"},
    )
    assert response.status_code == 302
    assert Invitation.objects.get().organisation == network.provider
    office = client.get(reverse("opensit_organisation", args=["ot-tours"]))
    assert office.status_code == 200 and not office.context["can_manage_members"]
    assert 'data-testid="invite"' not in office.content.decode()


def test_organisation_page_lists_members_and_pending_invitations(client, network):
    admin = Actor.for_user(network.users["admin"], network.tours)
    services.invite(admin, "pending@example.org", network.tours, "editor")
    _used, token = services.invite(admin, "used@example.org", network.tours, "reader")
    services.accept_invitation(token, "used", "a-long-enough-passphrase")
    expired, _t = services.invite(admin, "expired@example.org", network.tours, "reader")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(network.users["admin"])
    response = client.get(reverse("opensit_organisation", args=["ot-tours"]))
    assert [i.email for i in response.context["invitations"]] == ["pending@example.org"]
    html = response.content.decode()
    assert 'data-member="editor"' in html and 'data-invitation="pending@example.org"' in html


def test_last_admin_cannot_be_removed_or_demoted(client, network):
    client.force_login(network.users["admin"])
    own = Membership.objects.get(user=network.users["admin"], organisation=network.tours)
    url = reverse("opensit_member_role", args=["ot-tours", own.pk])
    response = client.post(url, {"role": "editor"}, follow=True)
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        expected = _("%(user)s is the last administrator of %(org)s; appoint another one first.")
    assert _messages(response) == [expected % {"user": "admin", "org": "Ot-Tours"}]
    client.post(url, {"role": "remove"})
    own.refresh_from_db()
    assert own.role == "admin"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_bad_invitation_input_is_reported_by_field(client, network):
    client.force_login(network.users["admin"])
    url = reverse("opensit_member_invite", args=["ot-tours"])
    response = client.post(url, {"email": "not-an-email", "role": "editor"}, follow=True)
    assert response.status_code == 200
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        email, role = str(InviteForm.base_fields["email"].label), str(_("Role"))
    assert [m.split(":")[0] for m in _messages(response)] == [email]
    response = client.post(url, {"email": "a@example.org", "role": "owner"}, follow=True)
    assert [m.split(":")[0] for m in _messages(response)] == [role]
    assert not Invitation.objects.exists()


# The public acceptance page -------------------------------------------------------------


def _invite(network, email="invitee@example.org", role="editor"):
    admin = Actor.for_user(network.users["admin"], network.tours)
    return services.invite(admin, email, network.tours, role)


def test_accept_page_creates_the_account_and_membership(client, network, django_user_model):
    invitation, token = _invite(network)
    url = reverse("opensit_invitation_accept", args=[token])
    page = client.get(url)  # French first
    assert page.status_code == 200 and "Vous êtes invité" in page.content.decode()
    response = client.post(
        url,
        {"username": "camille", "password": "loire-a-velo-2026", "password2": "loire-a-velo-2026"},
    )
    assert response.status_code == 200 and response.context["accepted"]
    user = django_user_model.objects.get(username="camille")
    assert user.email == "invitee@example.org" and user.check_password("loire-a-velo-2026")
    assert Membership.objects.get(user=user).role == "editor"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 410 and "already been used" in again.content.decode()


def test_accept_page_refuses_expired_revoked_and_unknown_tokens(client, network):
    expired, token = _invite(network)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    response = client.get(
        reverse("opensit_invitation_accept", args=[token]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 410 and "expired" in response.content.decode()
    revoked, token2 = _invite(network, "other@example.org")
    services.revoke_invitation(Actor.for_user(network.users["admin"], network.tours), revoked)
    response = client.post(
        reverse("opensit_invitation_accept", args=[token2]),
        {"username": "x", "password": "loire-a-velo-2026", "password2": "loire-a-velo-2026"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 410 and "not valid" in response.content.decode()
    assert not Membership.objects.filter(user__username="x").exists()
    response = client.get(reverse("opensit_invitation_accept", args=["nope"]))
    assert response.status_code == 410


def test_accept_page_reports_bad_fields_next_to_them(client, network):
    _invitation, token = _invite(network)
    url = reverse("opensit_invitation_accept", args=[token])
    taken = client.post(
        url,
        {"username": "editor", "password": "loire-a-velo-2026", "password2": "loire-a-velo-2026"},
    )
    assert taken.status_code == 400 and taken.context["form"].errors["username"]
    short = client.post(url, {"username": "camille", "password": "abc", "password2": "abc"})
    assert short.status_code == 400 and short.context["form"].errors["password"]
    differ = client.post(
        url, {"username": "camille", "password": "loire-a-velo-2026", "password2": "x"}
    )
    assert differ.status_code == 400 and differ.context["form"].errors["password2"]
    assert not Membership.objects.filter(user__username="camille").exists()


def test_existing_account_joins_without_a_new_password(client, network):
    _invitation, token = _invite(network, email="other_admin@example.org", role="reader")
    url = reverse("opensit_invitation_accept", args=[token])
    assert client.get(url).context["existing"]
    response = client.post(url, {})
    assert response.status_code == 200 and response.context["accepted"]
    assert (
        Membership.objects.get(user=network.users["other_admin"], organisation=network.tours).role
        == "reader"
    )
