"""A connector kit part: the vocabulary entries (labels of source codes) met while mapping,
upserted in groups and at the end of the run, for every connector that registers them."""

from collections.abc import Iterable

from opensit.catalog.document import TourismDocument
from opensit.catalog.vocabularies import Entry, upsert_entries
from opensit.connectors.base import RecordReport, SourceItem


class VocabularyBuffer:
    """Mixed into a connector: `register` entries as records are mapped (or as mapping
    workers hand them over: `attach`), `finish` writes what is pending. Most records reuse
    codes already met, which are not written again."""

    #: Buffered entries are upserted when this many are pending, and at the end of the run.
    vocabulary_flush = 500

    def _buffer(self) -> tuple[set[str], dict[str, Entry]]:
        if "_vocabulary_pending" not in self.__dict__:
            self._vocabulary_registered: set[str] = set()
            self._vocabulary_pending: dict[str, Entry] = {}
        return self._vocabulary_registered, self._vocabulary_pending

    def register(self, entries: Iterable[Entry]) -> None:
        registered, pending = self._buffer()
        for entry in entries:
            if entry.code not in registered and entry.code not in pending:
                pending[entry.code] = entry
        if len(pending) >= self.vocabulary_flush:
            self.flush_vocabulary()

    def map(self, item: SourceItem, report: RecordReport) -> TourismDocument:
        """In one process: `map_detached`, whose side data are the entries met, then
        `attach` them."""
        document, entries = self.map_detached(item, report)
        self.attach(entries)
        return document

    def attach(self, side: list[Entry]) -> None:
        """A mapping worker's side data are the entries it met."""
        self.register(side)

    def novel_side(self, side: list[Entry]) -> list[Entry]:
        """In a mapping worker: only the entries this worker has not sent yet (the engine
        hands over a dropped duplicate's side data too, so none is lost)."""
        sent = self.__dict__.setdefault("_vocabulary_sent", set())
        novel = [entry for entry in side if entry.code not in sent]
        sent.update(entry.code for entry in novel)
        return novel

    def flush_vocabulary(self) -> None:
        registered, pending = self._buffer()
        if pending:
            upsert_entries(pending.values())
            registered.update(pending)
            pending.clear()

    def finish(self) -> None:
        self.flush_vocabulary()
