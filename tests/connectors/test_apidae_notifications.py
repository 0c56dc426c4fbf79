"""Apidae sources in export mode: Apidae notifies an export to the source's public address
(form fields projetId, statut, ponctuel, reinitialisation, urlRecuperation, urlConfirmation),
the run downloads the zip from a real local HTTP server (tests/connectors/sourceserver.py),
built in tmp_path from the real objects of the 2014 sample, imports it and only then confirms."""

from pathlib import Path
from typing import Any

import orjson
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from opensit.catalog.models import TourismObject
from opensit.connectors import apidae_notifications, sources
from opensit.connectors.models import Source, SourceRun
from opensit.core.models import AuditEntry
from opensit.jobs import api as jobs
from opensit.network.permissions import Actor
from tests.connectors.sourceserver import PROJECT_ID, SourceServer
from tests.connectors.test_apidae_export import build_export
from tests.missing import unavailable

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]

MULTILANG = "apidae/sitra-api-v002-multilang-2014.json"
IDS = (526457, 317604, 322810, 375912, 438792)


@pytest.fixture(autouse=True)
def _fast_sources(settings, tmp_path):
    settings.OPENSIT_SOURCE_RUNS_DIR = tmp_path / "source-runs"
    settings.OPENSIT_SOURCES_ALLOW_PRIVATE = True  # the test servers are local
    settings.OPENSIT_SOURCE_BACKOFF = 0.01
    settings.OPENSIT_SOURCE_RETRIES = 1


@pytest.fixture
def real_objects(shared_data: Path) -> dict[int, dict[str, Any]]:
    path = shared_data / MULTILANG
    if not path.is_file():
        unavailable(f"no Apidae sample at {path}")
    by_id = {o["id"]: o for o in orjson.loads(path.read_bytes())["objetsTouristiques"]}
    return {i: by_id[i] for i in IDS}


@pytest.fixture
def server():
    with SourceServer() as running:
        yield running


@pytest.fixture
def owner(org_factory):
    return org_factory("cdt-05")


@pytest.fixture
def source(owner, server):
    source = Source(
        name="Apidae exports",
        kind="apidae",
        owner=owner,
        url=server.url,
        project_id=PROJECT_ID,
        apidae_mode=Source.ApidaeMode.EXPORT,
        schedule=Source.Schedule.MANUAL,
    )
    sources.save_source(Actor.system(), source)
    return source


@pytest.fixture
def token(source) -> str:
    return apidae_notifications.new_notification_token(Actor.system(), source)


def run_pending() -> int:
    """Run the queued jobs as `opensit worker` does; in English, to assert the messages."""
    with translation.override("en"):
        return jobs.run_pending()


def serve_export(server, tmp_path, objects, deleted=(), name="export") -> None:
    folder = tmp_path / name
    folder.mkdir()
    server.state.export = build_export(folder, objects, deleted=list(deleted)).read_bytes()


def notify(client, server, source, token, *, zip_path="/export.zip", **fields):
    data = {
        "projetId": PROJECT_ID,
        "statut": "SUCCESS",
        "ponctuel": "false",
        "reinitialisation": "false",
        "urlRecuperation": f"{server.url}{zip_path}",
        "urlConfirmation": f"{server.url}/confirm",
        **fields,
    }
    url = reverse("apidae_notification", args=[source.pk])
    return client.post(f"{url}?token={token}" if token is not None else url, data)


def test_a_notification_runs_the_export_imports_it_then_confirms(
    client, server, source, token, real_objects, tmp_path, owner
):
    serve_export(server, tmp_path, list(real_objects.values()))
    answer = notify(client, server, source, token)
    assert answer.status_code == 202, answer.content
    run = SourceRun.objects.get()
    assert answer.json() == {"run": run.pk, "status": "queued"}
    assert run.notification["urlRecuperation"].endswith("/export.zip")
    assert not server.state.hits  # queued: nothing fetched before the worker runs it
    assert run_pending() == 1
    run.refresh_from_db()
    assert run.status == SourceRun.Status.SUCCESS, run.error
    assert (run.import_run.created, run.import_run.failed) == (5, 0)
    assert run.confirmed_at is not None and run.error == ""
    assert server.state.hits == {"/export.zip": 1, "/confirm": 1}
    trail = TourismObject.objects.get(source_system="apidae", source_id="526457")
    assert trail.document["name"]["fr"] == "Refuges en Valgaudemar"
    assert trail.document["location"]["commune"] == {"insee": "05182", "name": "Villar-Loubière"}
    assert (trail.latitude, trail.longitude) == (44.826552, 6.144058)
    assert trail.owner == owner


