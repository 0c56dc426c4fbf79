"""The sources and imports screens: only network admins see them; a source's key is written,
never shown back; "run now", an upload and a run's page with its report."""

import orjson
import pytest
from django.urls import reverse
from django.utils import translation

from opensit.catalog.models import TourismObject
from opensit.connectors import credentials
from opensit.connectors.models import Source, SourceRun
from opensit.jobs.api import run_pending
from opensit.network.models import Membership
from tests.connectors.sourceserver import API_KEY, PROJECT_ID, SourceServer

pytestmark = pytest.mark.django_db

MULTILANG = "apidae/sitra-api-v002-multilang-2014.json"


@pytest.fixture(autouse=True)
def _runs(settings, tmp_path):
    """Runs are jobs: the tests run the queue (`run_pending`) where a worker would."""
    settings.OPENSIT_SOURCE_RUNS_DIR = tmp_path / "source-runs"
    settings.OPENSIT_SOURCES_ALLOW_PRIVATE = True  # the test servers are local
    settings.OPENSIT_SOURCE_BACKOFF = 0.01
    settings.OPENSIT_SOURCE_RETRIES = 1


def work_the_queue() -> int:
    """Run the queued jobs as `opensit worker` does, in its language (French first)."""
    with translation.override("fr"):
        return run_pending()


@pytest.fixture
def network(org_factory):
    return org_factory("crt-centre", kind="regional_board", is_network_admin=True)


@pytest.fixture
def office(org_factory):
    return org_factory("ot-tours")


def _user(django_user_model, organisation, role: str):
    user = django_user_model.objects.create_user(f"{role}-{organisation.slug}", "", "x")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def animator(django_user_model, network):
    return _user(django_user_model, network, "admin")


@pytest.fixture
def server(shared_data):
    with SourceServer() as running:
        data = orjson.loads((shared_data / MULTILANG).read_bytes())
        running.state.apidae_objects = data["objetsTouristiques"]
        yield running


