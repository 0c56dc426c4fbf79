"""Self-service API access: a public request, a network admin's decision, an invitation as
the organisation's admin, then keys made in the back-office (never sent by email)."""

import pytest
from django.core.exceptions import PermissionDenied

from opensit.diffusion import access_requests, services
from opensit.diffusion.models import AccessRequest
from opensit.network.models import Invitation, Organisation
from opensit.network.services import accept_invitation

REQUEST = {
    "organisation_name": "Agence Loire Web",
    "contact_name": "Camille Martin",
    "email": "Camille@Loire-Web.example",
    "project_name": "Vélo Loire app",
    "intended_use": "Show the cycling stays along the Loire à Vélo.",
    "languages": ["fr", "en"],
    "url": "https://velo.loire-web.example",
    "terms_accepted": True,
}


def submit(**changes):
    return access_requests.submit(**{**REQUEST, **changes})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organisation_name": " "}, "organisation_name"),
        ({"contact_name": ""}, "contact_name"),
        ({"email": "camille at loire"}, "email"),
        ({"project_name": ""}, "project_name"),
        ({"intended_use": ""}, "intended_use"),
        ({"url": "ftp://x"}, "url"),
        ({"languages": ["fr", "klingon"]}, "languages"),
        ({"terms_accepted": False}, "terms"),
    ],
)
def test_a_bad_request_names_its_field_and_writes_nothing(db, changes, field):
    with pytest.raises(access_requests.RequestError) as refused:
        submit(**changes)
    assert refused.value.field == field
    assert not AccessRequest.objects.exists()


def test_the_network_admins_are_told_of_a_request(
    db, network_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = submit(notify_url="https://sit.example/admin/opensit/projects/")
    assert sent.status == "pending" and sent.email == "camille@loire-web.example"
    assert sent.terms_accepted_at is not None and sent.languages == ["fr", "en"]
    [notice] = mailoutbox
    assert notice.to == [network_admin.user.email]
    assert "Vélo Loire app" in notice.subject
    assert "https://sit.example/admin/opensit/projects/" in notice.body


def test_one_address_cannot_fill_the_queue(db):
    for n in range(access_requests.MAX_PENDING_PER_EMAIL):
        submit(project_name=f"App {n}")
    with pytest.raises(access_requests.RequestError, match="already waiting"):
        submit(project_name="One more")


def test_accepting_registers_a_partner_and_invites_its_contact(
    db, network_admin, mailoutbox, django_capture_on_commit_callbacks
):
    sent = submit()
    with django_capture_on_commit_callbacks(execute=True):
        project = access_requests.accept(
            network_admin, sent, tier="standard", accept_url=lambda t: f"https://sit.example/i/{t}/"
        )
    sent.refresh_from_db()
    assert sent.status == "accepted" and sent.project == project and sent.decided_at
    assert project.status == "active" and project.tier == "standard"
    assert project.languages == ["fr", "en"] and project.intended_use == REQUEST["intended_use"]
    organisation = project.organisation
    assert organisation.kind == Organisation.Kind.PARTNER
    assert organisation.name == "Agence Loire Web" and organisation.slug == "agence-loire-web"
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.email == "camille@loire-web.example" and invitation.role == "admin"
    invite_mail = mailoutbox[-1]
    assert invite_mail.to == ["camille@loire-web.example"]
    token = invite_mail.body.split("https://sit.example/i/")[1].split("/")[0]
    assert "osk_" not in invite_mail.body  # no key by email
    # the contact accepts, and as the organisation's admin makes a key
    membership = accept_invitation(token, "camille", "a long enough passphrase 42")
    actor = membership_actor(membership)
    key, raw = services.create_key(actor, project)
    assert raw.startswith("osk_") and key.project == project
    with pytest.raises(ValueError, match="already decided"):
        access_requests.accept(network_admin, sent)


def membership_actor(membership):
    from opensit.network.permissions import Actor

    return Actor(user=membership.user, organisation=membership.organisation, role=membership.role)


def test_accepting_for_an_existing_member_organisation_sends_no_invitation(
    db, network_admin, office, member_factory, mailoutbox, django_capture_on_commit_callbacks
):
    admin = member_factory(office, "admin", "ot-admin", email="camille@loire-web.example")
    sent = submit()
    with django_capture_on_commit_callbacks(execute=True):
        project = access_requests.accept(
            network_admin, sent, organisation=office, backoffice_url="https://sit.example/bo/"
        )
    assert project.organisation == office
    assert not Invitation.objects.filter(organisation=office).exists()
    assert mailoutbox[-1].to == [admin.user.email]
    assert "https://sit.example/bo/" in mailoutbox[-1].body
    assert services.projects_for(admin).filter(pk=project.pk).exists()


def test_refusing_tells_the_contact_why(
    db, network_admin, mailoutbox, django_capture_on_commit_callbacks
):
    sent = submit()
    with pytest.raises(ValueError, match="reason"):
        access_requests.refuse(network_admin, sent, "  ")
    with django_capture_on_commit_callbacks(execute=True):
        access_requests.refuse(network_admin, sent, "A scraper of the whole catalog.")
    sent.refresh_from_db()
    assert sent.status == "refused" and sent.project is None
    assert "A scraper of the whole catalog." in mailoutbox[-1].body
    assert mailoutbox[-1].to == ["camille@loire-web.example"]


@pytest.mark.parametrize("who", ["office_admin", "editor"])
def test_only_network_admins_decide(db, who, request):
    actor = request.getfixturevalue(who)
    sent = submit()
    with pytest.raises(PermissionDenied):
        access_requests.accept(actor, sent)
    with pytest.raises(PermissionDenied):
        access_requests.refuse(actor, sent, "no")
    sent.refresh_from_db()
    assert sent.status == "pending"
    assert not Organisation.objects.filter(slug="agence-loire-web").exists()


def test_the_contact_is_private(db, network_admin, api):
    """The request's contact never reaches the public API (the project's `contact` neither)."""
    sent = submit()
    access_requests.accept(network_admin, sent)
    for path in ("/api/v1/organisations", "/api/v1/objects", "/api/v1/selections"):
        body = api.get(path).content.decode()
        assert "camille@loire-web.example" not in body and "Camille" not in body
    # the organisation's website is public, as every organisation's is
    assert "https://velo.loire-web.example" in api.get("/api/v1/organisations").content.decode()
