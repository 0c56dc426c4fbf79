"""Recompute quality inside the write transaction, in bulk, whenever objects are written."""

from typing import Any

from django.dispatch import receiver

from opensit.catalog.signals import objects_written
from opensit.quality.store import refresh


@receiver(objects_written, dispatch_uid="quality.refresh")
def refresh_quality(sender: Any, objects: list, **kwargs: Any) -> None:
    if kwargs.get("fresh"):  # written by the fast creation path (quality.fresh_parts)
        return
    refresh(objects)
