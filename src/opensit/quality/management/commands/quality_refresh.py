"""Recompute the stored quality of every object (after changing the rules)."""

from django.core.management.base import BaseCommand

from opensit.catalog.models import TourismObject
from opensit.quality.store import refresh


class Command(BaseCommand):
    help = "Recompute completeness and checks of all objects."

    def handle(self, *args, **options) -> None:
        total, batch = 0, []
        for obj in TourismObject.objects.exclude(status="deleted").iterator(chunk_size=1000):
            batch.append(obj)
            if len(batch) == 1000:
                total += refresh(batch)
                batch = []
        total += refresh(batch)
        self.stdout.write(f"{total} objects assessed")
