"""Provider self-service: invitation by email, expiring hashed token, contributor membership."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from opensit.network import services
from opensit.network.models import Invitation, Membership
from opensit.network.permissions import Actor


@pytest.fixture
def office_editor(org_factory, member_factory):
    return member_factory(org_factory("ot-amboise"), "editor")


def test_invitation_creates_a_contributor(office_editor, django_capture_on_commit_callbacks):
    provider = services.create_provider(office_editor, "Le Clos Lucé", "clos-luce")
    assert provider.parent == office_editor.organisation
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invite(office_editor, "Accueil@VinciCloslUce.com", provider)
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert mail.outbox[0].to == ["accueil@vinciclosluce.com"]
    assert token in mail.outbox[0].body
    membership = services.accept_invitation(token, "closluce", "s3cret-pass")
    assert (membership.role, membership.organisation) == ("contributor", provider)
    assert membership.user.email == "accueil@vinciclosluce.com"
    actor = Actor.for_user(membership.user, provider)
    assert actor.role == "contributor"
    with pytest.raises(ValueError, match="already been used"):
        services.accept_invitation(token, "other", "x")


def test_expired_or_wrong_token_is_refused(office_editor):
    provider = services.create_provider(office_editor, "Pagode de Chanteloup", "chanteloup")
    invitation, token = services.invite(office_editor, "contact@pagode.fr", provider)
    with pytest.raises(ValueError, match="not valid"):
        services.accept_invitation("forged-token", "x", "y")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValueError, match="expired"):
        services.accept_invitation(token, "pagode", "pw")
    assert not Membership.objects.filter(organisation=provider).exists()


def test_only_managers_invite(office_editor, org_factory, member_factory):
    stranger = member_factory(org_factory("ot-tours"), "editor")
    provider = services.create_provider(office_editor, "Château Gaillard", "gaillard")
    with pytest.raises(PermissionDenied):
        services.invite(stranger, "x@example.org", provider)
    reader = member_factory(office_editor.organisation, "reader")
    with pytest.raises(PermissionDenied):
        services.invite(reader, "x@example.org", provider)
    assert not Invitation.objects.exists()
