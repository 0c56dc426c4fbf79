"""The index follows every write at once, in bulk for imports, and can be rebuilt."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from opensit.catalog import services
from opensit.catalog.document import TourismDocument
from opensit.network.permissions import Actor
from opensit.search.models import SearchCode, SearchEntry
from opensit.search.query import SearchParams, search


def ids(**kwargs) -> list[str]:
    return search(SearchParams(limit=100, **kwargs)).ids


def test_published_change_is_searchable_at_once(catalog, tours_editor):
    doc = {**catalog.hotel.document, "name": {"fr": "Hôtel Mirabeau"}, "amenities": ["sauna"]}
    services.update_object(tours_editor, catalog.hotel, doc)
    assert ids(q="mirabeau") == [catalog.hotel.id]
    assert ids(q="univers") == []
    assert ids(amenities=["sauna"]) == [catalog.hotel.id]
    assert ids(amenities=["wifi"]) == [catalog.campsite.id]


def test_publishing_a_draft_makes_it_searchable(catalog, tours_editor):
    assert catalog.draft.id not in ids(q="secret")
    services.publish(tours_editor, catalog.draft)
    assert ids(q="secret") == [catalog.draft.id]


def test_unpublished_and_deleted_objects_disappear_at_once(catalog, tours_editor):
    services.unpublish(tours_editor, catalog.castle, reason="works")
    services.delete_object(tours_editor, catalog.hotel, reason="closed for good")
    assert ids(q="chenonceau") == [catalog.trail.id]
    assert catalog.hotel.id not in ids(amenities=["wifi"])
    assert catalog.castle.id not in ids(near=(47.3249, 1.0703), radius_km=1)
    assert not SearchCode.objects.filter(code="hotel_4_stars").exists()
    assert SearchEntry.objects.count() == 6


def test_a_failed_write_leaves_the_index_unchanged(catalog, tours_editor):
    doc = {**catalog.hotel.document, "name": {"fr": "Hôtel Mirabeau"}}
    with pytest.raises(RuntimeError), transaction.atomic():
        services.update_object(tours_editor, catalog.hotel, doc)
        raise RuntimeError("the import broke after the write")
    assert ids(q="mirabeau") == []
    assert ids(q="univers") == [catalog.hotel.id]


def _synthetic(n: int) -> TourismDocument:
    return TourismDocument.model_validate(
        {
            "type": "restaurant",
            "name": {"fr": f"Guinguette numéro {n}"},
            "source": {"system": "test", "id": f"g{n}"},
            "location": {
                "commune": {"insee": "37261", "name": "Tours"},
                "latitude": 47.39 + n / 1000,
                "longitude": 0.69,
            },
            "themes": ["river"],
            "opening": {"periods": [{"start": "2026-05-01", "end": "2026-09-30"}]},
        }
    )


@pytest.mark.django_db(transaction=False)
def test_import_batch_is_indexed_with_a_constant_number_of_queries(
    tours_office, django_assert_max_num_queries
):
    actor = Actor.importer(tours_office)
    items = [services.BatchItem(_synthetic(n)) for n in range(120)]
    with transaction.atomic():
        result = services.save_batch(actor, items)
    assert len(result.created) == 120
    from opensit.search.indexer import index_objects

    # + the text documents and their log rows (two more statements)
    with django_assert_max_num_queries(18):
        index_objects(result.created)
    found = search(SearchParams(q="guinguette", themes=["river"], limit=5))
    assert found.total == 120
    assert search(SearchParams(q="guinguette", communes=["37261"], limit=0)).total == 120


def test_reindex_command_rebuilds_the_same_index(catalog):
    before = [ids(q="château"), ids(types=["event"], sort="name"), ids(open_on=None)]
    SearchEntry.objects.all().delete()
    call_command("search", "reindex", "--no-progress")
    after = [ids(q="château"), ids(types=["event"], sort="name"), ids(open_on=None)]
    assert after == before
    assert SearchEntry.objects.count() == 8


def _text_segments() -> int:
    """The text index's segments (one per commit until Tantivy merges them)."""
    from opensit.search.textindex import get_index

    return get_index().searcher.num_segments


def test_optimize_command_compacts_the_index_and_keeps_the_results(catalog, tours_editor):
    """Many small writes leave text segments; `optimize` compacts them into one (each query and
    facet count runs once per segment) and refreshes the statistics, without changing any
    answer; run again with no change in between, it leaves the index as it is."""
    for number in range(12):
        with transaction.atomic():  # one transaction, one segment each
            gite = services.create_object(
                tours_editor, {"type": "hotel", "name": {"fr": f"Gîte numéro {number}"}}
            )
            services.publish(tours_editor, gite)
        ids(q="gite")  # the index follows the log at each search: one commit, one segment
    before = [ids(q="château"), ids(q="gite", lang="en"), ids(types=["event"], sort="name")]
    segments = _text_segments()
    out = StringIO()
    call_command("search", "optimize", stdout=out)
    assert "optimis" in out.getvalue()
    after = [ids(q="château"), ids(q="gite", lang="en"), ids(types=["event"], sort="name")]
    assert after == before and len(before[1]) == 12
    assert segments > 1 and _text_segments() == 1
    from opensit.search.textindex import get_index

    index = get_index()
    assert index.optimize() is False  # nothing was added since: no second rebuild
    with transaction.atomic():
        services.publish(
            tours_editor,
            services.create_object(tours_editor, {"type": "hotel", "name": {"fr": "Gîte neuf"}}),
        )
    assert _text_segments() == 2 and index.optimize() is True and _text_segments() == 1
    assert len(ids(q="gite", lang="en")) == 13


def test_check_command_compares_the_text_index_with_the_database(catalog):
    """`check` is the command's own action, not Django's system checks (which every command
    runs first from the command line: `skip_checks=False` here)."""
    out = StringIO()
    call_command("search", "check", stdout=out)
    assert f"{len(catalog.published())} documents" in out.getvalue()
    out = StringIO()
    call_command("search", "optimize", stdout=out, skip_checks=False)
    assert "checked" not in out.getvalue() and "optimis" in out.getvalue()


def test_a_new_index_is_built_even_when_the_log_was_pruned(catalog, tmp_path):
    """A server started after the log was emptied (pruned, or a copied catalog) still finds
    every published object: a new index is built from `search_document` at its first search,
    and a reopened one is not rebuilt again."""
    from opensit.search.models import SearchTextLog
    from opensit.search.ranking import Words, build
    from opensit.search.textindex import TextIndex

    SearchTextLog.objects.all().delete()
    index = TextIndex(tmp_path / "index")
    query = build(Words(["chateau"], {}), "fr", "fr")
    assert index.count(query) == 0
    index.sync()
    assert index.searcher.num_docs == len(catalog.published())
    assert index.count(query) == len(ids(q="château")) > 0
    reopened = TextIndex(tmp_path / "index")
    assert reopened.built and reopened.searcher.num_docs == len(catalog.published())
