"""The import engine: runs a connector over a path and writes through the catalog's services.

Records no previous run stored become new objects whose rows (object, revision and every part of
`catalog.pipeline`) are staged in the mapping workers on large inputs and written here in a few
executemany calls (`services.save_staged`); records that changed go through
`catalog.services.save_batch`, which merges with local edits. Both write through the pipeline.
"""

import os
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import orjson
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from pydantic import ValidationError
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from opensit.catalog import pipeline, services
from opensit.catalog.document import TourismDocument, lenient
from opensit.catalog.models import TourismObject
from opensit.connectors import media_policy, premap
from opensit.connectors.base import (
    Connector,
    MappingError,
    ReadError,
    RecordReport,
    SourceItem,
    validation_issues,
    with_source,
)
from opensit.connectors.models import ImportIssue, ImportRun, SourceRecord
from opensit.core import bulk, sqlite
from opensit.core.audit import log_action
from opensit.core.identifiers import source_object_id
from opensit.network.models import Organisation
from opensit.network.permissions import Actor

BATCH_SIZE = 500
#: Inputs of at least this many records are read and mapped in a worker process (`premap`)
#: when the connector allows it and there is more than one core.
PARALLEL_FROM = 1000
#: Outcomes of a worker's mapping that carry no side data.
NO_SIDE_DATA = frozenset({"unchanged", "validation", "mapping", "unexpected"})
_RECORD_FIELDS = [
    "payload_hash",
    "mapping_version",
    "compressed_payload",
    "object_id",
    "last_run",
    "updated_at",
]


@contextmanager
def _closed_after(entries: object) -> Iterator[None]:
    """Close the entries (stopping the mapping workers) however the import ends."""
    try:
        yield
    finally:
        close = getattr(entries, "close", None)
        if close is not None:
            close()


class StrictAbort(Exception):
    """Raised in strict mode at the first error, to roll the whole import back."""


@dataclass
class _Mapped:
    """A mapped record: its document (or the document's JSON, validated only when needed) and,
    when a worker prepared it, the rows of the new object it would create."""

    item: SourceItem
    document: TourismDocument | None = None
    document_json: bytes = b""
    prepared: pipeline.Staged | None = None

    def doc(self) -> TourismDocument:
        if self.document is None:
            data = self.document_json or self.prepared.document_json
            self.document = TourismDocument.model_validate_json(data)
        return self.document


