"""Running the demo again: on the same day it writes nothing; on a later day it moves the dated
objects (one revision each, through the catalog services), creates nothing, and leaves alone
what people changed: their texts stay, and objects whose dates they changed keep those dates."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from opensit.catalog import services
from opensit.catalog.models import Revision, TourismObject
from opensit.catalog.pipeline import validate
from opensit.core.models import AuditEntry
from opensit.demo.builders import demo_id
from opensit.demo.dates import DemoDays
from opensit.demo.loader import demo_specs, load_demo
from opensit.demo.refresh import dates_of
from opensit.diffusion.models import ApiKey, DiffusionProject, FeedEntry
from opensit.network.models import Organisation
from opensit.network.permissions import Actor

pytestmark = pytest.mark.django_db

FIRST = date(2026, 12, 3)


def _counts() -> dict[str, int]:
    return {
        "objects": TourismObject.objects.count(),
        "revisions": Revision.objects.count(),
        "feed": FeedEntry.objects.count(),
        "audit": AuditEntry.objects.count(),
        "projects": DiffusionProject.objects.count(),
        "keys": ApiKey.objects.count(),
    }


def _versions() -> dict[str, int]:
    return dict(TourismObject.objects.values_list("id", "version"))


def _dates(day: date) -> dict[str, dict]:
    """The dated parts of every demo document for `day`, by object id."""
    return {
        demo_id(spec.key): dates_of(validate(spec.document).to_json())
        for spec in demo_specs(DemoDays(day))
    }


def _editor() -> Actor:
    user = get_user_model().objects.get(username="editor")
    return Actor.for_user(user, Organisation.objects.get(slug="ot-amboise"))


def test_same_day_writes_nothing():
    load_demo(FIRST)
    before, versions = _counts(), _versions()
    result = load_demo(FIRST)
    assert (result.loaded, result.moved, result.kept) == (False, 0, [])
    assert _counts() == before and _versions() == versions


@pytest.mark.parametrize("later", [date(2026, 12, 10), date(2027, 7, 1), date(2028, 2, 29)])
def test_later_day_moves_each_dated_object_once(later):
    load_demo(FIRST)
    before, versions = _counts(), _versions()
    old, new = _dates(FIRST), _dates(later)
    should_move = {object_id for object_id in new if new[object_id] != old[object_id]}
    assert should_move  # the calendar moves something in a week

    result = load_demo(later)

    after = _versions()
    moved = {object_id for object_id in after if after[object_id] != versions[object_id]}
    assert moved == should_move and result.moved == len(moved) and result.kept == []
    assert all(after[object_id] == versions[object_id] + 1 for object_id in moved)
    counts = _counts()
    assert counts["objects"] == before["objects"]  # nothing created
    assert counts["revisions"] == before["revisions"] + len(moved)
    assert (counts["projects"], counts["keys"]) == (before["projects"], before["keys"])
    for obj in TourismObject.objects.filter(id__in=moved):
        assert dates_of(obj.document) == new[obj.id], obj.name
        revision = Revision.objects.get(object=obj, number=obj.version)
        assert (revision.action, revision.origin) == ("update", "demo")
        assert later.isoformat() in revision.comment
    # Published objects tell the feed; the moved projection is what the search reads.
    concerts = TourismObject.objects.get(id=demo_id("dimanches-musicaux-saint-denis"))
    assert concerts.first_date == DemoDays(later).weekend[1]
    assert FeedEntry.objects.count() > before["feed"]
    # And the next run on that day writes nothing.
    settled = _counts()
    assert load_demo(later).moved == 0 and _counts() == settled


def test_moving_keeps_what_people_changed():
    load_demo(FIRST)
    editor = _editor()
    # The editor rewrites the market's description: a text, not a date.
    market = TourismObject.objects.get(id=demo_id("marche-d-amboise"))
    edited = {**market.document, "description": {"fr": "Le marché, revu par l'office.", "en": ""}}
    assert services.update_object(editor, market, edited, comment="texte")
    # ... and the concert series gets a fifth date: the concerts' dates are the office's now.
    concerts = TourismObject.objects.get(id=demo_id("dimanches-musicaux-saint-denis"))
    event = concerts.document["event"]
    occurrences = [*event["occurrences"], {"start_date": "2027-06-06", "start_time": "17:00"}]
    extra = {**concerts.document, "event": {**event, "occurrences": occurrences}}
    assert services.update_object(editor, concerts, extra, comment="cinquième concert")
    concerts.refresh_from_db()
    concerts_document, concerts_version = concerts.document, concerts.version

    later = date(2027, 3, 14)
    result = load_demo(later)

    market.refresh_from_db()
    assert market.document["description"]["fr"] == "Le marché, revu par l'office."
    assert dates_of(market.document) == _dates(later)[market.id]  # moved all the same
    concerts.refresh_from_db()
    assert result.kept == ["Les Dimanches musicaux de Saint-Denis"]
    assert (concerts.document, concerts.version) == (concerts_document, concerts_version)
    # Kept on every later run too: the demo does not take the dates back.
    assert load_demo(date(2027, 4, 1)).kept == ["Les Dimanches musicaux de Saint-Denis"]
    concerts.refresh_from_db()
    assert concerts.version == concerts_version


def test_deleted_objects_stay_deleted():
    load_demo(FIRST)
    tasting = TourismObject.objects.get(id=demo_id("soiree-degustation-domaine-des-coteaux"))
    provider = get_user_model().objects.get(username="provider")
    actor = Actor.for_user(provider, Organisation.objects.get(slug="domaine-des-coteaux"))
    services.delete_object(actor, tasting, "annulée")
    tasting.refresh_from_db()
    version, objects = tasting.version, TourismObject.objects.count()
    load_demo(date(2027, 1, 20))
    tasting.refresh_from_db()
    assert (tasting.status, tasting.version) == ("deleted", version)
    assert TourismObject.objects.count() == objects


def test_the_command_reports_what_it_moved(capsys):
    call_command("demo", "--today", "2026-12-03")
    capsys.readouterr()
    versions = _versions()
    call_command("demo", "--today", "2026-12-03")
    assert "already loaded; nothing changed" in capsys.readouterr().out
    call_command("demo", "--today", "2026-12-10")
    moved = sum(1 for k, v in _versions().items() if v != versions[k])
    out = capsys.readouterr().out
    assert f"{moved} objects moved, nothing created" in out and moved > 0
