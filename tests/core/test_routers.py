"""The replica settings and router without a replica (the real replica: tests/replicas):
what OPENSIT_DATABASE_REPLICA_URLS makes of DATABASES, and where each kind of query goes."""

import runpy

import pytest

from opensit import settings as settings_module
from opensit.core import routers
from opensit.core.routers import (
    ReplicaRouter,
    primary_reads,
    read_alias,
    reads_from,
    replica_reads,
)


def _settings(monkeypatch, primary: str, replicas: str | None) -> dict:
    monkeypatch.setenv("OPENSIT_DATABASE_URL", primary)
    if replicas is None:
        monkeypatch.delenv("OPENSIT_DATABASE_REPLICA_URLS", raising=False)
    else:
        monkeypatch.setenv("OPENSIT_DATABASE_REPLICA_URLS", replicas)
    return runpy.run_path(settings_module.__file__)


def test_without_replicas_there_is_no_router(monkeypatch):
    found = _settings(monkeypatch, "postgres://u@db:5432/opensit", None)
    assert list(found["DATABASES"]) == ["default"]
    assert found["DATABASE_ROUTERS"] == []


def test_each_replica_url_is_a_database_read_through_the_router(monkeypatch):
    found = _settings(
        monkeypatch,
        "postgres://u@primary:5432/opensit",
        "postgres://u@replica-a:5432/opensit, postgres://u@replica-b:5433/opensit",
    )
    databases = found["DATABASES"]
    assert list(databases) == ["default", "replica_1", "replica_2"]
    assert databases["replica_2"]["HOST"] == "replica-b" and databases["replica_2"]["PORT"] == 5433
    assert databases["replica_1"]["OPTIONS"]["application_name"] == "opensit-read"
    assert databases["replica_1"]["TEST"] == {"MIRROR": "default"}
    assert found["DATABASE_ROUTERS"] == ["opensit.core.routers.ReplicaRouter"]


def test_replicas_of_a_sqlite_database_are_refused_by_name(monkeypatch):
    with pytest.raises(ValueError, match="OPENSIT_DATABASE_REPLICA_URLS: replica 1"):
        _settings(monkeypatch, "sqlite:///x.sqlite3", "postgres://u@replica:5432/opensit")


def test_without_replicas_the_seam_changes_nothing():
    with replica_reads() as alias:
        assert alias is None
        assert read_alias() == "default"


def test_writes_and_migrations_stay_on_the_primary():
    router = ReplicaRouter()
    assert router.db_for_write(object) == "default"
    assert router.allow_migrate("default", "catalog")
    assert not router.allow_migrate("replica_1", "catalog")


def test_reads_follow_the_context(monkeypatch):
    monkeypatch.setattr(routers, "process_replica", lambda: "replica_1")
    with replica_reads() as alias:
        assert alias == "replica_1"
        assert read_alias() == "replica_1"
        assert ReplicaRouter().db_for_read(object) == "replica_1"
        with primary_reads():  # what must read its own writes
            assert read_alias() == "default"
        assert read_alias() == "replica_1"
        with reads_from("replica_2"):  # by name (`opensit search follow`)
            assert read_alias() == "replica_2"
        with reads_from("default"):
            assert read_alias() == "default"
    assert read_alias() == "default"


def test_reads_inside_a_primary_transaction_stay_on_the_primary(db, monkeypatch):
    """`db` holds a transaction open on the primary, as a write does: its reads must see it."""
    monkeypatch.setattr(routers, "process_replica", lambda: "replica_1")
    with replica_reads():
        assert read_alias() == "default"
        assert ReplicaRouter().db_for_read(object) == "default"


def test_a_process_keeps_one_replica(monkeypatch):
    monkeypatch.setattr(routers, "replica_aliases", lambda: ["replica_1", "replica_2"])
    monkeypatch.setattr(routers, "_chosen", None)
    chosen = routers.process_replica()
    assert chosen in ("replica_1", "replica_2")
    assert {routers.process_replica() for _ in range(20)} == {chosen}
    monkeypatch.setattr(routers, "_chosen", (-1, "replica_9"))  # chosen before a fork
    assert routers.process_replica() in ("replica_1", "replica_2")


def test_a_key_always_reads_the_same_replica(monkeypatch):
    """Whatever the process: a consumer's reads only move forward (the feed, then its objects)."""
    monkeypatch.setattr(routers, "replica_aliases", lambda: ["replica_1", "replica_2"])
    monkeypatch.setattr(routers, "_chosen", None)
    chosen = {f"key-{n}": routers.replica_for(f"key-{n}") for n in range(50)}
    assert set(chosen.values()) == {"replica_1", "replica_2"}  # keys spread over both
    monkeypatch.setattr(routers, "_chosen", (-1, "replica_1"))  # another process
    assert all(routers.replica_for(key) == alias for key, alias in chosen.items())
    with replica_reads("key-7") as alias:
        assert alias == chosen["key-7"]
