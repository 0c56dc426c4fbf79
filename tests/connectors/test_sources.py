"""Scheduled sources against a real local HTTP server serving the real samples of
../shared/data (tests/connectors/sourceserver.py): Apidae's paged search with its key, a
DATAtourisme flux zip, JSON Lines; and the failures, each a failed run that changed nothing."""

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import orjson
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opensit.catalog.models import TourismObject
from opensit.connectors import credentials, engine, fetch, sources
from opensit.connectors.jobs import run_due_sources, source_run
from opensit.connectors.models import Source, SourceRun
from opensit.jobs.api import run_pending
from opensit.network.permissions import Actor
from tests.connectors.sourceserver import (
    API_KEY,
    JSONL_KEY,
    PROJECT_ID,
    SourceServer,
    dt_files,
    dt_flux_zip,
)
from tests.factories import rich_document

pytestmark = pytest.mark.django_db

MULTILANG = "apidae/sitra-api-v002-multilang-2014.json"
LOCHES = "objects/0/00/15-003eb63b-ee8e-316f-b93f-6d58439158e6.json"
LOCHES_ID = "https://data.datatourisme.gouv.fr/15/003eb63b-ee8e-316f-b93f-6d58439158e6"


@pytest.fixture(autouse=True)
def _fast_sources(settings, tmp_path):
    settings.OPENSIT_SOURCE_RUNS_DIR = tmp_path / "source-runs"
    settings.OPENSIT_SOURCES_ALLOW_PRIVATE = True  # the test servers are local
    settings.OPENSIT_SOURCE_BACKOFF = 0.01
    settings.OPENSIT_SOURCE_RETRIES = 2
    settings.OPENSIT_APIDAE_PAGE_SIZE = 30


@pytest.fixture
def server(shared_data):
    with SourceServer() as running:
        data = orjson.loads((shared_data / MULTILANG).read_bytes())
        running.state.apidae_objects = data["objetsTouristiques"]
        yield running


@pytest.fixture(scope="module")
def flux_files(tmp_path_factory):
    from tests.conftest import SHARED_DATA

    archive = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020"
    if not archive.is_dir():
        return None
    return archive, dt_files(archive, 24, must=(LOCHES,))


@pytest.fixture
def flux(server, flux_files):
    archive, files = flux_files
    server.state.flux = dt_flux_zip(archive, files)
    return archive, files


@pytest.fixture
def owner(org_factory):
    return org_factory("cdt-41")


def make_source(owner, kind: str, url: str, **fields) -> Source:
    key = fields.pop("api_key", None)
    source = Source(name=fields.pop("name", f"{kind} test"), kind=kind, owner=owner, url=url)
    source.schedule = Source.Schedule.MANUAL
    for name, value in fields.items():
        setattr(source, name, value)
    return sources.save_source(Actor.system(), source, api_key=key)


def apidae(owner, server, key: str = API_KEY, **fields) -> Source:
    return make_source(
        owner,
        "apidae",
        server.url,
        project_id=PROJECT_ID,
        api_key=key,
        name="Apidae Hautes-Alpes",
        **fields,
    )


def snapshot() -> list[tuple]:
    return list(
        TourismObject.objects.order_by("pk").values_list("pk", "status", "updated_at", "document")
    )


# -- Apidae ---------------------------------------------------------------------------------------


def test_apidae_pages_through_the_search_and_imports_real_values(server, owner):
    run = sources.run_source(apidae(owner, server))
    assert run.status == SourceRun.Status.SUCCESS, run.error
    report = run.import_run
    assert (report.read, report.created, report.failed) == (100, 100, 0)
    # 100 objects, 30 a page: 4 pages, each asked once
    assert server.state.hits["/api/v002/recherche/list-objets-touristiques"] == 4
    pages = sorted(p.name for p in (Path(run.fetched_path) / "objets_modifies").iterdir())
    assert pages == ["page-0001.json", "page-0002.json", "page-0003.json", "page-0004.json"]
    assert run.fetched_bytes == sum(
        (Path(run.fetched_path) / "objets_modifies" / p).stat().st_size for p in pages
    )
    trail = TourismObject.objects.get(source_system="apidae", source_id="526457")
    assert trail.document["name"]["fr"] == "Refuges en Valgaudemar"
    assert trail.document["location"]["commune"] == {"insee": "05182", "name": "Villar-Loubière"}
    assert (trail.latitude, trail.longitude) == (44.826552, 6.144058)
    assert trail.owner == owner


