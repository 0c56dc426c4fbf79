"""Duplicate candidates from SQL, the candidates screen, the merge tool and its redirect in the
public API, and the remembered “not a duplicate”."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from opensit.catalog import services
from opensit.catalog.models import TourismObject
from opensit.core.models import AuditEntry
from opensit.quality.duplicates import CELL, find_duplicates
from opensit.quality.models import DuplicateDismissal, DuplicateKey

from .conftest import at, make

pytestmark = pytest.mark.django_db


@dataclass
class Pairs:
    a: Any  # Tours, published
    b: Any  # Tours draft, similar name 120 m away
    c: Any  # Blois draft, same phone as a


@pytest.fixture
def pairs(network) -> Pairs:
    tours, blois = network.actors["tours-editor"], network.actors["blois-editor"]
    a = make(
        tours,
        "Le Bistrot des Halles",
        location=at("37261", "Tours", 47.3900, 0.6820),
        contacts=[{"kind": "phone", "value": "02 47 61 00 00"}],
    )
    a = services.publish(tours, a)
    b = make(
        tours,
        "Bistrot des Halles (Le)",
        location=at("37261", "Tours", 47.3910, 0.6825),
        description={"fr": "Cuisine de marché, terrasse sur la place."},
    )
    c = make(
        blois,
        "Brasserie du Théâtre",
        contacts=[{"kind": "phone", "value": "+33 2 47 61 00 00"}],
    )
    return Pairs(a, b, c)


def shown(client, network, who: str) -> dict[tuple[str, str], list[str]]:
    client.force_login(network.user(who))
    response = client.get(reverse("opensit_quality_duplicates"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return {(r["first"].pk, r["second"].pk): r["reasons"] for r in response.context["rows"]}


def key(x, y) -> tuple[str, str]:
    return tuple(sorted((x.pk, y.pk)))


def test_candidates_screen_scoping(client, network, pairs):
    p = pairs
    everything = {key(p.a, p.b): ["similar name nearby"], key(p.a, p.c): ["same phone"]}
    assert shown(client, network, "network") == everything
    # Tours sees its two bistrots; the Blois draft is neither its own nor published.
    assert shown(client, network, "tours-editor") == {key(p.a, p.b): ["similar name nearby"]}
    # Blois sees its draft against Tours' published bistrot, not Tours' private pair.
    assert shown(client, network, "blois-editor") == {key(p.a, p.c): ["same phone"]}
    html = client.get(reverse("opensit_quality_duplicates")).content.decode()
    assert "Bistrot des Halles (Le)" not in html


def test_keys_follow_the_writes(network, pairs):
    p = pairs
    tours, blois = network.actors["tours-editor"], network.actors["blois-editor"]
    assert DuplicateKey.objects.filter(object=p.c, key="phone:0247610000").exists()
    services.update_object(blois, p.c, {**p.c.document, "contacts": []})
    services.delete_object(tours, p.b, reason="created twice")
    assert find_duplicates() == []
    assert not DuplicateKey.objects.filter(object=p.b).exists()


def test_neighbouring_cells_are_compared(network):
    tours = network.actors["tours-editor"]
    boundary = 9481 * CELL  # 47.405: the two points are 22 m apart, in two cells
    one = make(
        tours,
        "Camping du Moulin",
        "campsite",
        location=at("37261", "Tours", boundary - 0.0001, 0.7),
    )
    two = make(
        tours,
        "Camping du Moulin (Le)",
        "campsite",
        location=at("37261", "Tours", boundary + 0.0001, 0.7),
    )
    rows = DuplicateKey.objects.filter(key="cell").order_by("cell_y")
    assert [r.cell_y for r in rows] == [9480, 9481]
    [cand] = find_duplicates(TourismObject.objects.filter(owner=network.tours))
    assert find_duplicates(TourismObject.objects.filter(owner=network.blois)) == []
    # Scoped to one object: its partner must be in the partners.
    assert find_duplicates(TourismObject.objects.filter(pk=one.pk)) == []
    partners = TourismObject.objects.filter(pk=two.pk)
    assert len(find_duplicates(TourismObject.objects.filter(pk=one.pk), partners=partners)) == 1
    assert (cand.first, cand.second) == key(one, two) and cand.reasons == ["name"]


def test_the_screen_is_paged(client, network, pairs, monkeypatch):
    from opensit.backoffice.views.quality import duplicates

    monkeypatch.setattr(duplicates, "PAGE_SIZE", 1)
    client.force_login(network.user("network"))
    url = reverse("opensit_quality_duplicates")
    first = client.get(url).context["rows"]
    second = client.get(url, {"p": 2}).context["rows"]
    pair = [{row["first"].pk, row["second"].pk} for row in (*first, *second)]
    assert len(first) == len(second) == 1 and pair[0] != pair[1]
    assert client.get(url).context["page"].paginator.num_pages == 2


def api_client(network) -> Client:
    from opensit.diffusion import services as diffusion

    admin = network.actors["tours-admin"]
    project = diffusion.create_project(admin, "Tours Visit", url="https://tours.example")
    diffusion.validate_project(network.actors["network"], project)
    _key, raw = diffusion.create_key(admin, project, "site")
    return Client(headers={"X-API-Key": raw})


def test_merge_through_the_screen_redirects_the_merged_id(client, network, pairs):
    p = pairs
    client.force_login(network.user("tours-editor"))
    url = reverse("opensit_quality_merge", args=key(p.a, p.b))
    preview = client.get(url, {"survivor": p.a.pk, "reason": "même restaurant"})
    assert preview.status_code == 200
    origins = dict(preview.context["preview"])
    assert origins["contacts"] == "survivor" and origins["description"] == "duplicate"
    assert 'data-field="description" data-origin="duplicate"' in preview.content.decode()

    response = client.post(url, {"survivor": p.a.pk, "reason": "même restaurant"})
    assert response.status_code == 302
    p.b.refresh_from_db()
    p.a.refresh_from_db()
    assert p.b.status == "deleted" and p.b.merged_into == p.a.pk
    assert p.a.document["description"]["fr"].startswith("Cuisine de marché")
    assert p.b.pk in [entry.get("object_id") for entry in p.a.provenance]
    assert AuditEntry.objects.filter(action="catalog.merge", object_id=p.a.pk).exists()

    api = api_client(network)
    moved = api.get(f"/api/v1/objects/{p.b.pk}", {"lang": "fr"})
    assert moved.status_code == 301
    assert moved["Location"] == f"/api/v1/objects/{p.a.pk}?lang=fr"
    assert api.get(moved["Location"]).status_code == 200
    # The pair is no longer a candidate: the duplicate is gone.
    assert shown(client, network, "tours-editor") == {}


MERGES = [
    # (who, duplicate, survivor, allowed)
    ("tours-admin", "b", "a", True),
    ("tours-editor", "b", "a", True),
    ("network", "c", "a", True),
    ("tours-contributor", "b", "a", False),
    ("tours-reader", "b", "a", False),
    ("blois-editor", "c", "a", False),  # may delete c, may not edit Tours' a
    ("blois-editor", "a", "c", False),  # may not delete Tours' a
    # c is Blois' unpublished draft: not even shown, and not found (404), never named.
    ("tours-editor", "c", "a", 404),
]


@pytest.mark.parametrize("who, duplicate, survivor, allowed", MERGES)
def test_merge_rights_matrix(client, network, pairs, who, duplicate, survivor, allowed):
    dup, surv = getattr(pairs, duplicate), getattr(pairs, survivor)
    before = {o.pk: (o.status, o.version) for o in TourismObject.objects.all()}
    client.force_login(network.user(who))
    url = reverse("opensit_quality_merge", args=key(dup, surv))
    response = client.post(url, {"survivor": surv.pk, "reason": "doublon"})
    if allowed is True:
        assert response.status_code == 302
        assert TourismObject.objects.get(pk=dup.pk).merged_into == surv.pk
    else:
        assert response.status_code == (404 if allowed == 404 else 403)
        assert dup.name not in response.content.decode() or allowed != 404
        after = {o.pk: (o.status, o.version) for o in TourismObject.objects.all()}
        assert after == before
        assert not AuditEntry.objects.filter(action="catalog.merge").exists()


def test_merge_names_bad_input(client, network, pairs):
    p = pairs
    client.force_login(network.user("tours-editor"))
    url = reverse("opensit_quality_merge", args=key(p.a, p.b))
    no_reason = client.post(url, {"survivor": p.a.pk, "reason": " "})
    assert no_reason.status_code == 400
    assert 'data-field="reason"' in no_reason.content.decode()
    stranger = client.get(url, {"survivor": p.c.pk, "reason": "x"})
    assert stranger.status_code == 400
    assert 'data-field="survivor"' in stranger.content.decode()
    missing = client.get(
        reverse("opensit_quality_merge", args=[p.a.pk, "nope"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert missing.status_code == 404
    same = client.get(
        reverse("opensit_quality_merge", args=[p.a.pk, p.a.pk]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Choose two different, existing objects." in same.content.decode()
    assert TourismObject.objects.filter(status="deleted").count() == 0


def test_not_a_duplicate_is_remembered(client, network, pairs):
    p = pairs
    client.force_login(network.user("tours-editor"))
    form = {"first": p.b.pk, "second": p.a.pk, "reason": "deux salles différentes"}
    response = client.post(reverse("opensit_quality_dismiss"), form)
    assert response.status_code == 302
    row = DuplicateDismissal.objects.get()
    assert (row.first, row.second) == key(p.a, p.b) and row.user == network.user("tours-editor")
    assert AuditEntry.objects.filter(action="quality.duplicate_dismissed").count() == 1
    assert shown(client, network, "tours-editor") == {}
    assert key(p.a, p.b) not in shown(client, network, "network")
    # Still remembered after both objects change.
    tours = network.actors["tours-editor"]
    services.update_object(tours, p.b, {**p.b.document, "short_description": {"fr": "Salle 2"}})
    assert shown(client, network, "tours-editor") == {}
    assert client.post(reverse("opensit_quality_dismiss"), form).status_code == 302
    assert DuplicateDismissal.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("tours-reader", 403), ("tours-contributor", 403), ("blois-editor", 404)],  # b: Tours' draft
)
def test_dismissal_rights(client, network, pairs, who, status):
    client.force_login(network.user(who))
    form = {"first": pairs.a.pk, "second": pairs.b.pk, "reason": "non"}
    assert client.post(reverse("opensit_quality_dismiss"), form).status_code == status
    assert not DuplicateDismissal.objects.exists()


def test_preview_says_when_the_merge_is_not_allowed(client, network, pairs):
    client.force_login(network.user("blois-editor"))
    url = reverse("opensit_quality_merge", args=key(pairs.a, pairs.c))
    allowed = client.get(url, {"survivor": pairs.c.pk, "reason": "doublon"})
    assert allowed.context["may_merge"] is False  # may not delete Tours' bistrot
    assert 'data-testid="may-not-merge"' in allowed.content.decode()
    client.force_login(network.user("network"))
    assert client.get(url, {"survivor": pairs.a.pk, "reason": "doublon"}).context["may_merge"]


def test_objects_staged_by_an_import_get_their_keys_too(network, pairs):
    from opensit.catalog import pipeline, services
    from opensit.catalog.document import TourismDocument
    from opensit.network.permissions import Actor

    actor = Actor.importer(network.tours)
    ctx = pipeline.context(actor, "import", owner=network.tours)
    document = TourismDocument.model_validate(
        {
            "type": "restaurant",
            "name": {"fr": "Le Bistrot des Halles"},
            "location": at("37261", "Tours", 47.3901, 0.6821),
            "contacts": [{"kind": "phone", "value": "02.47.61.00.00"}],
        }
    )
    prepared = pipeline.stage_new(document, ctx)
    services.save_staged(actor, [prepared])
    keys = set(
        DuplicateKey.objects.filter(object_id=prepared.object_id).values_list("key", flat=True)
    )
    assert keys == {"cell", "phone:0247610000"}
    found = {(c.first, c.second): c.reasons for c in find_duplicates()}
    assert found[key(pairs.a, TourismObject(pk=prepared.object_id))] == ["name", "phone"]


@pytest.mark.parametrize("view", ["merge", "dismiss"])
def test_another_organisations_draft_is_not_found_and_not_named(client, network, pairs, view):
    """Blois' draft c, asked for by Tours, answers as an unknown id does: 404, no name."""
    client.force_login(network.user("tours-editor"))

    def ask(other: str):
        if view == "merge":
            return client.get(reverse("opensit_quality_merge", args=[pairs.a.pk, other]))
        form = {"first": pairs.a.pk, "second": other, "reason": "x"}
        return client.post(reverse("opensit_quality_dismiss"), form)

    hidden, unknown = ask(pairs.c.pk), ask("no-such-object")
    assert hidden.status_code == unknown.status_code == 404
    assert pairs.c.name not in hidden.content.decode()
    assert not DuplicateDismissal.objects.exists()
