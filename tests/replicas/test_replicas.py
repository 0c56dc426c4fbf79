"""Read replicas, against a real PostgreSQL streaming replica (conftest): the public API reads
the replica, the write API reads its own writes on the primary, and the change feed never
skips an entry, whether the replica lags or transactions commit out of order.

"Lagging" is deterministic: the replica's replay is paused (`pg_wal_replay_pause`), so it holds
exactly what it had, whatever the primary writes meanwhile.
"""

import threading
import time

WRITE = "/api/v1/write/objects"
DEADLINE_SECONDS = 60


def _follow(client, since: int) -> tuple[list[dict], int]:
    """A consumer of the feed: every page from `since` until `more` is false. The cursor it is
    given never goes backwards."""
    items: list[dict] = []
    cursor = since
    while True:
        response = client.get("/api/v1/changes", params={"since": cursor, "limit": 2})
        assert response.status_code == 200, response.text
        page = response.json()
        assert int(page["cursor"]) >= cursor, "the cursor went backwards"
        assert all(int(item["seq"]) > cursor for item in page["items"])
        items += page["items"]
        cursor = int(page["cursor"])
        if not page["more"]:
            return items, cursor


def _found(client, words: str) -> set[str]:
    response = client.get("/api/v1/objects", params={"q": words})
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_the_public_api_answers_from_the_replica(replication, drivers, credentials, servers):
    public = servers["replica"].client(**{"X-API-Key": credentials["key"]})
    direct = servers["primary"].client(**{"X-API-Key": credentials["key"]})
    first = drivers[0](op="publish", name="Hôtel du Quai")["id"]
    replication.wait_caught_up()
    assert public.get(f"/api/v1/objects/{first}").status_code == 200

    replication.pause_replay()
    try:
        second = drivers[0](op="publish", name="Hôtel de la Gare")["id"]
        # The replica has not replayed it: the API, which reads the replica, does not know it;
        # the same request to a server reading the primary finds it.
        assert public.get(f"/api/v1/objects/{second}").status_code == 404
        assert direct.get(f"/api/v1/objects/{second}").status_code == 200
        listed = {item["id"] for item in public.get("/api/v1/objects").json()["items"]}
        assert first in listed and second not in listed
        # The text index of the replica's server follows the replica's log, not the primary's.
        assert _found(public, "Gare") == set() and _found(direct, "Gare") == {second}
    finally:
        replication.resume_replay()
    replication.wait_caught_up()
    found = public.get(f"/api/v1/objects/{second}", params={"lang": "fr"})
    assert found.status_code == 200 and found.json()["name"] == "Hôtel de la Gare"
    assert _found(public, "Gare") == {second}
    # The server's reading connection is the replica's, by its application name.
    with replication.replica.connect(autocommit=True) as conn:
        readers = conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE application_name = 'opensit-read' AND datname = 'opensit'"
        ).fetchone()[0]
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    assert readers >= 1
    with replication.primary.connect(autocommit=True) as conn:
        assert not conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        assert not conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'opensit-read'"
        ).fetchone()[0]


def test_a_write_through_the_write_api_is_read_back_from_the_primary(lagging, credentials, servers):
    partner = servers["replica"].client(Authorization=f"Bearer {credentials['token']}")
    body = {
        "type": "rental",
        "name": {"fr": "Gîte des Tanneurs"},
        "location": {"commune": {"insee": "37261", "name": "Tours"}},
    }
    created = partner.post(WRITE, json=body)
    assert created.status_code == 201, created.text
    object_id = created.json()["object"]
    # Replay is paused: the replica does not have the object...
    with lagging.replica.connect(autocommit=True) as conn:
        on_replica = conn.execute(
            "SELECT count(*) FROM catalog_tourismobject WHERE id = %s", [object_id]
        ).fetchone()[0]
    assert on_replica == 0
    # ...and the write API, on the same server as the replica's readers, reads it back.
    read = partner.get(f"{WRITE}/{object_id}")
    assert read.status_code == 200, read.text
    assert read.json()["name"]["fr"] == "Gîte des Tanneurs"
    status = partner.get(created.headers["Location"])
    assert status.status_code == 200 and status.json()["status"] == "pending"
    # An update is a proposal (docs/write-api.md): its status is read back too.
    changed = partner.patch(f"{WRITE}/{object_id}", json={"name": {"fr": "Gîte du Tanneur"}})
    assert changed.status_code == 202, changed.text
    proposal = partner.get(changed.headers["Location"])
    assert proposal.status_code == 200, proposal.text
    assert proposal.json()["kind"] == "update" and proposal.json()["object"] == object_id