def test_apidae_rerun_skips_unchanged_and_deletes_what_is_no_longer_listed(server, owner):
    source = apidae(owner, server)
    assert sources.run_source(source).status == SourceRun.Status.SUCCESS
    again = sources.run_source(source).import_run
    assert (again.created, again.updated, again.unchanged, again.deleted) == (0, 0, 100, 0)
    gone = [str(o["id"]) for o in server.state.apidae_objects[:2]]
    server.state.apidae_objects = server.state.apidae_objects[2:]
    third = sources.run_source(source)
    assert (third.import_run.unchanged, third.import_run.deleted) == (98, 2)
    statuses = dict(
        TourismObject.objects.filter(source_system="apidae").values_list("source_id", "status")
    )
    assert {statuses[i] for i in gone} == {TourismObject.Status.DELETED}
    assert list(statuses.values()).count(TourismObject.Status.DELETED) == 2


def test_a_wrong_key_is_a_failed_run_naming_the_source(server, owner):
    run = sources.run_source(apidae(owner, server, key="wrong-key-000000000"))
    assert run.status == SourceRun.Status.FAILED
    assert run.error.startswith("Apidae Hautes-Alpes: Apidae refused the project id or the API key")
    assert "(HTTP 401)" in run.error and "Nothing was imported" in run.error
    assert server.state.hits["/api/v002/recherche/list-objets-touristiques"] == 1  # no retry
    assert run.import_run is None and not TourismObject.objects.exists()


def test_an_incomplete_apidae_listing_is_refused(server, owner):
    """A server that announces more objects than it gives (a page lost): nothing imported."""
    source = apidae(owner, server)
    assert sources.run_source(source).status == SourceRun.Status.SUCCESS
    before = snapshot()
    server.state.apidae_objects = server.state.apidae_objects[:50]  # would delete 50...
    server.state.numfound_extra = 50
    run = sources.run_source(source)
    assert run.status == SourceRun.Status.FAILED
    assert "incomplete listing: Apidae announced 100 objects and gave 50" in run.error
    assert snapshot() == before


def test_progress_is_reported_stage_by_stage(server, owner):
    seen: list[tuple[str, int, int | None]] = []
    run = sources.run_source(
        apidae(owner, server), progress=lambda r: seen.append((r.status, r.done, r.total))
    )
    assert run.status == SourceRun.Status.SUCCESS
    stages = [status for status, _done, _total in seen]
    assert stages[0] == "fetching" and stages[-1] == "success"
    assert ("fetching", 30, 100) in seen and ("fetching", 100, 100) in seen  # pages
    assert "importing" in stages and stages.index("importing") > stages.index("fetching")
    assert ("importing", 0, 100) in seen  # the engine's count, before the first record


def test_a_download_over_the_size_limit_fails(server, flux, owner, settings):
    settings.OPENSIT_SOURCE_MAX_BYTES = 10_000
    source = make_source(owner, "datatourisme", f"{server.url}/flux.zip", name="Flux CVL")
    run = sources.run_source(source)
    assert run.status == SourceRun.Status.FAILED
    assert "the download exceeds the size limit of 10000 bytes" in run.error
    assert not TourismObject.objects.exists()


def test_fetched_files_are_pruned_but_runs_stay(server, owner):
    source = apidae(owner, server)
    runs = [sources.run_source(source) for _ in range(3)]
    assert all(Path(r.fetched_path).is_dir() for r in runs)
    sources.prune_fetched(source, keep=1)
    kept = [Path(r.fetched_path) for r in runs]
    assert [p.exists() for p in kept] == [False, False, True]
    assert list(SourceRun.objects.filter(source=source).values_list("fetched_path", flat=True)) == [
        str(kept[2]),
        "",
        "",
    ]
    assert SourceRun.objects.filter(source=source).count() == 3


