"""The ranking and the text analysis of the Tantivy text index (docs/search.md)."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.catalog import services
from opensit.search.query import SearchParams, search
from opensit.search.ranking import typo_distance
from opensit.search.suggest import suggest
from opensit.search.textindex import analyze, exact_key, get_index


def ids(**kwargs) -> list[str]:
    return search(SearchParams(limit=100, **kwargs)).ids


@pytest.fixture
def make(tours_editor):
    def publish(name: str, type_code: str = "castle", **extra):
        document = {"type": type_code, "name": {"fr": name}, **extra}
        return services.publish(tours_editor, services.create_object(tours_editor, document))

    return publish


def test_french_analysis_folds_accents_ligatures_elisions_and_plurals():
    assert analyze("fold", "L'Œuvre du Château") == ["l", "oeuvre", "du", "chateau"]
    assert analyze("stem_fr", "châteaux") == analyze("stem_fr", "Château") == ["chateau"]
    assert analyze("stem_fr", "Chenonceaux") == analyze("stem_fr", "chenonceau")
    assert exact_key("Château de Chambord") == exact_key("chateau  de CHAMBORD")


def test_typo_distance_grows_with_the_word():
    assert [typo_distance(w) for w in ("gite", "vélos", "chambord", "cheverny2")] == [0, 1, 1, 2]


def test_a_place_comes_before_the_event_and_the_office_named_after_it(make):
    event = make("Noël au château de Chambord", "festival")
    office = make("Office de tourisme de Chambord", "tourist_office")
    castle = make("Château de Chambord")
    assert ids(q="chateau chambord")[0] == castle.id
    assert ids(q="chambord")[:1] == [castle.id]
    assert set(ids(q="chambord")) == {castle.id, event.id, office.id}


def test_typos_prefixes_and_stop_words(make):
    castle = make("Château de Chambord")
    other = make("Château de Cheverny")
    assert ids(q="chateau de chambort") == [castle.id]  # one edit, 8 letters
    assert ids(q="chambor")[0] == castle.id  # as you type
    assert ids(q="xhambord") == []  # never on the first letter
    assert ids(q="chateau de chev") == [other.id]
    assert set(ids(q="le chateau")) == {castle.id, other.id}  # "le" does not drown the query
    assert ids(q="chateau chambord", typos=False) == [castle.id]
    assert ids(q="chateau de chambort", typos=False) == []


def test_exact_matches_rank_above_typo_matches(make):
    exact = make("Moulin de Vernou")
    typo = make("Moulin de Vernon")
    assert ids(q="moulin vernou") == [exact.id]
    assert ids(q="vernouu")[0] == exact.id and typo.id not in ids(q="vernouu")


def test_did_you_mean_offers_the_closest_query_that_finds_something(make):
    make("Abbaye de Fontevraud")
    result = search(SearchParams(q="abbaye de fontevrod rouge"))
    assert result.total == 0
    assert result.did_you_mean is None  # "rouge" matches nothing whatever the spelling
    result = search(SearchParams(q="abbaie fontevraud"))
    assert result.total == 1  # one edit, tolerated: nothing to suggest
    assert search(SearchParams(q="fontevrauud abbay", typos=False)).did_you_mean == (
        "fontevraud abbay"  # the last word is a prefix of a name word: kept
    )


def test_suggestions_rank_like_the_search(make):
    castle = make("Château de Chambord")
    make("Chambres d'hôtes La Chambre Bleue", "bed_and_breakfast")
    found = suggest("cham", limit=5)
    assert {s.id for s in found} >= {castle.id}
    assert [s.name for s in suggest("chateau de cham")] == ["Château de Chambord"]
    assert suggest("cham", limit=1)[0].type in ("castle", "bed_and_breakfast")


def test_synonyms_apply_at_query_time_without_reindex(make):
    from opensit.network.permissions import Actor
    from opensit.search import synonyms

    gite = make("Location du Moulin", "rental")
    assert ids(q="gite") == []
    synonyms.create_rule(Actor.system(), ["gîte", "location"])
    assert ids(q="gites") == [gite.id]
    synonyms.create_rule(Actor.system(), ["vtt", "vélo tout terrain"])
    bike = make("Vélo tout terrain en forêt", "cycling_tour")
    assert ids(q="vtt") == [bike.id]


def test_the_index_follows_rollbacks_and_deletions(make, tours_editor):
    castle = make("Château de Chambord")
    with pytest.raises(RuntimeError), transaction.atomic():
        make("Château de Chaumont")
        assert len(ids(q="chateau")) == 2  # seen inside the transaction
        raise RuntimeError
    assert ids(q="chateau") == [castle.id]  # the rolled-back object left the index
    services.unpublish(tours_editor, castle, "closed")
    assert ids(q="chateau") == [] and ids(q="chambord") == []
    index = get_index()
    assert index.searcher.num_docs == 0


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=60))
def test_any_text_is_a_query_or_a_named_error(catalog, q):
    try:
        result = search(SearchParams(q=q, limit=5))
    except ValueError as exc:  # SearchError names its parameter
        assert str(exc).split(":")[0] in ("q", "lang")
    else:
        assert result.total >= len(result.ids)