def test_the_same_export_notified_twice_is_one_run(
    client, server, source, token, real_objects, tmp_path
):
    serve_export(server, tmp_path, list(real_objects.values()))
    first = notify(client, server, source, token).json()["run"]
    assert notify(client, server, source, token).json()["run"] == first
    assert SourceRun.objects.count() == 1 and run_pending() == 1
    assert server.state.hits == {"/export.zip": 1, "/confirm": 1}
    # once run, a new notification of the same address is a new export: a new run
    assert notify(client, server, source, token).json()["run"] != first


def test_an_export_is_not_imported_while_an_earlier_one_is(
    client, server, source, token, real_objects, tmp_path
):
    """Several workers on the imports queue: exports of a source apply in order, never two at
    once; the refused one is not confirmed."""
    serve_export(server, tmp_path, list(real_objects.values()))
    earlier = sources.new_run(source)
    SourceRun.objects.filter(pk=earlier.pk).update(status=SourceRun.Status.IMPORTING)
    notify(client, server, source, token)
    run_pending()
    run = SourceRun.objects.get(started_by="Apidae")
    assert run.status == SourceRun.Status.FAILED
    assert "an earlier export of this source is still being imported" in run.error
    assert not server.state.hits and not TourismObject.objects.exists()


def test_a_failed_confirmation_keeps_the_import_and_says_so(
    client, server, source, token, real_objects, tmp_path
):
    serve_export(server, tmp_path, list(real_objects.values()))
    notify(client, server, source, token, urlConfirmation=f"{server.url}/error")
    run_pending()
    run = SourceRun.objects.get()
    assert run.status == SourceRun.Status.SUCCESS and run.import_run.created == 5
    assert run.confirmed_at is None
    assert run.error.startswith("Apidae exports: imported, but Apidae's confirmation failed:")
    assert "HTTP 500, after 2 attempts" in run.error
    assert server.state.hits["/error"] == 2


def test_the_run_page_says_whether_the_export_was_confirmed(
    client, server, source, token, real_objects, tmp_path, django_user_model, org_factory
):
    from opensit.network.models import Membership

    serve_export(server, tmp_path, list(real_objects.values()))
    notify(client, server, source, token, reinitialisation="true")
    run_pending()
    notify(client, server, source, token, zip_path="/export-truncated.zip")
    run_pending()
    ok, failed = SourceRun.objects.order_by("pk")
    admin = django_user_model.objects.create_user("animateur", "", "x")
    network = org_factory("reseau", is_network_admin=True)
    Membership.objects.create(user=admin, organisation=network, role="admin")
    client.force_login(admin)
    with translation.override("en"):
        page = client.get(reverse("opensit_source_run", args=[ok.pk]), HTTP_ACCEPT_LANGUAGE="en")
        assert "Apidae export: full (reinitialisation)" in page.content.decode()
        assert "confirmed to Apidae at" in page.content.decode()
        page = client.get(
            reverse("opensit_source_run", args=[failed.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
        assert "not confirmed to Apidae" in page.content.decode()


def test_deleted_objects_of_an_export_are_tombstoned_and_a_full_export_deletes_the_absent(
    client, server, source, token, real_objects, tmp_path
):
    serve_export(server, tmp_path, list(real_objects.values()), name="first")
    notify(client, server, source, token)
    run_pending()
    # A differential export: one object changed, one deleted; the others stay.
    serve_export(server, tmp_path, [real_objects[526457]], deleted=[317604], name="second")
    notify(client, server, source, token)
    run_pending()
    second = SourceRun.objects.order_by("pk").last()
    assert second.status == SourceRun.Status.SUCCESS, second.error
    assert second.import_run.deleted == 1
    status = dict(
        TourismObject.objects.filter(source_system="apidae").values_list("source_id", "status")
    )
    assert status["317604"] == TourismObject.Status.DELETED
    others = {status[str(i)] for i in (526457, 322810, 375912, 438792)}
    assert TourismObject.Status.DELETED not in others
    # A full export (reinitialisation=true) of two objects: the other live ones go.
    serve_export(server, tmp_path, [real_objects[526457], real_objects[322810]], name="third")
    notify(client, server, source, token, reinitialisation="true")
    run_pending()
    third = SourceRun.objects.order_by("pk").last()
    assert third.status == SourceRun.Status.SUCCESS, third.error
    assert third.import_run.deleted == 2  # 375912 and 438792 (317604 was already)
    live = set(
        TourismObject.objects.filter(source_system="apidae")
        .exclude(status=TourismObject.Status.DELETED)
        .values_list("source_id", flat=True)
    )
    assert live == {"526457", "322810"}
    assert server.state.hits["/confirm"] == 3


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"projetId": "9999"}, 403, "projetId"),
        ({"token": "not-the-token"}, 403, "token"),
        ({"token": None}, 403, "token"),
        ({"statut": "DONE"}, 400, "statut"),
        ({"urlRecuperation": "file:///etc/passwd"}, 400, "urlRecuperation"),
        ({"reinitialisation": "maybe"}, 400, "reinitialisation"),
    ],
)
def test_a_notification_that_is_not_the_sources_is_refused_and_records_nothing(
    change, status, field, client, server, source, token
):
    change = dict(change)
    used = change.pop("token", token)
    answer = notify(client, server, source, used, **change)
    assert answer.status_code == status
    assert answer.json()["field"] == field
    assert not SourceRun.objects.exists() and run_pending() == 0
    assert not server.state.hits