def test_the_key_is_encrypted_at_rest_and_never_shown_back(owner, server):
    source = apidae(owner, server)
    stored = Source.objects.get(pk=source.pk)
    assert API_KEY not in stored.encrypted_key and stored.encrypted_key
    assert credentials.decrypt(stored.encrypted_key) == API_KEY
    assert stored.masked_key == "…6789"
    sources.save_source(Actor.system(), stored, api_key=None)  # keeps the key
    assert credentials.decrypt(Source.objects.get(pk=source.pk).encrypted_key) == API_KEY


# -- DATAtourisme ---------------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [False, True], ids=["in-process", "workers"])
def test_datatourisme_flux_imports_then_deletes_objects_absent_from_the_full_flux(
    server, flux, owner, workers, monkeypatch
):
    if workers:  # the mapping workers, which recognise unchanged files from their bytes
        monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    archive, files = flux
    source = make_source(owner, "datatourisme", f"{server.url}/flux.zip", name="Flux CVL")
    run = sources.run_source(source)
    assert run.status == SourceRun.Status.SUCCESS, run.error
    assert (run.import_run.created, run.import_run.failed) == (24, 0)
    loches = TourismObject.objects.get(source_system="datatourisme", source_id=LOCHES_ID)
    assert loches.commune_insee == "37132"
    assert (loches.latitude, loches.longitude) == (47.118113, 0.984287)
    assert loches.document["name"]["fr"].startswith("Visite – Le chantier de la chapelle")
    kept = [*[f for f in files if f != LOCHES][:20], LOCHES]
    server.state.flux = dt_flux_zip(archive, kept)
    second = sources.run_source(source).import_run
    assert (second.unchanged, second.deleted, second.created) == (21, 3, 0)
    assert TourismObject.objects.exclude(status=TourismObject.Status.DELETED).count() == 21


def test_a_truncated_zip_fails_and_changes_nothing(server, flux, owner):
    source = make_source(owner, "datatourisme", f"{server.url}/flux.zip", name="Flux CVL")
    assert sources.run_source(source).status == SourceRun.Status.SUCCESS
    before = snapshot()
    source.url = f"{server.url}/truncated.zip"
    source.save()
    run = sources.run_source(source)
    assert run.status == SourceRun.Status.FAILED
    assert run.error.startswith("Flux CVL: the flux is not a complete zip")
    assert snapshot() == before


def test_a_timeout_fails_after_the_retries(server, flux, owner):
    source = make_source(
        owner, "datatourisme", f"{server.url}/slow.zip", name="Flux lent", timeout=0.3
    )
    run = sources.run_source(source)
    assert run.status == SourceRun.Status.FAILED
    assert "Flux lent: no answer within 0.3 s (timeout), after 3 attempts" in run.error
    assert server.state.hits["/slow.zip"] == 3
    assert not TourismObject.objects.exists()


def test_a_server_error_is_retried_then_fails(server, owner):
    source = make_source(owner, "datatourisme", f"{server.url}/error", name="Flux en panne")
    run = sources.run_source(source)
    assert run.status == SourceRun.Status.FAILED
    assert "Flux en panne: the server answered HTTP 500, after 3 attempts" in run.error
    assert server.state.hits["/error"] == 3
    assert not TourismObject.objects.exists()


def test_an_empty_listing_deletes_nothing(server, flux, owner):
    archive, _files = flux
    source = make_source(owner, "datatourisme", f"{server.url}/flux.zip", name="Flux CVL")
    sources.run_source(source)
    before = snapshot()
    server.state.flux = dt_flux_zip(archive, [])
    run = sources.run_source(source)
    assert run.status == SourceRun.Status.FAILED
    assert "the source lists no object (24 known from earlier runs)" in run.error
    assert snapshot() == before


