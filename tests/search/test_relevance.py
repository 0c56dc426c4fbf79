"""Search relevance on the real 2020 DATAtourisme archive (issue 12): the targets that must never
regress, measured with the graded set of bench/relevance/ and the metrics of bench/relevance.py.

The archive is imported once for the module (committed, flushed at the end) and every query of
the set runs once through the public `search()`; the tests then read those rankings.
`.venv/bin/python bench/relevance.py` prints the same figures in full, per engine.
"""

import importlib.util
import math
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from opensit.catalog.models import TourismObject
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.search.query import SearchParams, search
from tests.conftest import SHARED_DATA
from tests.missing import unavailable

BENCH = Path(__file__).resolve().parents[2] / "bench" / "relevance.py"
_spec = importlib.util.spec_from_file_location("opensit_bench_relevance", BENCH)
relevance = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = relevance  # dataclasses look their module up while being built
_spec.loader.exec_module(relevance)

ARCHIVE = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020"
DATA = "https://data.datatourisme.gouv.fr/15/"
CHAMBORD = DATA + "4c9a94a5-520f-331d-8a8e-0e19a9b22a5f"
CHEVERNY = DATA + "905e2e45-4076-3e7a-8f66-8738921bd05e"
CHENONCEAU = DATA + "fb1b405f-e06c-381e-88ea-f04256ccf56c"
BLOIS = DATA + "9a322fdf-bac2-3547-ad01-3a8b9cd10ff7"  # Château Royal de Blois
VILLANDRY = DATA + "2679335a-b7fa-31fc-b41f-7ee6548aff62"  # Château et Jardins de Villandry


def _ranking(q: str, types: tuple[str, ...] = ()) -> list[str]:
    """The source ids of the first 10 results, as the relevance bench ranks them."""
    ids = search(SearchParams(q=q, lang="fr", types=list(types), limit=relevance.K)).ids
    keys = dict(TourismObject.objects.filter(id__in=ids).values_list("id", "source_id"))
    return [keys[i] for i in ids]


@pytest.fixture(scope="module")
def rankings(django_db_setup, django_db_blocker) -> dict[str, list[str]]:
    """Imports the archive once and runs every query of the set once: query id -> ranking."""
    if not ARCHIVE.is_dir():
        unavailable(f"real data samples not found at {ARCHIVE} (clone ../shared beside)")
    with django_db_blocker.unblock():
        run = ImportEngine(DataTourismeConnector()).run(ARCHIVE)
        assert run.failed == 0
        yield {q.id: _ranking(q.q, q.types) for q in relevance.load_set()}
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def summary(rankings) -> dict:
    results = relevance.evaluate(relevance.load_set(), lambda query: rankings[query.id])
    return relevance.summarize(results)


def _failures(summary: dict, group: str) -> str:
    return "; ".join(
        f"{r.query.q!r} -> rank {r.target_rank or '>10'}" for r in summary[group].failures
    )


# --- The set itself ----------------------------------------------------------------------------


def test_the_set_is_well_formed():
    queries = relevance.load_set()
    groups = [q.group for q in queries]
    assert len(queries) >= 150
    minimums = {"known-item": 60, "landmark": 15, "typo": 25, "prefix": 20, "thematic": 30}
    for group, minimum in minimums.items():
        assert groups.count(group) >= minimum, group
    assert len({q.id for q in queries}) == len(queries)
    for query in queries:
        assert query.q == query.q.strip() and query.q, query.id
        assert set(query.grades.values()) <= {1, 2, 3}, query.id
        if query.one_target:
            assert query.targets, f"{query.id} has no grade-3 target"
        else:
            assert sum(g >= 2 for g in query.grades.values()) >= 2, query.id


@pytest.mark.django_db
def test_every_judged_object_is_in_the_archive(rankings):
    """Judgments name objects by their DATAtourisme source id; a re-import keeps it."""
    judged = {key for q in relevance.load_set() for key in q.grades}
    stored = set(
        TourismObject.objects.filter(source_system="datatourisme").values_list(
            "source_id", flat=True
        )
    )
    assert judged - stored == set()


# --- The targets of issue 12 -----------------------------------------------------------------


@pytest.mark.django_db
def test_landmarks_come_first(summary):
    """The region's landmarks, asked for by name (with or without the type word and the
    town), come first: issue 12's target."""
    assert summary["landmark"].top1 == 1.0, _failures(summary, "landmark")
    assert summary["landmark"].top3 == 1.0, _failures(summary, "landmark")