def test_the_notification_address_is_post_only_and_the_token_hashed(client, source, token):
    url = reverse("apidae_notification", args=[source.pk])
    assert client.get(f"{url}?token={token}").status_code == 405
    stored = Source.objects.get(pk=source.pk).notification_token_hash
    assert stored and token not in stored and len(stored) == 64
    renewed = apidae_notifications.new_notification_token(Actor.system(), source)
    assert renewed != token
    assert client.post(f"{url}?token={token}", {"projetId": PROJECT_ID}).status_code == 403


def test_a_search_source_has_no_notification_address(client, server, owner):
    search = Source(
        name="Apidae search",
        kind="apidae",
        owner=owner,
        url=server.url,
        project_id=PROJECT_ID,
        schedule=Source.Schedule.MANUAL,
    )
    sources.save_source(Actor.system(), search, api_key="apidae-test-key-0123456789")
    token = apidae_notifications.new_notification_token(Actor.system(), search)
    assert notify(client, server, search, token).status_code == 404
    assert not SourceRun.objects.exists()


def test_a_truncated_export_fails_without_confirming_and_changes_nothing(
    client, server, source, token, real_objects, tmp_path
):
    serve_export(server, tmp_path, list(real_objects.values()), deleted=[])
    notify(client, server, source, token, zip_path="/export-truncated.zip")
    run_pending()
    run = SourceRun.objects.get()
    assert run.status == SourceRun.Status.FAILED
    assert run.error.startswith("Apidae exports: the export is not a complete zip")
    assert run.error.endswith("Nothing was imported.")
    assert run.confirmed_at is None and "/confirm" not in server.state.hits
    assert not TourismObject.objects.exists()


def test_a_failed_download_does_not_confirm(client, server, source, token):
    notify(client, server, source, token, zip_path="/error")
    run_pending()
    run = SourceRun.objects.get()
    assert run.status == SourceRun.Status.FAILED
    assert "the server answered HTTP 500, after 2 attempts" in run.error
    assert "/confirm" not in server.state.hits


def test_an_export_apidae_reports_failed_is_a_failed_run_without_download(
    client, server, source, token
):
    answer = notify(
        client,
        server,
        source,
        token,
        statut="ERROR",
        urlRecuperation="",
        urlConfirmation="",
        message="Export impossible : sélection vide",
    )
    assert answer.status_code == 202
    run = SourceRun.objects.get()
    assert run.status == SourceRun.Status.FAILED
    # Recorded in the request, in the site's language (Apidae sends no Accept-Language).
    assert run.error == (
        "Apidae exports : Apidae signale l’échec de l’export (statut=ERROR) : Export"
        " impossible : sélection vide. Rien n’a été importé."
    )
    assert run_pending() == 0 and not server.state.hits
    assert AuditEntry.objects.filter(action="connectors.source_notified").count() == 1


def test_the_download_never_reaches_into_the_platform_network(
    client, server, source, token, settings
):
    settings.OPENSIT_SOURCES_ALLOW_PRIVATE = False
    notify(client, server, source, token)
    run_pending()
    run = SourceRun.objects.get()
    assert run.status == SourceRun.Status.FAILED
    assert "sources are not fetched there" in run.error
    assert not server.state.hits


def test_export_sources_are_not_scheduled_nor_run_by_hand(source):
    assert source.next_run_at is None
    assert source not in sources.due_sources(source.created_at.replace(year=2100))
    with pytest.raises(sources.SourceError):
        sources.request_run(Actor.system(), source)


@pytest.mark.parametrize("role", ["admin", "editor"])
def test_only_network_admins_set_the_mode_and_the_token(role, org_factory, member_factory, source):
    office = org_factory("ot-gap")
    actor = member_factory(office, role)
    source.apidae_mode = Source.ApidaeMode.SEARCH
    with pytest.raises(PermissionDenied):
        sources.save_source(actor, source)
    with pytest.raises(PermissionDenied):
        apidae_notifications.new_notification_token(actor, source)
    assert Source.objects.get(pk=source.pk).apidae_mode == Source.ApidaeMode.EXPORT
    network = org_factory("reseau", is_network_admin=True)
    token = apidae_notifications.new_notification_token(member_factory(network, "admin"), source)
    assert token and Source.objects.get(pk=source.pk).notification_token_hash