# -- OpenSIT JSON Lines ---------------------------------------------------------------------------


def _lines(*names: str) -> bytes:
    return b"".join(
        orjson.dumps({"id": f"OS-{i}", **rich_document("museum", name)}) + b"\n"
        for i, name in enumerate(names, start=1)
    )


def test_jsonl_source_with_its_key(server, owner):
    server.state.jsonl = _lines("Musée de la Loire", "Château de Blois")
    source = make_source(
        owner, "jsonl", f"{server.url}/objects.jsonl", name="OpenSIT voisin", api_key=JSONL_KEY
    )
    run = sources.run_source(source)
    assert run.status == SourceRun.Status.SUCCESS, run.error
    assert run.import_run.created == 2
    assert TourismObject.objects.get(pk="OS-2").document["name"]["fr"] == "Château de Blois"


def test_a_truncated_jsonl_is_refused(server, owner):
    server.state.jsonl = _lines("Musée de la Loire", "Château de Blois")[:-20]
    source = make_source(
        owner, "jsonl", f"{server.url}/objects.jsonl", name="OpenSIT voisin", api_key=JSONL_KEY
    )
    run = sources.run_source(source)
    assert run.status == SourceRun.Status.FAILED
    assert "ends in the middle of a line" in run.error
    assert not TourismObject.objects.exists()


def test_a_jsonl_key_refused(server, owner):
    server.state.jsonl = _lines("Musée de la Loire")
    source = make_source(
        owner, "jsonl", f"{server.url}/objects.jsonl", name="OpenSIT voisin", api_key="nope"
    )
    run = sources.run_source(source)
    assert "OpenSIT voisin: the OpenSIT instance refused the API key (HTTP 401)" in run.error


def test_a_source_may_set_its_own_field_policy(server, owner, settings):
    from opensit.catalog import ownership

    settings.OPENSIT_IMPORT_FIELD_POLICY = "refuse"
    source = apidae(owner, server)
    sources.run_source(source)
    trail = TourismObject.objects.get(source_system="apidae", source_id="526457")
    assert ownership.policy(trail) == "refuse"
    source.field_policy = Source.FieldPolicy.OVERRIDE
    sources.save_source(Actor.system(), source)
    assert ownership.policy(trail) == "override"
    assert ownership.policy() == "refuse"  # the network's, for everything else


# -- schedule and permissions ---------------------------------------------------------------------


def test_due_sources_follow_the_schedule(owner):
    paris = ZoneInfo("Europe/Paris")
    daily = make_source(owner, "datatourisme", "http://127.0.0.1:9/flux.zip", name="Nuit")
    daily.schedule, daily.daily_at = Source.Schedule.DAILY, time(3, 30)
    daily.next_run_at = sources.next_run(daily, datetime(2026, 5, 1, 12, 0, tzinfo=paris))
    daily.save()
    assert daily.next_run_at == datetime(2026, 5, 2, 3, 30, tzinfo=paris)
    assert list(sources.due_sources(datetime(2026, 5, 2, 3, 29, tzinfo=paris))) == []
    assert list(sources.due_sources(datetime(2026, 5, 2, 3, 31, tzinfo=paris))) == [daily]
    SourceRun.objects.create(source=daily, kind="datatourisme", label="Nuit")  # still queued
    assert list(sources.due_sources(datetime(2026, 5, 2, 3, 31, tzinfo=paris))) == []
    hourly = Source(schedule=Source.Schedule.INTERVAL, interval_hours=6, enabled=True)
    start = datetime(2026, 5, 1, 23, 0, tzinfo=paris)
    assert sources.next_run(hourly, start) == datetime(2026, 5, 2, 5, 0, tzinfo=paris)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/flux.zip",
        "http://[::ffff:127.0.0.1]:5432/",
        "http://localhost/flux.zip",
    ],
)
def test_sources_never_reach_into_the_platform_network(url, server, owner, settings):
    """Server-side request forgery: a source's URL, or a redirect, to a private address."""
    settings.OPENSIT_SOURCES_ALLOW_PRIVATE = False
    source = Source(name="SSRF", kind="datatourisme", owner=owner, url=url)
    with pytest.raises(sources.SourceError) as refused:
        sources.check(source)
    assert refused.value.field == "url" and "private" in str(refused.value)
    with pytest.raises(fetch.FetchError, match="sources are not fetched there"):
        fetch.refuse_private(httpx.Request("GET", url))  # every request, redirects included


