"""Two `opensit serve` instances, three gunicorn workers each, on one database and one Redis.

What must be shared is: a project's rate limit is exact over both, a revoked or rotated key is
refused by every process within a second, and usage counts survive `kill -9`. What each server
keeps is its search index, which follows the database's change log. The usage test kills the
servers: it comes last.
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.servers import Server, run_python
from tests.sharedstate.conftest import RATE_LIMIT, start

OBJECTS = "/api/v1/objects?limit=1"
BURST_THREADS = 12


def _get(server: Server, key: str, path: str = OBJECTS) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", headers={"X-API-Key": key}, timeout=30)


def _spread(servers: tuple[Server, ...], key: str, count: int, path: str = OBJECTS) -> list:
    """`count` concurrent requests, alternately to each server."""
    with ThreadPoolExecutor(BURST_THREADS) as pool:
        return list(pool.map(lambda i: _get(servers[i % len(servers)], key, path), range(count)))


def test_a_burst_over_both_servers_gets_exactly_the_limit(servers, site):
    answers = _spread(servers, site.keys["rate"], 3 * RATE_LIMIT)
    statuses = [answer.status_code for answer in answers]
    assert statuses.count(200) == RATE_LIMIT, statuses
    assert statuses.count(429) == 2 * RATE_LIMIT, statuses
    # Each admitted request saw its own place in the one shared count.
    remaining = sorted(int(a.headers["X-RateLimit-Remaining"]) for a in answers if a.is_success)
    assert remaining == list(range(RATE_LIMIT))
    for answer in answers:
        assert answer.headers["X-RateLimit-Limit"] == str(RATE_LIMIT)
        assert 0 < int(answer.headers["X-RateLimit-Reset"]) <= 600
    refused = [answer for answer in answers if answer.status_code == 429]
    assert all(int(a.headers["Retry-After"]) > 0 for a in refused)
    assert {a.json()["type"].rpartition("/")[2] for a in refused} == {"rate-limited"}
    assert all("OPENSIT_CACHE_URL" not in server.log.read_text() for server in servers)


def _refused_everywhere_within_a_second(servers: tuple[Server, ...], key: str) -> None:
    """Poll every server's workers (concurrent requests reach all of them) until they all
    answer 401, for one second at most; then once more, to see none let it through again."""
    deadline = time.monotonic() + 1.0
    statuses: list[int] = []
    while time.monotonic() < deadline:
        statuses = [a.status_code for a in _spread(servers, key, 12)]
        if set(statuses) == {401}:
            break
    assert set(statuses) == {401}, f"a revoked key still answered after 1 s: {statuses}"
    assert {a.status_code for a in _spread(servers, key, 24)} == {401}


REVOKE = """
from opensit.diffusion import services
from opensit.diffusion.models import ApiKey
from opensit.network.models import Organisation
from tests import factories
admin = factories.member(Organisation.objects.get(slug="ot-tours"), "admin", username="ot-admin")
key = ApiKey.objects.get(prefix={prefix!r})
{action}
"""


def _service(shared: dict, raw: str, action: str) -> str:
    """Revoke or rotate a key through the service layer, in a process of its own."""
    prefix = raw.partition(".")[0]
    return run_python(shared, REVOKE.format(prefix=prefix, action=action))


def test_a_revoked_key_is_refused_by_every_process_within_a_second(servers, site, shared):
    key = site.keys["revoke"]
    assert {a.status_code for a in _spread(servers, key, 12)} == {200}  # every worker knows it
    _service(shared, key, "services.revoke_key(admin, key)")
    _refused_everywhere_within_a_second(servers, key)


def test_a_rotated_key_is_refused_at_once_and_its_successor_works(servers, site, shared):
    old = site.keys["rotate"]  # 8 + 8 requests: within the project's limit of 20
    assert {a.status_code for a in _spread(servers, old, 8)} == {200}
    out = _service(shared, old, "print(services.rotate_key(admin, key)[1])")
    new = out.strip().splitlines()[-1]
    _refused_everywhere_within_a_second(servers, old)
    assert {a.status_code for a in _spread(servers, new, 8)} == {200}


PUBLISH = """
from opensit.catalog import services
from opensit.network.models import Organisation
from tests import factories
editor = factories.member(Organisation.objects.get(slug="ot-tours"), "editor", username="ot-editor")
document = {
    "type": "hotel",
    "name": {"fr": "Hôtel Quintefeuille", "en": "Quintefeuille Hotel"},
    "location": {"commune": {"insee": "37261", "name": "Tours"},
                 "latitude": 47.39, "longitude": 0.69},
}
obj = services.publish(editor, services.create_object(editor, document))
print(obj.pk)
"""
SEARCH = "/api/v1/objects?q=quintefeuille"


def _found(server: Server, key: str) -> list[str]:
    answer = _get(server, key, SEARCH)
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def test_an_object_published_through_one_is_found_on_the_other(servers, site, shared, tmp_path):
    first, second = servers
    key = site.keys["search"]
    assert _found(second, key) == []  # the second server's index exists before the change
    public_id = run_python(shared, PUBLISH).strip().splitlines()[-1]
    deadline = time.monotonic() + 2.0
    found: list[str] = []
    while time.monotonic() < deadline and public_id not in found:
        found = _found(second, key)
    assert found == [public_id], f"not found on the other server within 2 s: {found}"
    assert _found(first, key) == [public_id]
    # A server started after the publication, with an index of its own, finds it at once.
    late = start(shared, "late", tmp_path, workers=1)
    try:
        assert _found(late, key) == [public_id]
    finally:
        late.stop()


USAGE = """
import json
from opensit.diffusion import usage
from opensit.diffusion.models import ApiKey, EmptySearch
from django.db.models import Sum
project = ApiKey.objects.get(name="usage").project
days = usage.daily_requests(project.pk)  # flushes first
print(json.dumps({
    "requests": sum(n for _day, n in days),
    "endpoints": usage.requests_by_endpoint(project.pk),
    "empty": EmptySearch.objects.filter(project=project).aggregate(n=Sum("count"))["n"],
}))
"""


def test_without_redis_a_graceful_stop_writes_every_workers_usage(site, shared, tmp_path):
    """The embedded default (no OPENSIT_CACHE_URL) counts in each worker's memory: gunicorn's
    worker_exit hook writes them when the server stops, so only `kill -9` loses them."""
    alone = {k: v for k, v in shared.items() if k != "OPENSIT_CACHE_URL"}
    alone["OPENSIT_DATABASE_URL"] = site.database(tmp_path)  # a fresh copy: no usage yet
    server = Server(alone, log=tmp_path / "alone.log", workers=3).start()
    try:
        answers = _spread((server,), site.keys["usage"], 15)
    finally:
        server.stop()
    assert {a.status_code for a in answers} == {200}
    assert server.process.returncode == 0
    assert "OPENSIT_CACHE_URL" in server.log.read_text()  # serve says what the default means
    usage = json.loads(run_python(alone, USAGE).strip().splitlines()[-1])
    assert usage["requests"] == 15


def test_usage_counts_survive_kill_9_of_workers_and_servers(servers, site, shared):
    first, second = servers
    key = site.keys["usage"]
    found = _spread(servers, key, 30)
    empty = _spread(servers, key, 10, "/api/v1/objects?q=zzyzxqwv")
    assert {a.status_code for a in found + empty} == {200}
    assert all(a.json()["total"] == 0 for a in empty)
    # Nothing has been flushed (OPENSIT_USAGE_FLUSH_EVERY is far away): every count is in the
    # workers' hands when they die.
    killed = first.kill_workers()
    assert len(killed) == 3
    second.kill()
    usage = json.loads(run_python(shared, USAGE).strip().splitlines()[-1])
    assert usage["requests"] == 40
    assert usage["endpoints"] == [["objects", 40, sum(len(a.json()["items"]) for a in found)]]
    assert usage["empty"] == 10
    # gunicorn replaced the killed workers: the first server still answers, and counts.
    assert _get(first, key).status_code == 200
    usage = json.loads(run_python(shared, USAGE).strip().splitlines()[-1])
    assert usage["requests"] == 41