class ImportEngine:
    def __init__(
        self,
        connector: Connector,
        *,
        owner: Organisation | None = None,
        strict: bool = False,
        progress: bool = False,
        batch_size: int = BATCH_SIZE,
        parallel: bool | None = None,
        workers: int | None = None,
    ) -> None:
        self.connector = connector
        self.owner = owner
        self.strict = strict
        self.show_progress = progress
        self.batch_size = batch_size
        self.parallel = parallel
        self.workers = workers
        self.actor = Actor.importer(owner)
        self.unknown_keys: Counter[str] = Counter()
        self.issues: list[ImportIssue] = []
        self._staging_context: pipeline.Context | None = None
        #: Source id keys of the files the workers recognised as unchanged (8 bytes each).
        self.unchanged_files = array("Q")

    @property
    def staging_context(self) -> pipeline.Context:
        """What the parts need to stage new objects, read once per run."""
        if self._staging_context is None:
            self._staging_context = pipeline.context(
                self.actor, "import", owner=self.owner, status=TourismObject.Status.PUBLISHED
            )
        return self._staging_context

    # -- running ------------------------------------------------------------------------------

    def run(self, path: Path | str) -> ImportRun:
        path = Path(path)
        media_policy.install(self.connector, self.owner)  # licences of media, per source
        self.run_record = ImportRun.objects.create(
            source=self.connector.system, path=str(path), owner=self.owner, strict=self.strict
        )
        started = time.perf_counter()
        with sqlite.no_mmap(connection):  # the pages an import touches, read once
            try:
                with premap.fewer_collections():
                    if self.strict:
                        with transaction.atomic():
                            self._import(path)
                    else:
                        self._import(path)
            except StrictAbort:
                self._reset_counts()
                self.run_record.status = ImportRun.Status.ABORTED
            except Exception as exc:  # a broken archive must not leave a half-told run
                self._issue("error", "", "", "", f"{type(exc).__name__}: {exc}")
                self.run_record.status = ImportRun.Status.FAILED
            else:
                run = self.run_record
                run.status = ImportRun.Status.PARTIAL if run.failed else ImportRun.Status.SUCCESS
            self._finish(started)
        return self.run_record

    def _reset_counts(self) -> None:
        run = self.run_record
        run.created = run.updated = run.unchanged = run.deleted = 0

    def _finish(self, started: float) -> None:
        from opensit.search import mentions

        run = self.run_record
        if run.created or run.updated or run.deleted:
            mentions.refresh()  # how often objects name each other: part of the search prior
        run.duration = time.perf_counter() - started
        run.finished_at = timezone.now()
        run.unknown_keys = dict(self.unknown_keys.most_common())
        run.warnings = sum(1 for issue in self.issues if issue.level == "warning")
        run.save()
        for issue in self.issues:
            issue.run = run
        ImportIssue.objects.bulk_create(self.issues, batch_size=1000)
        log_action(
            self.actor,
            "connectors.import",
            run.pk,
            source=run.source,
            path=run.path,
            created=run.created,
            updated=run.updated,
            unchanged=run.unchanged,
            deleted=run.deleted,
            failed=run.failed,
            status=run.status,
        )

    def _import(self, path: Path) -> None:
        total = self.connector.count(path)
        entries = self._entries(path, total)  # workers start before the progress bar's thread
        with _closed_after(entries), self._progress(total) as advance:
            batch: list[SourceItem] = []
            for entry in entries:
                if isinstance(entry, premap.UnchangedFiles):  # neither parsed nor written
                    self.run_record.read += len(entry.keys)
                    self.run_record.unchanged += len(entry.keys)
                    self.unchanged_files.extend(entry.keys)
                    advance(len(entry.keys))
                    continue
                self.run_record.read += 1
                if isinstance(entry, ReadError):
                    self._fail(entry.file, entry.source_id, "", entry.message)
                    advance(1)
                    continue
                batch.append(entry)
                if len(batch) >= self.batch_size:
                    self._write_batch(batch)
                    advance(len(batch))
                    batch = []
            if batch:
                self._write_batch(batch)
                advance(len(batch))
        self.connector.finish()
        self._warn_unchanged_duplicates()
        deleted = self.connector.deletions()
        if deleted:
            self.run_record.deleted += services.tombstone_by_source(
                self.actor,
                self.connector.system,
                deleted,
                reason=f"deleted in {self.connector.system}",
            )

    def _entries(self, path: Path, total: int | None):
        parallel = self.parallel
        if parallel is None:
            parallel = (os.cpu_count() or 1) > 1 and (total or 0) >= PARALLEL_FROM
        if parallel and self.connector.parallel:
            known = premap.KnownRecords.build(
                SourceRecord.objects.filter(system=self.connector.system)
                .values_list("source_id", "payload_hash", "mapping_version")
                .iterator(chunk_size=10_000),
                self.connector.mapping_version,
            )
            return premap.read_premapped(
                self.connector, path, known, self.staging_context, workers=self.workers
            )
        return self.connector.read(path)

    @contextmanager
    def _progress(self, total: int | None) -> Iterator[Callable[[int], None]]:
        """Yield a function that advances a rich progress bar (a no-op when hidden)."""
        if not self.show_progress:
            yield lambda n: None
            return
        progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        task = progress.add_task(f"Import {self.connector.system}", total=total)
        with progress:
            yield lambda n: progress.advance(task, n)

    # -- one batch ----------------------------------------------------------------------------

    def _write_batch(self, batch: list[SourceItem]) -> None:
        batch = self._dedupe(batch)
        system = self.connector.system
        ids = [item.source_id for item in batch]
        records = {
            rec.source_id: rec
            for rec in SourceRecord.objects.filter(system=system, source_id__in=ids).only(
                "id", "source_id", "payload_hash", "mapping_version", "object_id"
            )
        }
        to_map = []
        for item in batch:
            rec = records.get(item.source_id)
            if (
                rec is not None
                and rec.payload_hash == item.payload_hash
                and rec.mapping_version == self.connector.mapping_version
            ):
                self.run_record.unchanged += 1
            else:
                to_map.append(item)
        if not to_map:
            return
        mapped = [m for m in (self._map(item) for item in to_map) if m is not None]
        if not mapped:
            return
        try:
            with transaction.atomic():
                self._save(mapped, records)
        except (IntegrityError, ValueError) as exc:
            if self.strict:
                raise StrictAbort from exc
            for one in mapped:  # find the culprit, save the rest
                try:
                    with transaction.atomic():
                        self._save([one], records)
                except (IntegrityError, ValueError) as one_exc:
                    self._fail(one.item.file, one.item.source_id, "", str(one_exc))

    def _warn_unchanged_duplicates(self) -> None:
        """The duplicates among the files recognised as unchanged (`premap.UnchangedFiles`),
        which the batches never see: a source id twice in the input, or also in a record that
        changed (the changed copy is the one kept, wherever it stands)."""
        keys = self.unchanged_files
        if not keys:
            return
        seen: set[int] = set()
        repeated = {key for key in keys if key in seen or seen.add(key)}
        written = (
            SourceRecord.objects.filter(system=self.connector.system, last_run=self.run_record)
            .values_list("source_id", flat=True)
            .iterator(chunk_size=10_000)
        )
        changed = {premap.record_key(source_id) for source_id in written} & seen
        if not repeated and not changed:
            return
        names = (
            SourceRecord.objects.filter(system=self.connector.system)
            .values_list("source_id", flat=True)
            .iterator(chunk_size=10_000)
        )
        for source_id in names:
            key = premap.record_key(source_id)
            if key in changed:
                message = "duplicate source id in the same input; the copy that changed is kept"
            elif key in repeated:
                message = "duplicate source id in the same input (identical copies)"
            else:
                continue
            self._issue("warning", "", source_id, "", message)

    def _dedupe(self, batch: list[SourceItem]) -> list[SourceItem]:
        seen: dict[str, SourceItem] = {}
        for item in batch:
            if item.source_id in seen:
                self._issue(
                    "warning",
                    item.file,
                    item.source_id,
                    "",
                    "duplicate source id in the same input; the last one is kept",
                )
                self._attach_dropped(seen[item.source_id])
            seen[item.source_id] = item
        return list(seen.values())

    def _attach_dropped(self, item: SourceItem) -> None:
        """A worker sends side data (vocabulary entries) once, with the first record that
        needs it: a dropped duplicate's side data still reaches the connector."""
        if isinstance(item, premap.PremappedItem) and item.outcome[0] not in NO_SIDE_DATA:
            self.connector.attach(item.outcome[-1])

    def _map(self, item: SourceItem) -> _Mapped | None:
        if isinstance(item, premap.PremappedItem):
            if item.outcome[0] == "unchanged":  # the database says otherwise: map it here
                item = SourceItem(item.source_id, orjson.loads(item.raw), item.raw, item.file)
            else:
                return self._map_premapped(item)
        report = RecordReport(item.source_id, item.file)
        try:
            with lenient(report.warn):  # bad URLs, language codes: a warning, not a failure
                doc = self.connector.with_policies(self.connector.map(item, report), report)
        except ValidationError as exc:
            for field_name, message in validation_issues(exc):
                self._fail(item.file, item.source_id, field_name, message, count=False)
            self._count_failure()
            return None
        except MappingError as exc:
            self._fail(item.file, item.source_id, exc.field, exc.message)
            return None
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            self._fail(item.file, item.source_id, "", f"unexpected structure: {exc!r}")
            return None
        with_source(doc, self.connector.system, item.source_id)
        for field_name, message in report.warnings:
            self._issue("warning", item.file, item.source_id, field_name, message)
        self.unknown_keys.update(report.unknown_keys)
        return _Mapped(item, document=doc)

    def _map_premapped(self, item: premap.PremappedItem) -> _Mapped | None:
        """`_map` for a record the worker mapped: the same issues, the same document."""
        kind, *rest = item.outcome
        if kind == "validation":
            for field_name, message in rest[0]:
                self._fail(item.file, item.source_id, field_name, message, count=False)
            self._count_failure()
            return None
        if kind == "mapping":
            self._fail(item.file, item.source_id, rest[0], rest[1])
            return None
        if kind == "unexpected":
            self._fail(item.file, item.source_id, "", rest[0])
            return None
        data, side = rest
        self.connector.attach(side)
        for field_name, message in item.warnings:
            self._issue("warning", item.file, item.source_id, field_name, message)
        self.unknown_keys.update(item.unknown_keys)
        return _Mapped(item, document_json=data, prepared=item.staged)

    def _save(self, mapped: list[_Mapped], records: dict[str, SourceRecord]) -> None:
        system = self.connector.system
        object_ids = {m.item.source_id: self._object_id(m, records) for m in mapped}
        existing = TourismObject.objects.select_related("owner").in_bulk(list(object_ids.values()))
        # New objects' rows are staged (by a worker, or here) and written as they are; the
        # others are merged with what the catalog holds.
        new = [m for m in mapped if object_ids[m.item.source_id] not in existing]
        known = [m for m in mapped if object_ids[m.item.source_id] in existing]
        run = self.run_record
        if new:
            staged = [m.prepared or pipeline.stage_new(m.doc(), self.staging_context) for m in new]
            services.save_staged(self.actor, staged)
            run.created += len(staged)
        if known:
            result = services.save_batch(
                self.actor,
                [
                    services.BatchItem(m.doc(), existing[object_ids[m.item.source_id]])
                    for m in known
                ],
                owner=self.owner,
            )
            run.created += len(result.created)
            run.updated += len(result.updated)
            run.unchanged += len(result.unchanged)
        now = timezone.now()
        plan = bulk.row_plan(SourceRecord)
        new, changed = [], []
        for m in mapped:
            rec = records.get(m.item.source_id)
            values = {
                "payload_hash": m.item.payload_hash,
                "mapping_version": self.connector.mapping_version,
                "compressed_payload": getattr(m.item, "compressed", b"")
                or SourceRecord.compress(m.item.raw),
                "object_id": object_ids[m.item.source_id],
                "last_run_id": run.pk,
                "updated_at": now,
            }
            if rec is None:  # a row, not a model instance: there are many
                new.append(
                    plan.row(SimpleNamespace(system=system, source_id=m.item.source_id, **values))
                )
            else:
                for key, value in values.items():
                    setattr(rec, key, value)
                changed.append(rec)
        bulk.execute(plan, new)
        SourceRecord.objects.bulk_update(changed, _RECORD_FIELDS)

    @staticmethod
    def _object_id(m: _Mapped, records: dict[str, SourceRecord]) -> str:
        """Where the record lands: its known object, the document's id, or the id derived
        from its source reference (the same on every instance)."""
        rec = records.get(m.item.source_id)
        if rec is not None:
            return rec.object_id
        if m.prepared is not None:
            return m.prepared.object_id
        doc = m.doc()
        if doc.id:
            return doc.id
        return source_object_id(doc.source.system, doc.source.id)

    # -- issues -------------------------------------------------------------------------------

    def _issue(self, level: str, file: str, source_id: str, field_name: str, msg: str) -> None:
        self.issues.append(
            ImportIssue(level=level, file=file, source_id=source_id, field=field_name, message=msg)
        )

    def _count_failure(self) -> None:
        self.run_record.failed += 1
        if self.strict:
            raise StrictAbort

    def _fail(self, file: str, source_id: str, field_name: str, msg: str, count: bool = True):
        self._issue("error", file, source_id, field_name, msg)
        if count:
            self._count_failure()
