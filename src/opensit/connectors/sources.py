"""Configured sources and their runs: who may configure them (network admins only), when they
are due, and a run from download to report.

A run fetches completely and checks what it fetched (`fetch`) before the import starts: a
failed download ends as a failed run naming the source and the cause, and the catalog is
unchanged. The import goes through the engine like `opensit import`; then, for a source that
gives its whole listing, the objects of its earlier runs it no longer lists become tombstones.

`start_run` and `start_upload` queue a recorded run as a job (`connectors.jobs.source_run`,
run by `opensit worker`); the periodic job `run_due_sources` asks `due_sources(now)`.
"""

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opensit.catalog.models import TourismObject
from opensit.catalog.pipeline import Change, commit
from opensit.connectors import credentials, fetch, sniff
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportRun, Source, SourceRecord, SourceRun
from opensit.connectors.registry import CONNECTORS
from opensit.core.audit import log_action
from opensit.network.models import Organisation
from opensit.network.permissions import Actor, require

#: Fetched files are kept for this many runs of a source (then removed; the runs stay).
KEEP_FETCHED = 5
#: A run unfinished after this long is taken as dead (its process stopped): the source is due
#: again.
STALE_AFTER = timedelta(hours=6)
#: How often a running import writes its progress.
PROGRESS_EVERY = 0.5

ProgressHook = Callable[[SourceRun], None]


class SourceError(ValueError):
    """A source's settings that cannot work (no key for Apidae...): named field, clear text."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# -- permissions and configuration ------------------------------------------------------------


def require_network_admin(actor: Actor) -> Actor:
    """Sources pull into the whole catalog: only the network's admins configure and run them."""
    require(actor.is_network_admin, _("Only the network's admins manage sources and imports."))
    return actor


def sources_for(actor: Actor) -> QuerySet[Source]:
    require_network_admin(actor)
    return Source.objects.select_related("owner")


def runs_for(actor: Actor) -> QuerySet[SourceRun]:
    require_network_admin(actor)
    return SourceRun.objects.select_related("source", "import_run", "owner")


def save_source(actor: Actor, source: Source, *, api_key: str | None = None) -> Source:
    """Create or update `source` (its fields set by the caller). `api_key`: None keeps the
    stored key, "" removes it, anything else replaces it (encrypted, never shown back)."""
    require_network_admin(actor)
    if api_key is not None:
        api_key = api_key.strip()
        source.encrypted_key = credentials.encrypt(api_key) if api_key else ""
        source.key_hint = api_key[-4:] if len(api_key) >= 12 else ""
    check(source)
    source.next_run_at = next_run(source, timezone.now())
    creating = source.pk is None
    source.save()
    log_action(
        actor,
        "connectors.source_create" if creating else "connectors.source_update",
        source.pk,
        name=source.name,
        kind=source.kind,
        owner=source.owner.slug,
        key_changed=api_key is not None,
    )
    return source


def check(source: Source) -> None:
    """What each kind needs, named by field."""
    address = fetch.private_address(source.url) if source.url else None
    if address:
        raise SourceError(
            "url",
            _(
                "This address is private, loopback, link-local or reserved (%(address)s):"
                " sources are not fetched there."
            )
            % {"address": address},
        )
    if source.kind == Source.Kind.APIDAE:
        if not source.project_id.strip():
            raise SourceError("project_id", _("An Apidae source needs its project id."))
        if not source.encrypted_key and not source.exports:
            raise SourceError("api_key", _("An Apidae source needs the project's API key."))
    if source.schedule == Source.Schedule.DAILY and source.daily_at is None:
        raise SourceError("daily_at", _("A daily schedule needs a time."))
    if source.schedule == Source.Schedule.INTERVAL and not source.interval_hours:
        raise SourceError("interval_hours", _("An interval schedule needs a number of hours."))
    if not 0 < source.timeout <= 3600:
        raise SourceError("timeout", _("The timeout is between 0 and 3,600 seconds."))


def field_policy_of(obj: TourismObject) -> str | None:
    """The field ownership policy of the configured source that brings `obj` (same source
    system and owner), if it sets its own (`catalog.ownership.SOURCE_POLICIES`)."""
    return (
        Source.objects.filter(kind=obj.source_system, owner_id=obj.owner_id)
        .exclude(field_policy="")
        .values_list("field_policy", flat=True)
        .first()
    )


