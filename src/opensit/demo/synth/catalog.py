"""Write a synthetic catalog straight into the database, through `catalog.services.save_batch`,
batch after batch in constant memory. Re-running with the same seed changes nothing: objects
are matched on their source id and found unchanged."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import transaction

from opensit.catalog import services
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import TourismObject
from opensit.catalog.vocabularies import Entry, Scheme, upsert_entries
from opensit.demo.synth.generator import SYSTEM, SyntheticCatalog
from opensit.demo.vocabulary import demo_entries
from opensit.network.models import Organisation
from opensit.network.permissions import Actor

SYNTH_ORGANISATION = "opensit-synth"


@dataclass
class SynthReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.created + self.updated + self.unchanged


def _batches(docs: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while batch := list(islice(docs, size)):
        yield batch


def synth_organisation() -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        slug=SYNTH_ORGANISATION,
        defaults={"name": "Synthetic catalog", "kind": Organisation.Kind.SOURCE},
    )
    return org


def register_vocabulary() -> None:
    stars = [
        Entry(Scheme.CLASSIFICATION, "ScaleRating_1etoile", {"fr": "1 étoile", "en": "1 star"}),
        Entry(Scheme.CLASSIFICATION, "ScaleRating_5etoiles", {"fr": "5 étoiles", "en": "5 stars"}),
    ]
    upsert_entries([*demo_entries(), *stars])


def write_catalog(
    count: int,
    seed: int,
    year: int,
    batch_size: int = 1000,
    on_batch: Callable[[int], None] | None = None,
) -> SynthReport:
    """Generate `count` objects and save them in batches of `batch_size`, one transaction each."""
    register_vocabulary()
    owner = synth_organisation()
    actor = Actor.importer(owner)
    report = SynthReport()
    generator = SyntheticCatalog(seed, year)
    for batch in _batches(generator.documents(count), batch_size):
        documents = [TourismDocument.model_validate(doc) for doc in batch]
        with transaction.atomic():
            existing = {
                obj.source_id: obj
                for obj in TourismObject.objects.filter(
                    source_system=SYSTEM, source_id__in=[doc.source.id for doc in documents]
                )
            }
            result = services.save_batch(
                actor,
                [services.BatchItem(doc, existing.get(doc.source.id)) for doc in documents],
                owner=owner,
            )
        report.created += len(result.created)
        report.updated += len(result.updated)
        report.unchanged += len(result.unchanged)
        if on_batch:
            on_batch(len(batch))
    return report
