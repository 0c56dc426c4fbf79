"""Usage counted in memory and written in batches; selections (query and list) evaluated live;
the `project`, `selection`, `webhooks` and `diffusion` commands."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from opensit.catalog import services as catalog
from opensit.diffusion import services
from opensit.diffusion.models import ApiKey, DiffusionProject, EmptySearch, Selection, UsageCounter
from opensit.diffusion.selections import evaluate
from opensit.diffusion.usage import BUFFER
from tests.diffusion.conftest import HOTEL


def test_usage_is_written_in_batches(api, hotel, project, settings):
    settings.OPENSIT_USAGE_FLUSH_EVERY = 5
    for _ in range(3):
        assert api.get(f"/api/v1/objects/{hotel.id}").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        api.get("/api/v1/objects", {"q": "zeppelin"})
    assert not any("diffusion_usagecounter" in q["sql"] for q in queries.captured_queries)
    assert not UsageCounter.objects.exists()  # four requests: still in memory
    api.get("/api/v1/objects", {"q": "univers"})  # the fifth flushes
    counters = {
        (c.endpoint, c.requests, c.objects_served)
        for c in UsageCounter.objects.filter(project=project)
    }
    assert counters == {("object", 3, 3), ("objects", 2, 1)}
    empty = EmptySearch.objects.get(project=project)
    assert empty.params == {"q": "zeppelin"} and empty.count == 1
    for _ in range(5):
        api.get(f"/api/v1/objects/{hotel.id}")
    assert UsageCounter.objects.get(project=project, endpoint="object").requests == 8
    api.get("/api/v1/communes")
    assert BUFFER.flush() == 1
    assert UsageCounter.objects.get(project=project, endpoint="communes").requests == 1


def test_a_flush_adds_to_the_stored_counts(api, hotel, project, settings):
    settings.OPENSIT_USAGE_FLUSH_EVERY = 1000
    for _round in range(2):
        api.get(f"/api/v1/objects/{hotel.id}")
        api.get("/api/v1/objects", {"q": "zeppelin", "type": "hotel"})
        api.get("/api/v1/objects", {"q": "dirigeable"})
        assert BUFFER.flush() == 4  # two counters, two empty searches
    counters = {
        (c.endpoint, c.requests, c.objects_served)
        for c in UsageCounter.objects.filter(project=project)
    }
    assert counters == {("object", 2, 2), ("objects", 4, 0)}
    empty = {(e.params["q"], e.count) for e in EmptySearch.objects.filter(project=project)}
    assert empty == {("zeppelin", 2), ("dirigeable", 2)}
    assert BUFFER.flush() == 0


def test_a_deleted_projects_counts_are_dropped_not_a_failed_flush(office_admin, project):
    gone = services.create_project(office_admin, "Short-lived")
    BUFFER.record(gone.pk, "objects", 3, {"q": "nothing"})
    BUFFER.record(project.pk, "objects", 2)
    gone.delete()
    assert BUFFER.flush() == 1  # the live project's counter only
    assert list(UsageCounter.objects.values_list("project_id", "requests", "objects_served")) == [
        (project.pk, 1, 2)
    ]
    assert not EmptySearch.objects.exists()


def test_list_selection_is_evaluated_live(office_admin, hotel, castle, editor):
    picked = services.create_selection(
        office_admin, "picked", "Picked", object_ids=[hotel.id, castle.id, "unknown-id"]
    )
    assert evaluate(picked) == [hotel.id, castle.id]
    catalog.unpublish(editor, castle, reason="closed")
    assert evaluate(picked) == [hotel.id]
    services.remove_from_selection(office_admin, picked, [hotel.id])
    assert evaluate(picked) == []


def test_query_selection_is_evaluated_live(office_admin, hotel, castle, editor, publish, api):
    tours = services.create_selection(
        office_admin, "tours-hotels", "Hotels in Tours",
        query={"types": ["accommodation"], "communes": ["37261"]},
    )  # fmt: skip
    assert evaluate(tours) == [hotel.id]
    second = publish({**HOTEL, "name": {"fr": "Hôtel du Cygne"}})
    assert set(evaluate(tours)) == {hotel.id, second.id}
    moved = {**HOTEL, "location": {"commune": {"insee": "37070", "name": "Chenonceaux"}}}
    catalog.update_object(editor, hotel, moved)
    assert evaluate(tours) == [second.id]
    body = api.get("/api/v1/selections/tours-hotels/objects").json()
    assert body["total"] == 1 and body["items"][0]["name"] == "Hôtel du Cygne"
    within = api.get("/api/v1/objects", {"selection": "tours-hotels", "q": "cygne"}).json()
    assert [item["id"] for item in within["items"]] == [second.id]


def test_selection_rules(office_admin, editor, org_factory, member_factory, hotel):
    with translation.override("en"), pytest.raises(ValueError, match="either a query or a list"):
        services.create_selection(office_admin, "both", "Both", query={}, object_ids=[])
    with translation.override("fr"), pytest.raises(ValueError, match="soit une requête"):
        services.create_selection(office_admin, "both", "Both", query={}, object_ids=[])
    with pytest.raises(ValueError, match="colour"):
        services.create_selection(editor, "bad", "Bad", query={"colour": "red"})
    with pytest.raises(ValueError, match="types"):
        services.create_selection(editor, "bad", "Bad", query={"types": ["spaceship"]})
    mine = services.create_selection(editor, "mine", "Mine", object_ids=[hotel.id])
    stranger = member_factory(org_factory("ot-blois"), "editor", "blois-editor")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.add_to_selection(stranger, mine, ["x"])


def test_commands(office, hotel, castle):
    out = StringIO()
    call_command("selection", "create", "best", "--name", "Best of", "--org", "ot-tours",
                 "--ids", f"{hotel.id},{castle.id}", stdout=out)  # fmt: skip
    call_command("selection", "remove", "best", castle.id, stdout=out)
    call_command("selection", "show", "best", stdout=out)
    assert "Hôtel de l'Univers" in out.getvalue() and "Chenonceau" not in out.getvalue()
    assert Selection.objects.get(slug="best").object_ids == [hotel.id]
    call_command("project", "create", "--org", "ot-tours", "--name", "Loire app",
                 "--languages", "en,fr", "--selection", "best", stdout=out)  # fmt: skip
    project = DiffusionProject.objects.get(name="Loire app")
    assert project.scope == "selections" and project.languages == ["en", "fr"]
    call_command("project", "validate", str(project.pk), stdout=out)
    out = StringIO()
    call_command("project", "key-create", str(project.pk), stdout=out)
    raw = out.getvalue().split(": ")[-1].strip()
    assert ApiKey.objects.get(project=project).prefix == raw.split(".")[0]
    out = StringIO()
    call_command("project", "key-rotate", raw.split(".")[0], stdout=out)
    assert ApiKey.objects.filter(project=project, revoked_at__isnull=True).count() == 1
    call_command("project", "list", stdout=out)
    assert "Loire app" in out.getvalue()
    with pytest.raises(CommandError, match="reason"):
        call_command("project", "suspend", str(project.pk), "--reason", " ", stdout=out)
    with translation.override("fr"), pytest.raises(CommandError, match="Projet '999' inconnu"):
        call_command("project", "validate", "999", stdout=out)  # French first
    call_command("webhooks", "deliver", stdout=out)
    call_command("diffusion", "render", stdout=out)
    assert "2 objects rendered" in out.getvalue()
