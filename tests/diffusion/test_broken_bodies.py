"""One bad record never breaks an API page: a stored public body that is not a JSON object
(planted past the renderer with the ORM's .update()) is skipped and logged with its id; the
page is valid JSON with the other objects, and the object itself is a 404, never a 500."""

import logging

import orjson
import pytest

from opensit.diffusion import services
from opensit.diffusion.models import PublicDocument

BROKEN = [b'{"id": "x", "name": broken}', b"{not json", b"[1, 2]", b'{"a": 1} ', b""]


@pytest.fixture
def broken_hotel(hotel, castle, request):
    PublicDocument.objects.filter(object_id=hotel.id).update(body=request.param)
    return hotel


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [item["id"] for item in orjson.loads(response.content)["items"]]


@pytest.mark.parametrize("broken_hotel", BROKEN, indirect=True)
@pytest.mark.parametrize(
    "params",
    [{}, {"fields": "name"}, {"near": "47.39,0.69", "radius": "100"}, {"lang": "all"}],
)
def test_a_broken_body_is_skipped_from_a_search_page(api, broken_hotel, castle, params, caplog):
    with caplog.at_level(logging.ERROR, logger="opensit.diffusion.output"):
        ids = _ids(api.get("/api/v1/objects", params))
    assert castle.id in ids and broken_hotel.id not in ids
    assert broken_hotel.id in caplog.text


@pytest.mark.parametrize("broken_hotel", BROKEN[:2], indirect=True)
def test_a_broken_body_is_skipped_from_a_selection_page(api, broken_hotel, castle, office_admin):
    ids = [broken_hotel.id, castle.id]
    services.create_selection(office_admin, "both", "Both", object_ids=ids)
    assert _ids(api.get("/api/v1/selections/both/objects")) == [castle.id]


@pytest.mark.parametrize("broken_hotel", BROKEN[:2], indirect=True)
def test_the_object_itself_is_not_found_not_a_500(api, broken_hotel, caplog):
    with caplog.at_level(logging.ERROR, logger="opensit.diffusion.output"):
        response = api.get(f"/api/v1/objects/{broken_hotel.id}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert broken_hotel.id in caplog.text