def next_run(source: Source, after: datetime) -> datetime | None:
    """When the scheduler should run `source` next, strictly after `after`."""
    if not source.enabled or source.schedule == Source.Schedule.MANUAL or source.exports:
        return None
    if source.schedule == Source.Schedule.INTERVAL:
        return after + timedelta(hours=source.interval_hours or 24)
    local = timezone.localtime(after)
    at = local.replace(
        hour=source.daily_at.hour, minute=source.daily_at.minute, second=0, microsecond=0
    )
    if at <= local:
        at += timedelta(days=1)
    return at


def due_sources(now: datetime) -> QuerySet[Source]:
    """The sources the scheduler should run at `now`: enabled, scheduled, their time come, and
    no run of theirs still going (unless it is stale)."""
    busy = SourceRun.objects.exclude(status__in=SourceRun.FINISHED).filter(
        created_at__gte=now - STALE_AFTER, source__isnull=False
    )
    return (
        Source.objects.filter(enabled=True, next_run_at__lte=now)
        .exclude(schedule=Source.Schedule.MANUAL)
        .exclude(kind=Source.Kind.APIDAE, apidae_mode=Source.ApidaeMode.EXPORT)
        .exclude(pk__in=busy.values("source_id"))
        .select_related("owner")
    )


# -- runs ---------------------------------------------------------------------------------------


def runs_dir() -> Path:
    return Path(getattr(settings, "OPENSIT_SOURCE_RUNS_DIR", settings.VAR_DIR / "source-runs"))


def new_run(source: Source, started_by: str = "") -> SourceRun:
    return SourceRun.objects.create(
        source=source,
        kind=source.kind,
        label=source.name,
        owner=source.owner,
        started_by=started_by,
    )


def run_source(
    source: Source, *, progress: ProgressHook | None = None, run: SourceRun | None = None
) -> SourceRun:
    """Fetch `source` completely, check it, import it, delete what it no longer lists. Never
    raises for the source's faults: they end as a failed run whose error names the source
    and the cause. `progress` is called with the run as it advances (a job may report it)."""
    run = run or new_run(source)
    _advance(run, SourceRun.Status.FETCHING, progress, started_at=timezone.now())
    Source.objects.filter(pk=source.pk).update(next_run_at=next_run(source, timezone.now()))
    workdir = runs_dir() / f"run-{run.pk}"
    if workdir.exists():
        shutil.rmtree(workdir)
    try:
        fetched = _fetch(source, workdir, run, progress)
        absent = _absent(source, fetched.ids) if _full_listing(source, run) else []
    except (fetch.FetchError, credentials.SecretLost, SourceError) as exc:
        cause = str(exc) or _("the stored API key cannot be read: enter it again")
        return fail_run(run, source, cause, progress)
    except OSError as exc:
        return fail_run(run, source, _("cannot write the download: %(e)s") % {"e": exc}, progress)
    run.fetched_bytes, run.fetched_path = fetched.size, str(fetched.path)
    _advance(run, SourceRun.Status.IMPORTING, progress, done=0, total=None)
    import_run = _import(
        source.kind, fetched.path, source.owner, run, progress, expected=len(fetched.ids)
    )
    if absent and import_run.status in (ImportRun.Status.SUCCESS, ImportRun.Status.PARTIAL):
        import_run.deleted += _tombstone(source, absent)
        import_run.save(update_fields=["deleted"])
    _finish(run, import_run, progress)
    if run.notification and run.status == SourceRun.Status.SUCCESS:
        _confirm(run, source, workdir)
    prune_fetched(source)
    return run


def _full_listing(source: Source, run: SourceRun) -> bool:
    """Whether what the run fetched is the source's whole listing (its absent objects are
    deleted): a search, a flux, or an Apidae export that says it is a full one."""
    if not source.delete_absent:
        return False
    if source.exports:
        return bool(run.notification.get("reinitialisation"))
    return True


def _confirm(run: SourceRun, source: Source, workdir: Path) -> None:
    """Tell Apidae the export is processed (GET `urlConfirmation`), after a successful import
    only. A refused confirmation leaves the import as it is and says so on the run."""
    try:
        fetch.confirm(
            run.notification["urlConfirmation"], workdir, fetch.Limits.for_timeout(source.timeout)
        )
    except fetch.FetchError as exc:
        run.error = _("%(source)s: imported, but Apidae's confirmation failed: %(cause)s") % {
            "source": source.name,
            "cause": str(exc).rstrip(". "),
        }
        SourceRun.objects.filter(pk=run.pk).update(error=run.error)
        return
    run.confirmed_at = timezone.now()
    SourceRun.objects.filter(pk=run.pk).update(confirmed_at=run.confirmed_at)