def _form(server, **extra) -> dict:
    return {
        "name": "Apidae Hautes-Alpes",
        "kind": "apidae",
        "owner": "",
        "enabled": "on",
        "url": server.url,
        "project_id": PROJECT_ID,
        "api_key": API_KEY,
        "schedule": "daily",
        "daily_at": "03:30",
        "interval_hours": "",
        "field_policy": "",
        "delete_absent": "on",
        "timeout": "5",
        **extra,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("network-admin", 200),
        ("network-editor", 403),
        ("org-admin", 403),
        ("editor", 403),
        ("reader", 403),
        ("anonymous", 302),
    ],
)
def test_only_network_admins_reach_the_screens(
    who, status, client, django_user_model, network, office
):
    source = Source.objects.create(
        name="Flux", kind="datatourisme", owner=office, url="http://127.0.0.1:9/f.zip"
    )
    run = SourceRun.objects.create(source=source, kind="datatourisme", label="Flux")
    users = {
        "network-admin": (network, "admin"),
        "network-editor": (network, "editor"),
        "org-admin": (office, "admin"),
        "editor": (office, "editor"),
        "reader": (office, "reader"),
    }
    if who in users:
        client.force_login(_user(django_user_model, *users[who]))
    for name, args in [
        ("opensit_sources", []),
        ("opensit_source_new", []),
        ("opensit_source", [source.pk]),
        ("opensit_source_edit", [source.pk]),
        ("opensit_source_run", [run.pk]),
        ("opensit_source_run_status", [run.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == status, name
    posted = client.post(reverse("opensit_source_run_now", args=[source.pk]))
    assert posted.status_code == (302 if status == 200 else status)
    expected_runs = 2 if status == 200 else 1
    assert SourceRun.objects.filter(source=source).count() == expected_runs


def test_a_network_admin_configures_runs_and_reads_the_report(client, animator, office, server):
    client.force_login(animator)
    created = client.post(reverse("opensit_source_new"), _form(server, owner=office.pk))
    assert created.status_code == 302
    source = Source.objects.get()
    assert credentials.decrypt(source.encrypted_key) == API_KEY
    assert source.next_run_at is not None and source.owner == office
    page = client.get(reverse("opensit_source", args=[source.pk])).content.decode()
    assert API_KEY not in page and "…6789" in page
    edit = client.get(reverse("opensit_source_edit", args=[source.pk])).content.decode()
    assert API_KEY not in edit
    # saved again without a key: the stored key stays
    client.post(
        reverse("opensit_source_edit", args=[source.pk]),
        _form(server, owner=office.pk, api_key="", name="Apidae 05"),
    )
    source.refresh_from_db()
    assert source.name == "Apidae 05" and credentials.decrypt(source.encrypted_key) == API_KEY

    ran = client.post(reverse("opensit_source_run_now", args=[source.pk]))
    run = SourceRun.objects.get()
    assert ran["Location"] == reverse("opensit_source_run", args=[run.pk])
    queued = client.get(reverse("opensit_source_run_status", args=[run.pk])).json()
    assert (queued["status"], queued["finished"]) == ("queued", False)
    assert work_the_queue() == 1  # what `opensit worker` does
    report = client.get(ran["Location"]).content.decode()
    assert 'data-count="created">100<' in report and 'data-run-status="success"' in report
    assert "source_run.js" in report and "<script>" not in report
    status = client.get(reverse("opensit_source_run_status", args=[run.pk])).json()
    assert (status["status"], status["finished"]) == ("success", True)
    assert TourismObject.objects.filter(owner=office).count() == 100


def test_an_apidae_source_without_key_is_refused_naming_the_field(client, animator, server):
    client.force_login(animator)
    refused = client.post(reverse("opensit_source_new"), _form(server, owner="", api_key=""))
    assert refused.status_code == 200
    assert 'data-error-for="owner"' in refused.content.decode()
    network_owner = Membership.objects.get(user=animator).organisation.pk
    refused = client.post(
        reverse("opensit_source_new"), _form(server, owner=network_owner, api_key="")
    )
    assert 'data-error-for="api_key"' in refused.content.decode()
    assert not Source.objects.exists()


def test_a_failed_run_says_why_on_its_page(client, animator, office, server):
    client.force_login(animator)
    client.post(reverse("opensit_source_new"), _form(server, owner=office.pk, api_key="wrong-0000"))
    source = Source.objects.get()
    ran = client.post(reverse("opensit_source_run_now", args=[source.pk]))
    work_the_queue()
    text = client.get(ran["Location"]).content.decode()
    # run in the request's language (French first): the error is kept as it was said
    assert (
        "Apidae Hautes-Alpes : Apidae a refusé l’identifiant de projet ou la clé d’API (HTTP 401)"
        ". Rien n’a été importé." in text
    )
    assert not TourismObject.objects.exists()


def test_an_uploaded_file_is_sniffed_and_imported(client, animator, office, shared_data):
    client.force_login(animator)
    with (shared_data / MULTILANG).open("rb") as handle:
        sent = client.post(reverse("opensit_import_upload"), {"file": handle, "owner": office.pk})
    assert sent.status_code == 302
    work_the_queue()
    run = SourceRun.objects.get()
    assert (run.kind, run.status, run.import_run.created) == ("apidae", "success", 100)
    page = client.get(sent["Location"]).content.decode()
    assert "sitra-api-v002-multilang-2014.json" in page and 'data-count="created">100<' in page


def test_an_unknown_file_is_refused_in_french(client, animator, office, tmp_path):
    client.force_login(animator)
    junk = tmp_path / "notes.txt"
    junk.write_text("rien à importer")
    with junk.open("rb") as handle:
        refused = client.post(
            reverse("opensit_import_upload"),
            {"file": handle, "owner": office.pk},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    assert refused.status_code == 400
    assert "notes.txt : ce n’est pas un format" in refused.content.decode()
    assert not SourceRun.objects.exists()


# -- Apidae export mode and its notification address ----------------------------------------------


def test_export_mode_is_set_in_the_form_and_the_address_shown_once(
    client, animator, office, server
):
    client.force_login(animator)
    created = client.post(
        reverse("opensit_source_new"),
        _form(server, owner=office.pk, api_key="", apidae_mode="export"),
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    source = Source.objects.get()
    assert (source.apidae_mode, source.encrypted_key, source.next_run_at) == ("export", "", None)
    page = client.get(reverse("opensit_source", args=[source.pk])).content.decode()
    assert 'data-testid="notification"' in page and 'data-testid="run-now"' not in page
    made = client.post(reverse("opensit_source_notification_token", args=[source.pk]))
    text = made.content.decode()
    address = f"http://testserver/sources/apidae/{source.pk}/notification?token="
    assert made.status_code == 200 and address in text
    token = text.split(address, 1)[1].split("<", 1)[0]
    source.refresh_from_db()
    assert len(token) > 30 and token not in source.notification_token_hash
    again = client.get(reverse("opensit_source", args=[source.pk])).content.decode()
    assert token not in again and "?token=…" in again
    notified = client.post(
        f"{reverse('apidae_notification', args=[source.pk])}?token={token}",
        {"projetId": PROJECT_ID, "statut": "ERROR"},
    )
    assert notified.status_code == 202
    # "run now" has nothing to run for an export source
    client.post(reverse("opensit_source_run_now", args=[source.pk]))
    assert SourceRun.objects.count() == 1


@pytest.mark.parametrize(("who", "status"), [("network-editor", 403), ("org-admin", 403)])
def test_only_network_admins_make_a_notification_address(
    who, status, client, django_user_model, network, office
):
    source = Source.objects.create(
        name="Apidae", kind="apidae", owner=office, url="http://127.0.0.1:9/", apidae_mode="export"
    )
    org, role = {"network-editor": (network, "editor"), "org-admin": (office, "admin")}[who]
    client.force_login(_user(django_user_model, org, role))
    made = client.post(reverse("opensit_source_notification_token", args=[source.pk]))
    assert made.status_code == status
    assert Source.objects.get(pk=source.pk).notification_token_hash == ""


# -- deleting a source ---------------------------------------------------------------------------


def test_a_network_admin_deletes_a_source_its_objects_and_runs_stay(
    client, animator, office, server
):
    from opensit.core.models import AuditEntry

    client.force_login(animator)
    client.post(reverse("opensit_source_new"), _form(server, owner=office.pk))
    source = Source.objects.get()
    client.post(reverse("opensit_source_run_now", args=[source.pk]))
    work_the_queue()
    run = SourceRun.objects.get()
    confirm = client.get(
        reverse("opensit_source_delete", args=[source.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = confirm.content.decode()
    assert confirm.status_code == 200
    assert "The 100 objects it brought stay in the catalog, owned by" in text
    assert "Its 1 run stays in the history of imports" in text
    done = client.post(reverse("opensit_source_delete", args=[source.pk]))
    assert done.status_code == 302 and done["Location"] == reverse("opensit_sources")
    assert not Source.objects.exists()
    run.refresh_from_db()
    assert (run.source_id, run.status, run.import_run.created) == (None, "success", 100)
    assert TourismObject.objects.filter(owner=office).exclude(status="deleted").count() == 100
    entry = AuditEntry.objects.get(action="connectors.source_delete")
    assert entry.user == animator and entry.data["name"] == "Apidae Hautes-Alpes"
    assert entry.data["runs_kept"] == 1
    assert client.get(reverse("opensit_source_run", args=[run.pk])).status_code == 200


def test_a_queued_run_of_a_deleted_source_ends_failed(client, animator, office, server):
    client.force_login(animator)
    client.post(reverse("opensit_source_new"), _form(server, owner=office.pk))
    source = Source.objects.get()
    client.post(reverse("opensit_source_run_now", args=[source.pk]))  # queued, not run
    client.post(reverse("opensit_source_delete", args=[source.pk]))
    work_the_queue()
    run = SourceRun.objects.get()
    assert run.status == "failed" and "supprimée" in run.error
    assert not TourismObject.objects.exists() and not server.state.hits


@pytest.mark.parametrize("who", ["network-editor", "org-admin", "editor", "anonymous"])
def test_others_cannot_delete_a_source(who, client, django_user_model, network, office):
    source = Source.objects.create(
        name="Flux", kind="datatourisme", owner=office, url="http://127.0.0.1:9/f.zip"
    )
    users = {
        "network-editor": (network, "editor"),
        "org-admin": (office, "admin"),
        "editor": (office, "editor"),
    }
    if who in users:
        client.force_login(_user(django_user_model, *users[who]))
    expected = 302 if who == "anonymous" else 403
    assert client.get(reverse("opensit_source_delete", args=[source.pk])).status_code == expected
    assert client.post(reverse("opensit_source_delete", args=[source.pk])).status_code == expected
    assert Source.objects.filter(pk=source.pk).exists()


def test_the_service_refuses_a_deletion_by_others(org_factory, member_factory, network, office):
    from django.core.exceptions import PermissionDenied

    from opensit.connectors import sources

    source = Source.objects.create(
        name="Flux", kind="datatourisme", owner=office, url="http://127.0.0.1:9/f.zip"
    )
    with pytest.raises(PermissionDenied):
        sources.delete_source(member_factory(office, "admin"), source)
    assert Source.objects.filter(pk=source.pk).exists()
    sources.delete_source(member_factory(network, "admin"), source)
    assert not Source.objects.exists()


def test_a_source_whose_run_is_going_is_not_deleted(client, animator, office):
    from opensit.connectors import sources

    source = Source.objects.create(
        name="Flux", kind="datatourisme", owner=office, url="http://127.0.0.1:9/f.zip"
    )
    SourceRun.objects.create(source=source, kind="datatourisme", label="Flux", status="importing")
    client.force_login(animator)
    refused = client.post(reverse("opensit_source_delete", args=[source.pk]))
    assert refused["Location"] == reverse("opensit_source", args=[source.pk])
    assert Source.objects.filter(pk=source.pk).exists()
    with (
        translation.override("en"),
        pytest.raises(sources.SourceError, match="A run of this source is going"),
    ):
        sources.delete_source(sources.Actor.system(), source)
