"""Anonymous audience counts of the destination sites, when a site's switch is on: one count
per site, day and page (an object's detail page or an editorial page). Nothing about the
visitor is read or kept: no cookie, no address, no agent.

A view is added to this process's tally (a dict, microseconds); the tally goes to the database
every `FLUSH_VIEWS` views or `FLUSH_SECONDS` seconds, at the next view, as one UPDATE
(`views = views + n`) per page counted, an INSERT the first time of a day. Measured on the dev
machine: one UPDATE per view cost 0.7 ms on SQLite and 2.6 ms on PostgreSQL, against 4 to 9 ms
for a whole cached page. A process that stops loses its unflushed tally (at most a minute)."""

import threading
import time
from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from opensit.sites.models import Destination, SiteDailyCount

Kind = SiteDailyCount.Kind
#: Answers that are a view of the page: served, or revalidated by the browser's copy.
VIEWED = (200, 304)
FLUSH_VIEWS = 200
FLUSH_SECONDS = 60.0
_tally: Counter[tuple[int, date, str, str]] = Counter()
_lock = threading.Lock()
_flushed_at = time.monotonic()


def count_view(request: HttpRequest, response: HttpResponse, kind: str, ref: str) -> None:
    """Count a GET of a page of a site whose switch is on (HEAD and errors are no views)."""
    destination = getattr(request, "destination", None)
    if destination is None or request.method != "GET" or response.status_code not in VIEWED:
        return
    if not destination.analytics:
        return
    global _flushed_at
    with _lock:
        _tally[(destination.pk, timezone.localdate(), kind, ref)] += 1
        due = _tally.total() >= FLUSH_VIEWS or time.monotonic() - _flushed_at >= FLUSH_SECONDS
    if due:
        flush()


def flush() -> None:
    """Write this process's tally to the database."""
    global _flushed_at
    with _lock:
        pending = dict(_tally)
        _tally.clear()
        _flushed_at = time.monotonic()
    for (destination_id, day, kind, ref), views in pending.items():
        add(destination_id, day, kind, ref, views)


def forget() -> None:
    """Drop the tally unwritten (tests: a view of another test's site)."""
    global _flushed_at
    with _lock:
        _tally.clear()
        _flushed_at = time.monotonic()


def add(destination_id: int, day: date, kind: str, ref: str, views: int = 1) -> None:
    key = {"destination_id": destination_id, "day": day, "kind": kind, "ref": ref}
    if SiteDailyCount.objects.filter(**key).update(views=F("views") + views):
        return
    try:
        with transaction.atomic():
            SiteDailyCount.objects.create(**key, views=views)
    except IntegrityError:  # another request made the day's row first
        SiteDailyCount.objects.filter(**key).update(views=F("views") + views)


def top_pages(destination: Destination, since: date, limit: int = 20) -> list[dict]:
    """The most viewed pages since a day: kind, ref and views."""
    return list(
        SiteDailyCount.objects.filter(destination=destination, day__gte=since)
        .values("kind", "ref")
        .annotate(total=Sum("views"))
        .order_by("-total", "kind", "ref")[:limit]
    )
