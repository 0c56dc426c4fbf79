"""What the API serves: the public representation (no private data, open media only, licences),
languages, sparse fields, search, and the HTTP niceties (ETag/304, CORS, gzip, offline docs)."""

import gzip
from datetime import date, timedelta

import orjson

from opensit.catalog import services as catalog
from opensit.diffusion import services
from opensit.diffusion.models import FeedEntry, PublicDocument
from opensit.diffusion.render import refresh_stale
from tests.diffusion.conftest import HOTEL, PRIVATE_PHONE, SECRET_NOTE


def test_private_data_never_in_any_output(api, hotel, castle, office_admin):
    services.create_selection(office_admin, "tours-hotels", "Hotels", object_ids=[hotel.id])
    services.create_selection(office_admin, "tours", "Tours", query={"communes": ["37261"]})
    urls = [
        "/api/v1/objects",
        "/api/v1/objects?lang=all",
        "/api/v1/objects?lang=en&q=univers",
        "/api/v1/objects?near=47.39,0.69&radius=5&sort=distance",
        f"/api/v1/objects/{hotel.id}",
        f"/api/v1/objects/{hotel.id}?lang=all",
        f"/api/v1/objects/{hotel.id}?lang=en",
        "/api/v1/selections",
        "/api/v1/selections/tours-hotels/objects?lang=all",
        "/api/v1/selections/tours/objects",
        "/api/v1/changes",
        "/api/v1/organisations",
        "/api/v1/communes",
        "/api/v1/vocabularies/types",
    ]
    seen_hotel = 0
    for url in urls:
        response = api.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        body = response.content.decode()
        for secret in (SECRET_NOTE, PRIVATE_PHONE, "owner prefers email", "closed.jpg",
                       "expired.jpg", '"private"'):  # fmt: skip
            assert secret not in body, (url, secret)
        seen_hotel += hotel.id in body
    assert seen_hotel >= 8
    stored = b"".join(bytes(b) for b in PublicDocument.objects.values_list("body", flat=True))
    assert SECRET_NOTE.encode() not in stored and PRIVATE_PHONE.encode() not in stored


def test_public_form_carries_licences_and_open_media(api, hotel):
    doc = orjson.loads(api.get(f"/api/v1/objects/{hotel.id}?lang=fr").content)
    assert doc["name"] == "Hôtel de l'Univers" and doc["lang"] == "fr"
    assert doc["licence"]["code"] == "etalab-2.0" and doc["licence"]["open"] is True
    assert [m["url"] for m in doc["media"]] == ["https://img.example/facade.jpg"]
    assert doc["media"][0]["licence"]["name"] == "CC BY 4.0"
    assert doc["media"][0]["credit"] == "OT Tours"
    assert [c["value"] for c in doc["contacts"]] == ["+33 2 47 05 37 12"]
    assert doc["location"]["commune"] == {"insee": "37261", "name": "Tours"}
    assert doc["type_path"] == ["accommodation", "hotel"]
    english = orjson.loads(api.get(f"/api/v1/objects/{hotel.id}?lang=en").content)
    assert english["name"] == "Hotel Univers"
    assert english["short_description"] == "Opposite the station"
    every = orjson.loads(api.get(f"/api/v1/objects/{hotel.id}?lang=all").content)
    assert every["name"] == {"fr": "Hôtel de l'Univers", "en": "Hotel Univers"}
    sparse = orjson.loads(api.get(f"/api/v1/objects/{hotel.id}?fields=name,licence").content)
    assert set(sparse) == {"id", "name", "licence"}


def test_media_leave_the_output_when_their_publication_ends(editor, publish):
    end = date.today() + timedelta(days=10)
    summer = {"kind": "image", "url": "https://img.example/summer.jpg", "licence": "cc0"}
    obj = publish({**HOTEL, "media": [{**summer, "publication_end": end.isoformat()}]})
    row = PublicDocument.objects.get(object_id=obj.id, lang="fr")
    assert b"summer.jpg" in bytes(row.body) and row.stale_after == end
    assert refresh_stale(today=end) == 0  # still valid on its last day
    before = FeedEntry.objects.count()
    assert refresh_stale(today=end + timedelta(days=1)) == 1
    row = PublicDocument.objects.get(object_id=obj.id, lang="fr")
    assert b"summer.jpg" not in bytes(row.body) and row.stale_after is None
    assert FeedEntry.objects.count() == before + 1  # consumers hear about it


