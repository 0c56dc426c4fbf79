"""Sent inside the write transaction, so listeners (the search index, the rendered public JSON)
change in the same transaction as the objects."""

from django.dispatch import Signal

# kwargs: objects (list[TourismObject]) written or tombstoned in this transaction.
objects_written = Signal()