def test_a_stored_source_to_a_private_address_fails_its_run(server, owner, settings):
    source = apidae(owner, server)  # saved while allowed (a test server is local)
    settings.OPENSIT_SOURCES_ALLOW_PRIVATE = False
    before = snapshot()
    run = sources.run_source(source)
    assert run.status == SourceRun.Status.FAILED
    assert run.error == (
        "Apidae Hautes-Alpes: This address is private, loopback, link-local or reserved"
        " (127.0.0.1): sources are not fetched there. Nothing was imported."
    )
    assert snapshot() == before
    assert not server.state.hits  # nothing was asked of it


def test_the_schedule_job_queues_a_run_of_each_due_source(server, owner):
    """`run_due_sources` (OPENSIT_SCHEDULE["sources"]) queues a `source_run` job per due
    source, on the imports queue; the worker runs them: the catalog gets the source's objects."""
    due = apidae(owner, server)
    due.schedule, due.interval_hours = Source.Schedule.INTERVAL, 6
    due.next_run_at = timezone.now() - timedelta(minutes=1)
    due.save()
    later = make_source(owner, "apidae", server.url, project_id=PROJECT_ID, api_key=API_KEY)
    later.name = "Plus tard"
    later.schedule, later.interval_hours = Source.Schedule.INTERVAL, 6
    later.next_run_at = timezone.now() + timedelta(hours=1)
    later.save()
    run_due_sources.enqueue()
    assert run_pending() == 2  # the periodic job, then the run it queued
    run = SourceRun.objects.get()
    assert (run.source, run.status, run.import_run.created) == (due, "success", 100)
    assert DBTaskResult.objects.get(task_path=source_run.module_path).queue_name == "imports"
    due.refresh_from_db()
    assert due.next_run_at > timezone.now() + timedelta(hours=5)  # moved by the run
    run_due_sources.enqueue()
    assert run_pending() == 1 and SourceRun.objects.count() == 1  # nothing due any more


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("network-admin", True), ("org-admin", False), ("editor", False), ("reader", False)],
)
def test_only_network_admins_configure_and_run_sources(who, allowed, org_factory, member_factory):
    network = org_factory("reseau", is_network_admin=True)
    office = org_factory("ot-tours")
    actor = {
        "network-admin": lambda: member_factory(network, "admin"),
        "org-admin": lambda: member_factory(office, "admin"),
        "editor": lambda: member_factory(network, "editor"),
        "reader": lambda: member_factory(office, "reader"),
    }[who]()
    source = Source(name="S", kind="datatourisme", owner=office, url="http://127.0.0.1:9/f.zip")
    source.schedule = Source.Schedule.MANUAL
    if allowed:
        sources.save_source(actor, source)
        assert list(sources.sources_for(actor)) == [source]
        return
    with pytest.raises(PermissionDenied):
        sources.save_source(actor, source)
    with pytest.raises(PermissionDenied):
        sources.sources_for(actor)
    assert not Source.objects.exists()


def test_the_command_runs_a_source_by_name_and_fails_for_cron(server, owner):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    apidae(owner, server)
    out = StringIO()
    call_command("run-sources", "Apidae Hautes-Alpes", stdout=out)
    assert "Apidae Hautes-Alpes: Success" in out.getvalue() and "100 created" in out.getvalue()
    make_source(owner, "datatourisme", f"{server.url}/error", name="Flux en panne")
    with pytest.raises(CommandError, match="1 run"):
        call_command("run-sources", "Flux en panne", stdout=StringIO())
