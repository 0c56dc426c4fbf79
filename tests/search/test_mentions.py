"""Mentions: typed links and quotations by other objects raise an object's prior (issue 12:
"links from other objects (events held at a place, gîtes near it)")."""

import json
from pathlib import Path

import pytest

from opensit.catalog.models import TourismObject
from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.engine import ImportEngine
from opensit.search import mentions
from opensit.search.models import SearchDocument, SearchEntry, SearchMention
from opensit.search.prior import index_weight
from tests.missing import unavailable

pytestmark = pytest.mark.django_db


@pytest.fixture
def apidae_catalog(shared_data: Path, tours_office) -> None:
    path = shared_data / "apidae" / "sitra-api-v002-multilang-2014.json"
    if not path.is_file():
        unavailable(f"no Apidae sample at {path}")
    run = ImportEngine(ApidaeConnector(), owner=tours_office).run(path)
    assert run.failed == 0


def _document(object_id: str) -> dict:
    entry = SearchEntry.objects.get(object_id=object_id)
    return json.loads(SearchDocument.objects.get(entry_id=entry.id).body)


def _linked_by(target: TourismObject) -> set[str]:
    reference = f"apidae:{target.source_id}"
    return {
        obj.pk
        for obj in TourismObject.objects.exclude(pk=target.pk)
        if any(
            link.get("target") in (reference, target.pk)
            and link.get("kind") not in mentions.ADMINISTRATIVE
            for link in obj.document.get("links") or []
        )
    }


def test_typed_links_of_the_real_apidae_sample_count_as_mentions(apidae_catalog):
    # In the 2014 Apidae sample, three objects link to 425323 ("DEFAUT": related) and three
    # to 351131 ("SUR_LE_PARCOURS_DE": on the route of).
    links = mentions.incoming_links()
    for source_id in ("425323", "351131"):
        target = TourismObject.objects.get(source_system="apidae", source_id=source_id)
        linked = _linked_by(target)
        assert len(linked) == 3, (source_id, linked)
        assert links[target.pk] == 3, source_id
    mentions.refresh()
    target = TourismObject.objects.get(source_system="apidae", source_id="425323")
    stored = SearchMention.objects.get(object_id=target.pk).count
    assert stored >= 3
    document = _document(target.pk)
    assert document["prior"] > index_weight(document["base_prior"])


def test_administrative_links_do_not_count(apidae_catalog):
    """A tourist office that manages objects is not a landmark for it."""
    obj = TourismObject.objects.get(source_system="apidae", source_id="425323")
    other = TourismObject.objects.exclude(pk=obj.pk).first()
    before = mentions.incoming_links()[other.pk]
    for kind in sorted(mentions.ADMINISTRATIVE):
        obj.document["links"] = [{"kind": kind, "target": other.pk}]
        TourismObject.objects.filter(pk=obj.pk).update(document=obj.document)
        assert mentions.incoming_links()[other.pk] == before, kind
    obj.document["links"] = [{"kind": "on_site", "target": other.pk}]
    TourismObject.objects.filter(pk=obj.pk).update(document=obj.document)
    assert mentions.incoming_links()[other.pk] == before + 1
