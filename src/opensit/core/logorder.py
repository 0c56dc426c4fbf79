"""Logs read by position commit in the order of their positions.

The change feed (`diffusion.FeedEntry.seq`) and the text index's log (`search_text_log.seq`)
are read by position: a reader keeps the last position it saw and asks for what follows. On
PostgreSQL a position comes from a sequence when the row is inserted, and transactions commit
in any order: a transaction that took position 10 may commit after another took 11 and
committed, and a reader that saw 11 would never see 10. On a replica, which replays commits in
the primary's order, the same.

So every transaction that appends to one of these logs takes one advisory lock first, held to
its commit (`pg_advisory_xact_lock`): appends, and so positions and commits, follow one another,
and whatever a reader sees of a log (on the primary or on any replica, however far behind) is
all of it up to its last position. On SQLite, where a write transaction already excludes every
other, there is nothing to do. The lock is taken at the append, late in the transaction, so it
is held for the end of a write only (docs/deployment.md, "The change feed and replicas").
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

#: The advisory lock's key (any constant the project uses for nothing else).
APPEND_LOCK = 0x05175EED


@contextmanager
def ordered_append(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Enclose an append to a positioned log: in a transaction (the caller's, or one of its
    own), after the append lock on PostgreSQL."""
    connection = connections[using]
    with transaction.atomic(using=using, savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK])
        yield