def test_unpublished_and_deleted_objects_leave_the_api(api, hotel, editor):
    catalog.unpublish(editor, hotel, reason="closed for works")
    assert api.get(f"/api/v1/objects/{hotel.id}").status_code == 404
    catalog.publish(editor, hotel)
    assert api.get(f"/api/v1/objects/{hotel.id}").status_code == 200
    catalog.delete_object(editor, hotel, reason="closed for good")
    assert api.get(f"/api/v1/objects/{hotel.id}").status_code == 410
    assert not PublicDocument.objects.filter(object_id=hotel.id).exists()


def test_search_envelope_and_paging(api, hotel, castle, publish):
    drafts = publish({**CASTLE_DRAFT}, published=False)
    listing = orjson.loads(api.get("/api/v1/objects", {"sort": "name", "page_size": 1}).content)
    assert listing["total"] == 2 and listing["previous"] is None
    assert [item["id"] for item in listing["items"]] == [castle.id]  # Château < Hôtel
    assert "page=2" in listing["next"] and "api_key" not in listing["next"]
    second = orjson.loads(api.get(listing["next"]).content)
    assert [item["id"] for item in second["items"]] == [hotel.id]
    assert second["next"] is None and "page=1" in second["previous"]
    near = orjson.loads(api.get("/api/v1/objects", {"near": "47.39,0.69", "radius": "10"}).content)
    assert [item["id"] for item in near["items"]] == [hotel.id]
    assert 0 <= near["items"][0]["distance_km"] < 1
    hotels = orjson.loads(api.get("/api/v1/objects", {"type": "accommodation"}).content)
    assert [item["id"] for item in hotels["items"]] == [hotel.id]
    assert drafts.id not in api.get("/api/v1/objects").content.decode()


CASTLE_DRAFT = {"type": "place", "name": {"fr": "Brouillon secret"}}


def test_etag_and_304(api, hotel, editor):
    first = api.get(f"/api/v1/objects/{hotel.id}")
    etag = first["ETag"]
    assert etag.startswith('"') and first["Last-Modified"]
    assert "max-age" in first["Cache-Control"]
    again = api.get(f"/api/v1/objects/{hotel.id}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    listing = api.get("/api/v1/objects")
    assert api.get("/api/v1/objects", headers={"If-None-Match": listing["ETag"]}).status_code == 304
    catalog.update_object(editor, hotel, {**HOTEL, "name": {"fr": "Hôtel Univers Tours"}})
    changed = api.get(f"/api/v1/objects/{hotel.id}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert orjson.loads(changed.content)["name"] == "Hôtel Univers Tours"


def test_cors_headers_and_preflight(api, hotel):
    response = api.get(f"/api/v1/objects/{hotel.id}", headers={"Origin": "https://app.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = api.options(
        "/api/v1/objects",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert "X-API-Key" in preflight["Access-Control-Allow-Headers"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_gzip_when_accepted(api, hotel, castle):
    plain = api.get("/api/v1/objects?lang=all")
    zipped = api.get("/api/v1/objects?lang=all", headers={"Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content)
    again = api.get(
        "/api/v1/objects?lang=all",
        headers={"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]},
    )
    assert again.status_code == 304


def test_openapi_and_offline_docs(client, db):
    schema = orjson.loads(client.get("/api/v1/openapi.json").content)
    assert "/api/v1/objects" in schema["paths"] and "/api/v1/changes" in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/v1/objects"]["get"]["parameters"]}
    assert {"q", "type", "near", "radius", "bbox", "open_on", "fields", "page_size"} <= names
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/diffusion/api_docs.css" in page
    assert 'id="opensit_diffusion_api_communes"' in page
    assert "cdn." not in page and "https://" not in page.split("<body")[0]


def test_reference_endpoints(api, board, office):
    types = orjson.loads(api.get("/api/v1/vocabularies/types").content)["items"]
    hotel_type = next(t for t in types if t["code"] == "hotel")
    assert hotel_type["parent"] == "accommodation" and hotel_type["labels"]["fr"] == "Hôtellerie"
    orgs = orjson.loads(api.get("/api/v1/organisations").content)
    assert [o["slug"] for o in orgs["items"]] == ["crt-centre", "ot-tours"]
    assert set(orgs["items"][0]) == {"slug", "name", "kind", "website", "parent"}
