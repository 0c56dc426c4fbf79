"""`GET /api/v1/suggest` and the search's did-you-mean, through the API."""

import orjson


def test_suggest_names_the_best_matches_with_type_and_commune(api, castle, hotel):
    body = orjson.loads(api.get("/api/v1/suggest", {"q": "chenon", "lang": "fr"}).content)
    assert body["total"] == 1
    assert body["items"][0] == {
        "id": castle.id,
        "name": "Château de Chenonceau",
        "type": castle.type,
        "commune": "Chenonceaux",
        "commune_insee": "37070",
    }
    # A typo on a long word, never on the first letter.
    typo = orjson.loads(api.get("/api/v1/suggest", {"q": "chenonseau"}).content)
    assert [item["id"] for item in typo["items"]] == [castle.id]
    assert orjson.loads(api.get("/api/v1/suggest", {"q": "xhenonceau"}).content)["total"] == 0


def test_suggest_refuses_bad_parameters_with_a_4xx(api, castle):
    assert api.get("/api/v1/suggest").status_code == 400 or (
        api.get("/api/v1/suggest").status_code == 422
    )
    bad_type = api.get("/api/v1/suggest", {"q": "cha", "types": "spaceship"})
    assert bad_type.status_code == 400 and "types" in bad_type.content.decode()
    assert api.get("/api/v1/suggest", {"q": "cha", "limit": 500}).status_code in (400, 422)


def test_search_without_results_says_what_the_visitor_meant(api, castle):
    found = orjson.loads(api.get("/api/v1/objects", {"q": "chateau chenonxeau"}).content)
    assert found["total"] == 1  # one edit in a 10-letter word: tolerated
    nothing = orjson.loads(api.get("/api/v1/objects", {"q": "chenonceau hotl"}).content)
    assert nothing["total"] == 0 and "did_you_mean" not in nothing  # "hotl": too short to fix
    missing = orjson.loads(api.get("/api/v1/objects", {"q": "chateaux xyzzyx"}).content)
    assert missing["total"] == 0 and "did_you_mean" not in missing
