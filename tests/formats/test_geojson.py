"""GeoJSON: parsed back, one Feature per published object with its real geometry."""

import io

import orjson
import pytest

from opensit.formats.export import write_export


@pytest.mark.django_db
def test_feature_collection(catalog):
    out = io.BytesIO()
    write_export("geojson", out, lang="en")
    data = orjson.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    features = {f["properties"]["name"]: f for f in data["features"]}
    assert set(features) == {"Hotel Univers", "Terres du Son festival", "Builders' trail"}
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["id"] == feature["properties"]["id"]
        assert isinstance(feature["properties"], dict)
    hotel = features["Hotel Univers"]
    assert hotel["geometry"] == {"type": "Point", "coordinates": [0.6929, 47.3905]}
    assert hotel["properties"]["commune_insee"] == "37261"
    assert hotel["properties"]["type_label"] == "Hotel"
    assert hotel["properties"]["image_credit"] == "Léonard de Serres"
    trail = features["Builders' trail"]["geometry"]
    assert trail["type"] == "LineString" and trail["coordinates"][1] == [0.999, 47.1302, 95.5]
    festival = features["Terres du Son festival"]["properties"]
    # French fallback where no English text exists.
    assert festival["short_description"] == "Musiques actuelles au domaine de Candé."
    # The weekly rule starts on 6 June: recurrences count.
    assert (festival["first_date"], festival["last_date"]) == ("2026-06-06", "2026-08-03")


def test_object_without_coordinates_has_null_geometry():
    from opensit.formats.geojson import feature

    out = feature({"id": "a", "type": "museum", "name": {"fr": "Musée"}}, "fr")
    assert out["geometry"] is None and out["properties"]["name"] == "Musée"
