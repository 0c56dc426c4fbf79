"""Read replicas: which database a query goes to (docs/deployment.md, "Read replicas").

The primary (`default`) takes every write and every read, except where code says otherwise.
One seam says so: `replica_reads()`, entered by the public API for its read-only requests (GET
and HEAD under /api/v1, the write API excepted: `opensit.api`). Inside it, reads go to the
request's replica; a write still goes to the primary, and so does any read made while
a transaction is open on the primary, since such a read must see what that transaction wrote
(the usage flush, a last-used stamp). Without `OPENSIT_DATABASE_REPLICA_URLS` there is no
replica: the seam is a no-op and the router answers `default` for everything.

Which replica: a request with an API key always reads the same one, chosen from the key
(`replica_for`), whatever the process or server that answers it. A consumer thus reads one
database, whose state only moves forward: an entry of the change feed, then the object it
names, come from the same replica, never the object from a replica further behind than the
feed it just read. A request without a key reads the replica its process picked at random when
it first needed one (after the fork: workers spread over the replicas). Each replica has its
own text index on each server (`search.textindex` follows the log of the database it serves).
"""

import os
import random
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

REPLICA_PREFIX = "replica_"

#: The alias reads go to in the current context; None: the primary.
_reading: ContextVar[str | None] = ContextVar("opensit_read_database", default=None)
_chosen: tuple[int, str] | None = None  # (pid, alias): one replica per process


def replica_aliases() -> list[str]:
    """The aliases of the configured replicas (`replica_1`...), in settings order."""
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def process_replica() -> str | None:
    """The replica this process reads from, None without replicas."""
    global _chosen
    pid = os.getpid()
    if _chosen is None or _chosen[0] != pid:
        aliases = replica_aliases()
        if not aliases:
            return None
        _chosen = (pid, random.choice(aliases))
    return _chosen[1]


def replica_for(key: str | None) -> str | None:
    """The replica of a consumer's key (a stable hash: the same on every process and server,
    while the list of replicas stays the same); without a key, the process's."""
    aliases = replica_aliases()
    if not key or not aliases:
        return process_replica()
    return aliases[zlib.crc32(key.encode("utf-8", "replace")) % len(aliases)]


@contextmanager
def replica_reads(key: str | None = None) -> Iterator[str | None]:
    """Send the reads of the enclosed code to the replica of `key` (`replica_for`; none
    configured: no change). Yields the alias used."""
    alias = replica_for(key)
    if alias is None:
        yield None
        return
    with reads_from(alias):
        yield alias


@contextmanager
def reads_from(alias: str) -> Iterator[None]:
    """Send the reads of the enclosed code to the database `alias` (a replica, by name)."""
    token = _reading.set(None if alias == DEFAULT_DB_ALIAS else alias)
    try:
        yield
    finally:
        _reading.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Read from the primary inside a replica context: for what must read its own writes."""
    token = _reading.set(None)
    try:
        yield
    finally:
        _reading.reset(token)


def read_alias() -> str:
    """Where a read made now goes: the context's replica, unless a transaction is open on the
    primary (its reads must see its own writes)."""
    alias = _reading.get()
    if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return alias


def reading() -> BaseDatabaseWrapper:
    """The connection for raw SQL reads (`reading().cursor()`), routed as the ORM's reads."""
    return connections[read_alias()]


class ReplicaRouter:
    """Django's database router (settings.DATABASE_ROUTERS, set only with replicas)."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # related objects follow the object they hang on
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replicas hold the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replicas get the schema by replication