def _fetch(
    source: Source, workdir: Path, run: SourceRun, progress: ProgressHook | None
) -> fetch.Fetched:
    limits = fetch.Limits.for_timeout(source.timeout)
    key = credentials.decrypt(source.encrypted_key) if source.encrypted_key else ""

    def fetched(done: int, total: int | None) -> None:
        _advance(run, SourceRun.Status.FETCHING, progress, done=done, total=total)

    if source.exports:
        check(source)
        _after_earlier_exports(source, run)
        url = run.notification.get("urlRecuperation")
        if not url:
            raise SourceError(
                "apidae_mode", _("an export source runs when Apidae notifies an export")
            )
        return fetch.fetch_apidae_export(url, workdir, limits, fetched)
    if source.kind == Source.Kind.APIDAE:
        check(source)
        return fetch.fetch_apidae(source.url, source.project_id, key, workdir, limits, fetched)
    if source.kind == Source.Kind.DATATOURISME:
        return fetch.fetch_datatourisme(source.url, workdir, limits, fetched)
    return fetch.fetch_jsonl(source.url, key, workdir, limits, fetched)


def _after_earlier_exports(source: Source, run: SourceRun) -> None:
    """Exports apply in order: with several workers on the `imports` queue, an export must not
    be imported while an earlier one of its source still is. Refused, it is not confirmed."""
    earlier = SourceRun.objects.filter(
        source=source,
        pk__lt=run.pk,
        status__in=(SourceRun.Status.FETCHING, SourceRun.Status.IMPORTING),
        created_at__gte=timezone.now() - STALE_AFTER,
    )
    if earlier.exists():
        raise SourceError(
            "apidae_mode", _("an earlier export of this source is still being imported")
        )


def _records_of(source: Source) -> QuerySet[SourceRecord]:
    """The source records the earlier runs of `source` brought."""
    return SourceRecord.objects.filter(system=source.kind, last_run__source_run__source=source)


def _absent(source: Source, listed: set[str]) -> list[str]:
    """Object ids of this source's earlier records that the new listing leaves out. An empty
    listing deletes nothing: it is refused, as a broken source's answer more likely than a
    source emptied for good."""
    known = dict(_records_of(source).values_list("source_id", "object_id"))
    if not listed and known:
        raise fetch.FetchError(
            _("the source lists no object (%(n)d known from earlier runs)") % {"n": len(known)}
        )
    return [object_id for source_id, object_id in known.items() if source_id not in listed]


def _tombstone(source: Source, object_ids: list[str]) -> int:
    objects = list(
        TourismObject.objects.filter(pk__in=object_ids).exclude(status=TourismObject.Status.DELETED)
    )
    for obj in objects:
        obj.status = TourismObject.Status.DELETED
    commit(
        Actor.importer(source.owner),
        [Change(obj) for obj in objects],
        action="delete",
        comment=_("no longer listed by the source %(name)s") % {"name": source.name},
    )
    return len(objects)


