"""The change feed: a consumer applying it over HTTP (plain httpx against a live server) ends
with exactly the objects its project may read; selections add and remove objects."""

import httpx
import orjson
import pytest

from opensit.catalog import services as catalog
from opensit.diffusion import services
from opensit.diffusion.models import PublicDocument
from opensit.diffusion.selections import project_scope
from tests.diffusion.conftest import CASTLE, HOTEL


def sync(base_url: str, key: str, store: dict, cursor: str = "0") -> tuple[str, list[str]]:
    """A minimal consumer: apply every page of the feed to `store`; return the new cursor and
    the actions seen."""
    actions = []
    with httpx.Client(base_url=base_url, headers={"X-API-Key": key}, timeout=30) as http:
        while True:
            response = http.get("/api/v1/changes", params={"since": cursor, "limit": 2})
            assert response.status_code == 200, response.text
            page = response.json()
            for entry in page["items"]:
                actions.append(entry["action"])
                if entry["action"] in ("created", "updated"):
                    obj = http.get(f"/api/v1/objects/{entry['id']}", params={"lang": "all"})
                    assert obj.status_code == 200, obj.text
                    store[entry["id"]] = obj.json()
                else:
                    store.pop(entry["id"], None)
            cursor = page["cursor"]
            if not page["more"]:
                return cursor, actions


def catalog_for(project) -> dict:
    """What the project may read, straight from the stored public documents."""
    scope = project_scope(project)
    rows = PublicDocument.objects.filter(lang=PublicDocument.ALL_LANGUAGES)
    return {
        object_id: orjson.loads(bytes(body))
        for object_id, body in rows.values_list("object_id", "body")
        if scope is None or object_id in scope
    }


def named(name: str, insee: str = "37261", town: str = "Tours") -> dict:
    return {
        **CASTLE,
        "name": {"fr": name},
        "location": {"commune": {"insee": insee, "name": town}},
    }


@pytest.mark.django_db(transaction=True)
def test_consumer_applying_the_feed_ends_with_the_catalog(live_server, publish, editor, project,
                                                           api_key):  # fmt: skip
    hotel = publish(HOTEL)
    castle = publish(CASTLE)
    museum = publish(named("Musée des Beaux-Arts"))
    draft = publish(named("Brouillon"), published=False)
    store: dict = {}
    cursor, actions = sync(live_server.url, api_key, store)
    assert set(store) == {hotel.id, castle.id, museum.id}
    assert store == catalog_for(project)
    assert actions == ["created", "created", "created"]
    assert store[hotel.id]["name"] == {"fr": "Hôtel de l'Univers", "en": "Hotel Univers"}

    catalog.update_object(editor, hotel, {**HOTEL, "name": {"fr": "Hôtel Univers"}})
    catalog.unpublish(editor, castle, reason="closed for the winter")
    catalog.delete_object(editor, museum, reason="duplicate")
    catalog.publish(editor, draft)
    catalog.update_object(editor, draft, named("Guinguette de Tours"))
    fresh = publish(named("Jardin botanique"))
    cursor, actions = sync(live_server.url, api_key, store, cursor)
    assert store == catalog_for(project)
    assert set(store) == {hotel.id, draft.id, fresh.id}
    assert store[hotel.id]["name"]["fr"] == "Hôtel Univers"
    assert store[draft.id]["name"]["fr"] == "Guinguette de Tours"
    # The draft was published then edited: its latest entry is an update.
    assert sorted(actions) == ["created", "deleted", "unpublished", "updated", "updated"]
    # Nothing new: an empty page, the cursor stays.
    assert sync(live_server.url, api_key, store, cursor) == (cursor, [])


@pytest.mark.django_db(transaction=True)
def test_feed_of_a_project_limited_to_selections(live_server, publish, editor, office_admin,
                                                  project):  # fmt: skip
    hotel = publish(HOTEL)
    castle = publish(CASTLE)
    blois_castle = publish(named("Château de Blois", "41018", "Blois"))
    museum = publish(named("Musée des Beaux-Arts"))
    picked = services.create_selection(office_admin, "picked", "Picked", object_ids=[castle.id])
    tours = services.create_selection(office_admin, "tours", "Tours", query={"communes": ["37261"]})
    services.set_scope(office_admin, project, [picked, tours])
    _key, raw = services.create_key(office_admin, project)
    store: dict = {}
    cursor, _ = sync(live_server.url, raw, store)
    assert set(store) == {hotel.id, castle.id, museum.id}  # Blois is out of scope
    assert store == catalog_for(project)
    assert blois_castle.id not in store

    services.remove_from_selection(office_admin, picked, [castle.id])
    services.add_to_selection(office_admin, picked, [blois_castle.id])
    catalog.update_object(editor, museum, named("Musée des Beaux-Arts", "37070", "Chenonceaux"))
    cursor, actions = sync(live_server.url, raw, store, cursor)
    assert set(store) == {hotel.id, blois_castle.id}
    assert store == catalog_for(project)
    assert sorted(actions) == ["created", "removed", "removed"]
    with httpx.Client(base_url=live_server.url, headers={"X-API-Key": raw}) as http:
        assert http.get(f"/api/v1/objects/{castle.id}").status_code == 403
        assert http.get("/api/v1/selections").json()["total"] == 2
