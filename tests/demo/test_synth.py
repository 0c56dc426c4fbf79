"""The synthetic catalog: deterministic for a seed, valid documents, plausible geography, a
Zipf-like vocabulary, and its two outputs (the catalog and a DATAtourisme archive)."""

import re
from collections import Counter

import orjson
import pytest
from django.core.management import CommandError, call_command

from opensit.catalog.document import TourismDocument
from opensit.catalog.models import TourismObject
from opensit.catalog.types import type_for_datatourisme
from opensit.demo.synth.generator import SyntheticCatalog
from opensit.demo.synth.geo import DEPARTMENT_NAMES, LAT_RANGE, LON_RANGE
from opensit.diffusion.models import FeedEntry


def test_same_seed_same_documents_other_seed_others():
    first = list(SyntheticCatalog(5, 2026).documents(300))
    assert first == list(SyntheticCatalog(5, 2026).documents(300))
    other = list(SyntheticCatalog(6, 2026).documents(300))
    assert [d["name"] for d in first] != [d["name"] for d in other]


def test_documents_are_valid_and_plausible():
    docs = list(SyntheticCatalog(11, 2026).documents(2000))
    types = Counter()
    for raw in docs:
        doc = TourismDocument.model_validate(raw)
        types[doc.type] += 1
        loc = doc.location
        assert loc.commune.insee[:2] in DEPARTMENT_NAMES, loc.commune.insee
        assert LAT_RANGE[0] - 0.1 <= loc.latitude <= LAT_RANGE[1] + 0.1
        assert LON_RANGE[0] - 0.1 <= loc.longitude <= LON_RANGE[1] + 0.1
        assert re.fullmatch(r"\d{5}", loc.postal_code)
        assert doc.name["fr"] and doc.description["fr"]
        if doc.event:
            assert doc.event.occurrences or doc.event.recurrences
    # Rentals are the most frequent type, as in a real regional SIT; most roots appear.
    assert types.most_common(1)[0][0] == "rental"
    assert len({TourismDocument.model_validate(d).type for d in docs}) > 40
    assert sum("en" in d["name"] for d in docs) / len(docs) == pytest.approx(0.7, abs=0.05)


def test_words_follow_a_zipf_like_law():
    words = Counter()
    for doc in SyntheticCatalog(2, 2026).documents(500):
        words.update(doc["description"]["fr"].lower().replace(".", "").split())
    ranked = [n for _, n in words.most_common()]
    assert ranked[0] > 8 * ranked[20] > 8 * 8 * ranked[400]
    assert len(words) > 3000  # a long tail of rare words


@pytest.mark.django_db
def test_synth_into_catalog_then_again_unchanged(capsys):
    call_command("synth", objects=250, seed=4, year=2026, batch_size=100, no_progress=True)
    assert "250 created" in capsys.readouterr().out
    assert (
        TourismObject.objects.filter(status="published", owner__slug="opensit-synth").count() == 250
    )
    assert FeedEntry.objects.filter(action="created").count() == 250
    stored = TourismObject.objects.get(source_system="synth", source_id="4-17")
    expected = list(SyntheticCatalog(4, 2026).documents(18))[17]
    assert stored.document["name"] == expected["name"]
    assert stored.commune_insee == expected["location"]["commune"]["insee"]
    call_command("synth", objects=250, seed=4, year=2026, batch_size=100, no_progress=True)
    assert "250 unchanged" in capsys.readouterr().out
    assert FeedEntry.objects.count() == 250


def test_bad_arguments_are_named():
    with pytest.raises(CommandError, match="--objects"):
        call_command("synth", objects=0, no_progress=True)
    with pytest.raises(CommandError, match="--batch-size"):
        call_command("synth", objects=10, batch_size=0, no_progress=True)


def _real_keys(dt_archive, limit=400) -> set[str]:
    index = orjson.loads((dt_archive / "index.json").read_bytes())
    keys = set()
    for entry in index[:limit]:
        keys.update(orjson.loads((dt_archive / "objects" / entry["file"]).read_bytes()))
    return keys


def test_datatourisme_archive_matches_its_index_and_the_real_shape(tmp_path, dt_archive):
    out = tmp_path / "flux"
    call_command("synth", objects=300, seed=8, year=2026, datatourisme=str(out), no_progress=True)
    index = orjson.loads((out / "index.json").read_bytes())
    assert len(index) == 300
    on_disk = {p.relative_to(out / "objects").as_posix() for p in (out / "objects").rglob("*.json")}
    assert on_disk == {entry["file"] for entry in index}
    docs = list(SyntheticCatalog(8, 2026).documents(300))
    real_keys = _real_keys(dt_archive)
    for entry, doc in zip(index, docs, strict=True):
        h, hh, name = entry["file"].split("/")
        assert hh.startswith(h) and name.split("-", 1)[1].startswith(hh)
        obj = orjson.loads((out / "objects" / entry["file"]).read_bytes())
        assert set(obj) <= real_keys, set(obj) - real_keys
        assert obj["rdfs:label"]["fr"] == [doc["name"]["fr"]] == [entry["label"]]
        city = obj["isLocatedAt"][0]["schema:address"][0]["hasAddressCity"][0]
        assert city["insee"] == doc["location"]["commune"]["insee"]
        assert obj["lastUpdateDatatourisme"] == entry["lastUpdateDatatourisme"]
        if doc["type"] not in ("territory", "structure", "place"):
            assert type_for_datatourisme(obj["@type"]) == doc["type"]
        if doc.get("event"):
            assert len(obj["takesPlaceAt"]) == len(obj["schema:startDate"]) >= 1


def test_datatourisme_refuses_a_non_empty_directory(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="not empty"):
        call_command("synth", objects=5, datatourisme=str(tmp_path), no_progress=True)