class _RunEngine(ImportEngine):
    """The engine, reporting its progress on the run instead of a terminal bar."""

    def __init__(
        self,
        *args: Any,
        run: SourceRun,
        hook: ProgressHook | None,
        expected: int | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.source_run = run
        self.hook = hook
        self.expected = expected  # the listing's size, when the connector cannot count

    @contextmanager
    def _progress(self, total: int | None) -> Iterator[Callable[[int], None]]:
        run, state = self.source_run, {"done": 0, "at": 0.0}
        if total is None:
            total = self.expected

        def advance(n: int) -> None:
            state["done"] += n
            now = time.monotonic()
            if now - state["at"] >= PROGRESS_EVERY:
                state["at"] = now
                _advance(run, SourceRun.Status.IMPORTING, self.hook, done=state["done"])

        _advance(run, SourceRun.Status.IMPORTING, self.hook, done=0, total=total)
        yield advance
        _advance(run, SourceRun.Status.IMPORTING, self.hook, done=state["done"])


def _import(
    kind: str,
    path: Path,
    owner: Organisation | None,
    run: SourceRun,
    hook: ProgressHook | None,
    expected: int | None = None,
) -> ImportRun:
    engine = _RunEngine(CONNECTORS[kind](), owner=owner, run=run, hook=hook, expected=expected)
    return engine.run(path)


def _advance(run: SourceRun, status: str, hook: ProgressHook | None, **values: Any) -> None:
    run.status = status
    for key, value in values.items():
        setattr(run, key, value)
    SourceRun.objects.filter(pk=run.pk).update(status=status, **values)
    if hook is not None:
        hook(run)


def fail_run(
    run: SourceRun, source: Source | None, cause: str, hook: ProgressHook | None
) -> SourceRun:
    name = source.name if source is not None else run.label
    cause = cause.rstrip(". ")  # a sentence of its own (a field's message) ends with its stop
    run.error = _("%(source)s: %(cause)s. Nothing was imported.") % {"source": name, "cause": cause}
    _advance(run, SourceRun.Status.FAILED, hook, error=run.error, finished_at=timezone.now())
    log_action(
        Actor.system(), "connectors.source_run", run.pk, label=name, status="failed", error=cause
    )
    return run


def _finish(run: SourceRun, import_run: ImportRun, hook: ProgressHook | None) -> None:
    status = {
        ImportRun.Status.SUCCESS: SourceRun.Status.SUCCESS,
        ImportRun.Status.PARTIAL: SourceRun.Status.PARTIAL,
    }.get(import_run.status, SourceRun.Status.FAILED)
    error = ""
    if status == SourceRun.Status.FAILED:
        issue = import_run.issues.filter(level="error").first()
        error = _("%(source)s: the import failed: %(cause)s") % {
            "source": run.label,
            "cause": issue.message if issue else import_run.get_status_display(),
        }
    run.import_run = import_run
    SourceRun.objects.filter(pk=run.pk).update(import_run=import_run)
    _advance(
        run,
        status,
        hook,
        error=error,
        finished_at=timezone.now(),
        fetched_bytes=run.fetched_bytes,
        fetched_path=run.fetched_path,
    )


def prune_fetched(source: Source, keep: int = KEEP_FETCHED) -> None:
    """Remove the files fetched by all but the last `keep` runs of `source` (the runs and
    their reports stay)."""
    old = SourceRun.objects.filter(source=source).exclude(fetched_path="")[keep:]
    for run in old:
        folder = runs_dir() / f"run-{run.pk}"
        shutil.rmtree(folder, ignore_errors=True)
        SourceRun.objects.filter(pk=run.pk).update(fetched_path="")


# -- uploaded files -----------------------------------------------------------------------------


def upload_run(actor: Actor, name: str, chunks: Any, owner: Organisation | None) -> SourceRun:
    """Save an uploaded file under the runs' folder and record its run (queued). The format is
    sniffed as `opensit import` does; an unknown format is refused before anything is kept."""
    require_network_admin(actor)
    run = SourceRun.objects.create(
        kind="", label=Path(name).name or "upload", owner=owner, started_by=str(actor.user or "")
    )
    workdir = runs_dir() / f"run-{run.pk}"
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / (Path(name).name or "upload")
    size = 0
    with path.open("wb") as out:
        for chunk in chunks:
            size += len(chunk)
            out.write(chunk)
    found = sniff.sniff(path)
    kind = sniff.connector_for(found, CONNECTORS) if found else None
    if kind is None:
        shutil.rmtree(workdir, ignore_errors=True)
        run.delete()
        raise SourceError(
            "file",
            _("%(name)s: not a format OpenSIT imports (DATAtourisme, Apidae, JSON Lines...).")
            % {"name": Path(name).name},
        )
    SourceRun.objects.filter(pk=run.pk).update(
        kind=kind, fetched_path=str(path), fetched_bytes=size
    )
    run.refresh_from_db()
    return run


def run_upload(run: SourceRun, *, progress: ProgressHook | None = None) -> SourceRun:
    """Import the file of an upload run (the job of `start_upload`)."""
    _advance(run, SourceRun.Status.IMPORTING, progress, started_at=timezone.now())
    import_run = _import(run.kind, Path(run.fetched_path), run.owner, run, progress)
    _finish(run, import_run, progress)
    return run


# -- runs as jobs of the queue ------------------------------------------------------------------


def request_run(actor: Actor, source: Source) -> SourceRun:
    """A network admin's "run now": the run is recorded, then queued (`start_run`). An export
    source has nothing to run until Apidae notifies an export."""
    require_network_admin(actor)
    if source.exports:
        raise SourceError("apidae_mode", _("An export source runs when Apidae notifies an export."))
    run = new_run(source, started_by=str(actor.user or ""))
    log_action(actor, "connectors.source_run_requested", run.pk, source=source.name)
    start_run(source, run)
    return run


def start_run(source: Source, run: SourceRun | None = None) -> SourceRun:
    """Record a run of `source` (queued) and hand it to `opensit worker` as a job
    (`connectors.jobs.source_run`, on the `imports` queue)."""
    run = run or new_run(source)
    _enqueue(run)
    return run


def start_upload(actor: Actor, run: SourceRun) -> SourceRun:
    """The same for an uploaded file's import."""
    require_network_admin(actor)
    _enqueue(run)
    return run


def _enqueue(run: SourceRun) -> None:
    from opensit.connectors.jobs import source_run

    # In the caller's transaction, if any: the job and its run are committed together.
    source_run.enqueue(run.pk)


def fail_lost(run_id: int, cause: str) -> SourceRun | None:
    """End a run whose worker was lost (killed, out of memory) as failed with `cause`, unless
    it had finished; what it had imported before stays (each batch is committed)."""
    run = SourceRun.objects.filter(pk=run_id).select_related("source").first()
    if run is None or run.finished:
        return run
    name = run.source.name if run.source is not None else run.label
    with translation.override(settings.LANGUAGE_CODE):  # as `cause` (heartbeat.lost_message)
        run.error = _("%(source)s: %(cause)s.") % {"source": name, "cause": cause.rstrip(". ")}
    _advance(run, SourceRun.Status.FAILED, None, error=run.error, finished_at=timezone.now())
    log_action(
        Actor.system(), "connectors.source_run", run.pk, label=name, status="failed", error=cause
    )
    return run


def run_recorded(run: SourceRun) -> SourceRun:
    """Run a recorded run, a source's or an upload's (the job's body). A bug must not leave
    the run "running" for ever: it ends as a failed run naming the error, then is raised for
    the job's own record."""
    if run.finished:  # failed before its job ran (its source deleted)
        return run
    try:
        if run.source_id is not None:
            return run_source(run.source, run=run)
        return run_upload(run)
    except Exception as exc:
        fail_run(run, run.source, f"{type(exc).__name__}: {exc}", None)
        raise


# -- deleting a source --------------------------------------------------------------------------


def objects_of(source: Source) -> int:
    """How many live objects the runs of `source` brought (what its deletion leaves alone)."""
    ids = _records_of(source).values("object_id")
    return (
        TourismObject.objects.filter(pk__in=ids)
        .exclude(status=TourismObject.Status.DELETED)
        .count()
    )


def delete_source(actor: Actor, source: Source) -> int:
    """Delete `source`. The objects it brought stay, owned by its owner organisation (they are
    the catalog's, not the source's); its runs stay as history (their reports, detached from
    the source, their fetched files removed), and a queued run ends as failed; refused while a
    run is going. The number of runs kept."""
    require_network_admin(actor)
    with transaction.atomic():
        runs = SourceRun.objects.filter(source=source)
        going = runs.filter(
            status__in=(SourceRun.Status.FETCHING, SourceRun.Status.IMPORTING),
            created_at__gte=timezone.now() - STALE_AFTER,
        )
        if going.exists():
            raise SourceError(
                "source", _("A run of this source is going: delete it once the run has ended.")
            )
        runs.exclude(status__in=SourceRun.FINISHED).update(
            status=SourceRun.Status.FAILED,
            finished_at=timezone.now(),
            error=_("%(source)s: the source was deleted before this run ended.")
            % {"source": source.name},
        )
        for pk in runs.exclude(fetched_path="").values_list("pk", flat=True):
            shutil.rmtree(runs_dir() / f"run-{pk}", ignore_errors=True)
        kept = runs.update(source=None, fetched_path="")
        log_action(
            actor,
            "connectors.source_delete",
            source.pk,
            name=source.name,
            kind=source.kind,
            owner=source.owner.slug,
            runs_kept=kept,
        )
        source.delete()
    return kept