def test_the_feed_never_skips_an_entry_while_the_replica_lags(
    replication, drivers, credentials, servers
):
    replica = servers["replica"].client(**{"X-API-Key": credentials["key"]})
    primary = servers["primary"].client(**{"X-API-Key": credentials["key"]})
    replication.wait_caught_up()
    _seen, start = _follow(replica, 0)
    replication.pause_replay()
    try:
        during = [drivers[0](op="publish", name=f"Camping {n}")["id"] for n in range(3)]
        # A consumer reads a server of the primary first: it moves on to the new entries...
        items, ahead = _follow(primary, start)
        assert {item["id"] for item in items} == set(during)
        # ...then the lagging replica: an empty page, its cursor kept, never an older one.
        page = replica.get("/api/v1/changes", params={"since": ahead}).json()
        assert page["items"] == [] and int(page["cursor"]) == ahead and not page["more"]
        # A consumer of the replica alone sees nothing new yet, and keeps its place.
        behind, cursor = _follow(replica, start)
        assert behind == [] and cursor == start
        later = [drivers[0](op="publish", name=f"Gîte {n}")["id"] for n in range(2)]
    finally:
        replication.resume_replay()
    replication.wait_caught_up()
    rest, _end = _follow(replica, ahead)
    assert {item["id"] for item in rest} == set(later)
    everything, _end = _follow(replica, start)
    assert {item["id"] for item in everything} == set(during + later)


def test_entries_committed_out_of_seq_order_are_not_skipped(
    replication, drivers, credentials, servers
):
    """Transaction A appends to the feed and stays open; B appends after it. Were B to commit
    first, a consumer reading then would see B's entry, move its cursor past A's, and never see
    A's. B waits for A instead (core.logorder): the consumer sees both, in seq order."""
    primary = servers["primary"].client(**{"X-API-Key": credentials["key"]})
    replica = servers["replica"].client(**{"X-API-Key": credentials["key"]})
    _seen, start = _follow(primary, 0)
    first = drivers[0](op="hold", name="Auberge ouverte")["id"]  # A: open, not committed
    replies: list[dict] = []
    later = threading.Thread(
        target=lambda: replies.append(drivers[1](op="publish", name="Auberge fermée"))
    )
    later.start()
    try:
        with replication.primary.connect(autocommit=True) as conn:
            deadline = time.monotonic() + DEADLINE_SECONDS
            while (
                not replies
                and not conn.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                ).fetchone()[0]
            ):  # B is done, or waits for A
                assert time.monotonic() < deadline, "B neither committed nor waited"
                time.sleep(0.05)
        while_open, cursor = _follow(primary, start)
    finally:
        assert drivers[0](op="commit") == {"committed": True}
        later.join(timeout=DEADLINE_SECONDS)
    second = replies[0]["id"]
    after, _end = _follow(primary, cursor)
    followed = [item["id"] for item in while_open + after]
    assert first in followed, "A's entry was skipped: B committed first, the cursor passed it"
    assert followed == [first, second]
    replication.wait_caught_up()
    on_replica, _end = _follow(replica, start)
    assert [item["id"] for item in on_replica] == [first, second]