@pytest.mark.django_db
def test_known_items_come_first(summary):
    figures = summary["known-item"]
    assert figures.top1 >= 0.95, _failures(summary, "known-item")
    assert figures.top3 >= 0.99, _failures(summary, "known-item")


@pytest.mark.django_db
def test_one_typo_still_finds_the_object(summary):
    assert summary["typo"].top3 >= 0.95, _failures(summary, "typo")


@pytest.mark.django_db
def test_a_name_cut_while_typing_finds_the_object(summary):
    assert summary["prefix"].top3 >= 0.95, _failures(summary, "prefix")


NAMED_CASES = [
    ("chateau chambord", CHAMBORD, 1),
    ("chateau de chambort", CHAMBORD, 1),
    ("chambor", CHAMBORD, 3),
    ("cheverny", CHEVERNY, 1),
    ("chenonceau", CHENONCEAU, 1),
    ("chateau blois", BLOIS, 1),
    ("villandry", VILLANDRY, 1),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("q", "target", "within"), NAMED_CASES, ids=[c[0] for c in NAMED_CASES])
def test_named_cases(rankings, q, target, within):
    ranking = _ranking(q)
    assert target in ranking[:within], f"{q!r}: target at rank {_rank(ranking, target)}"


def _rank(ranking: list[str], key: str) -> str:
    return str(ranking.index(key) + 1) if key in ranking else ">10"


# --- The metric functions, on hand-computed values -------------------------------------------


def test_ndcg_by_hand():
    grades = {"a": 3, "c": 2, "d": 1}
    # DCG: 3/log2(2) + 0 + 2/log2(4) = 4; ideal (3, 2, 1): 3 + 2/log2(3) + 1/log2(4)
    ideal = 3 + 2 / math.log2(3) + 0.5
    assert relevance.ndcg(["a", "b", "c"], grades) == pytest.approx(4 / ideal)
    assert relevance.ndcg(["a", "b", "c"], grades) == pytest.approx(0.84001, abs=1e-5)
    assert relevance.ndcg(["a", "c", "d"], grades) == pytest.approx(1.0)
    assert relevance.ndcg(["x", "y"], grades) == 0.0
    assert relevance.ndcg([], grades) == 0.0
    assert relevance.ndcg(["a"], {}) == 0.0
    # only the first k count: the target at rank 2 of a cut of 1 scores nothing
    assert relevance.ndcg(["x", "a"], {"a": 3}, k=1) == 0.0
    assert relevance.ndcg(["x", "a"], {"a": 3}) == pytest.approx(1 / math.log2(3))


def test_reciprocal_rank_by_hand():
    grades = {"a": 1, "b": 3, "c": 2}
    assert relevance.reciprocal_rank(["b", "a"], grades, 3) == 1.0
    assert relevance.reciprocal_rank(["a", "x", "b"], grades, 3) == pytest.approx(1 / 3)
    assert relevance.reciprocal_rank(["a", "c", "b"], grades, 2) == 0.5
    assert relevance.reciprocal_rank(["a", "x"], grades, 2) == 0.0
    beyond = [f"x{i}" for i in range(10)] + ["b"]
    assert relevance.reciprocal_rank(beyond, grades, 3) == 0.0  # rank 11 is outside the top 10


def test_scores_and_group_means_by_hand():
    one = relevance.Query("k1", "known-item", "q", (), {"t": 3, "r": 1}, {})
    two = relevance.Query("k2", "known-item", "q", (), {"t": 3}, {})
    theme = relevance.Query("t1", "thematic", "q", (), {"a": 2, "b": 1}, {})
    first = relevance.score(one, ["r", "t"])  # the related object before the target
    assert (first.target_rank, first.rr, first.top1, first.top3) == (2, 0.5, False, True)
    assert first.failed
    second = relevance.score(two, ["t"])
    assert (second.rr, second.top1, second.failed) == (1.0, True, False)
    third = relevance.score(theme, ["b", "a"])  # thematic: the first result graded 2 or more
    assert (third.target_rank, third.rr) == (2, 0.5)
    summary = relevance.summarize([first, second, third])
    assert summary["known-item"].mrr == pytest.approx(0.75)
    assert summary["known-item"].top1 == pytest.approx(0.5)
    assert summary["known-item"].top3 == 1.0
    assert [r.query.id for r in summary["known-item"].failures] == ["k1"]
    assert summary["all"].queries == 3
    assert summary["all"].mrr == pytest.approx((0.5 + 1 + 0.5) / 3)
    assert relevance.worst([second, first, third])[0] is first
