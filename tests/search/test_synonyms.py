"""Search synonyms: the query-time lookup (spans of the query's words and their alternatives),
the rules' validation, who may govern them (a rights matrix, as for the vocabularies), the
audit log, and the per-process cache that sees another process's change through the table's
version token."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.core.models import AuditEntry
from opensit.network.permissions import Actor
from opensit.search import synonyms
from opensit.search.synonym_models import Synonym
from opensit.search.text import fold, query_words
from tests.backoffice.governance import network  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

MATRIX = ["network_admin", "admin", "editor", "contributor", "reader", "other_admin"]
PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rolled-back tests leave no trace in the table but may in the process cache."""
    synonyms.clear_cache()
    yield
    synonyms.clear_cache()


@pytest.fixture
def board(network):  # noqa: F811
    user = network.users["network_admin"]
    return Actor.for_user(user, network.board)


@pytest.fixture
def rules(board):
    """The issue's examples, plus an English-only rule and an equivalence of three."""
    return {
        "gite": synonyms.create_rule(board, ["gîte", "location"]),
        "resto": synonyms.create_rule(board, ["resto", "restaurant"], kind="one_way"),
        "vtt": synonyms.create_rule(board, ["VTT", "vélo tout terrain"], language="fr"),
        "bike": synonyms.create_rule(board, ["bike", "bicycle", "cycle"], language="en"),
    }


def words(q: str) -> list[str]:
    return query_words(q)


# --- alternatives() -----------------------------------------------------------------------------


def test_the_issue_examples(rules):
    assert synonyms.alternatives(["gites", "amboise"], "fr") == {(0, 1): [("location",)]}
    assert synonyms.alternatives(["restaurant"], "fr") == {}  # one-way
    assert synonyms.alternatives(["resto", "tours"], "fr") == {(0, 1): [("restaurant",)]}
    assert synonyms.alternatives(["velo", "tout", "terrain", "loire"], "fr") == {(0, 3): [("vtt",)]}
    assert synonyms.alternatives(["location", "vtt"], "fr") == {
        (0, 1): [("gite",)],
        (1, 2): [("velo", "tout", "terrain")],
    }


def test_equivalence_of_three_terms_gives_two_alternatives(rules):
    assert synonyms.alternatives(["cycles"], "en") == {(0, 1): [("bike",), ("bicycle",)]}
    assert synonyms.alternatives(["bike", "hire"], "en") == {(0, 1): [("bicycle",), ("cycle",)]}


def test_language_of_the_rule(rules):
    """A French rule is not applied to English queries; an every-language rule is."""
    assert synonyms.alternatives(["vtt"], "en") == {}
    assert synonyms.alternatives(["bike"], "fr") == {}
    assert synonyms.alternatives(["gite"], "en") == {(0, 1): [("location",)]}
    assert synonyms.alternatives(["gite"], "de") == {(0, 1): [("location",)]}


def test_a_phrase_needs_its_words_in_order_and_consecutive(rules):
    assert synonyms.alternatives(["velo", "terrain", "tout"], "fr") == {}
    assert synonyms.alternatives(["velo", "a", "tout", "terrain"], "fr") == {}
    assert synonyms.alternatives(["velo", "tout"], "fr") == {}  # cut at the end of the query
    assert synonyms.alternatives(["sortie", "velos", "tout", "terrains"], "fr") == {
        (1, 4): [("vtt",)]
    }


def test_overlapping_spans_are_all_returned(board):
    synonyms.create_rule(board, ["tout terrain", "4x4"])
    synonyms.create_rule(board, ["vélo tout terrain", "VTT"])
    synonyms.create_rule(board, ["vélo", "bicyclette"])
    found = synonyms.alternatives(["velo", "tout", "terrain"], "fr")
    assert found == {
        (0, 3): [("vtt",)],
        (0, 1): [("bicyclette",)],
        (1, 3): [("4x4",)],
    }


def test_rules_sharing_a_term_merge_their_alternatives(board):
    synonyms.create_rule(board, ["gîte", "location"])
    synonyms.create_rule(board, ["gîtes", "meublé de tourisme"])
    synonyms.create_rule(board, ["gite", "location"], language="fr")  # a repeat: once only
    assert synonyms.alternatives(["gite"], "fr") == {
        (0, 1): [("location",), ("meuble", "de", "tourisme")]
    }


def test_inactive_and_deleted_rules_do_not_apply(board, rules):
    synonyms.set_active(board, rules["gite"], False)
    assert synonyms.alternatives(["gite"], "fr") == {}
    synonyms.set_active(board, rules["gite"], True)
    assert synonyms.alternatives(["gite"], "fr") == {(0, 1): [("location",)]}
    synonyms.delete_rule(board, rules["gite"])
    assert synonyms.alternatives(["gite"], "fr") == {}
    assert synonyms.alternatives(["resto"], "fr") == {(0, 1): [("restaurant",)]}


def test_no_rules_and_no_words():
    assert synonyms.alternatives([], "fr") == {}
    assert synonyms.alternatives(["gite"], "fr") == {}


def test_terms_are_matched_folded(board):
    """Terms are stored as written (capitals, accents, ligature-free punctuation) and matched
    folded; the alternatives are folded words, as the query's own."""
    synonyms.create_rule(board, ["Château-Fort", "Forteresse Médiévale"])
    assert synonyms.alternatives(words("les châteaux forts"), "fr") == {
        (1, 3): [("forteresse", "medievale")]
    }
    assert synonyms.alternatives(words("FORTERESSES médiévales"), "fr") == {
        (0, 2): [("chateau", "fort")]
    }


WORD = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@pytest.mark.usefixtures("rules")
def test_any_words_give_spans_within_bounds():
    @PROPERTY
    @given(st.lists(st.one_of(WORD, st.sampled_from(["velo", "tout", "terrain", "gites"]))))
    def check(query: list[str]) -> None:
        for lang in ("fr", "en", "de"):
            found = synonyms.alternatives(query, lang)
            for (start, end), alts in found.items():
                assert 0 <= start < end <= len(query)
                assert alts and all(isinstance(alt, tuple) and alt for alt in alts)
                assert all(isinstance(word, str) for alt in alts for word in alt)

    check()


@pytest.mark.usefixtures("rules")
def test_plural_and_folding_tolerance():
    """Wherever "gîte" stands in a query, in any case, with or without an accent or a plural
    s/x, its span comes back with "location"."""
    variants = st.sampled_from(["gîte", "GÎTE", "gite", "gites", "Gîtes", "gîtex"])
    filler = st.lists(st.sampled_from(["amboise", "loire", "piscine", "chateau", "de"]))

    @PROPERTY
    @given(filler, variants, filler)
    def check(before: list[str], term: str, after: list[str]) -> None:
        query = [fold(word) for word in [*before, term, *after]]
        found = synonyms.alternatives(query, "fr")
        assert found[(len(before), len(before) + 1)] == [("location",)]

    check()


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "terms, message",
    [
        (["gîte"], "at least 2"),
        (["gîte", "  "], "at least 2"),
        ([f"t{i}" for i in range(21)], "at most 20"),
        (["gîte", "x" * 101], "longer than 100"),
        (["gîte", "Gite"], "same term"),
        (["gîte", "gîtes"], "same term"),
        (["Vélo tout terrain", "velo  tout-terrain"], "same term"),
        (["gîte", "!!!"], "no word"),
    ],
)
def test_invalid_terms(board, terms, message):
    with pytest.raises(ValueError, match=message):
        synonyms.create_rule(board, terms)
    assert not Synonym.objects.exists()


def test_terms_are_trimmed_and_limits_are_inclusive(board):
    rule = synonyms.create_rule(board, ["  gîte  rural ", "location", "", "x" * 100])
    assert rule.terms == ["gîte rural", "location", "x" * 100]
    assert synonyms.create_rule(board, [f"t{i}" for i in range(20)]).terms[-1] == "t19"


def test_invalid_kind_and_language(board):
    with pytest.raises(ValueError, match="kind"):
        synonyms.create_rule(board, ["a1", "b1"], kind="both")
    with pytest.raises(ValueError, match="language"):
        synonyms.create_rule(board, ["a1", "b1"], language="xx")
    assert not Synonym.objects.exists()


# --- rights and audit ---------------------------------------------------------------------------


def _actor(network, who: str) -> Actor:  # noqa: F811
    org = {
        "network_admin": network.board,
        "admin": network.tours,
        "editor": network.tours,
        "contributor": network.provider,
        "reader": network.tours,
        "other_admin": network.blois,
    }[who]
    return Actor.for_user(network.users[who], org)


@pytest.mark.parametrize("who", MATRIX)
def test_rights_matrix(network, board, who):  # noqa: F811
    """Network admins govern the synonyms, as the vocabularies; everyone else is refused, and
    nothing is written or logged."""
    existing = synonyms.create_rule(board, ["gîte", "location"])
    actor = _actor(network, who)
    before = AuditEntry.objects.count()
    allowed = who == "network_admin"
    assert synonyms.can_manage(actor) == allowed
    operations = [
        lambda: synonyms.create_rule(actor, ["resto", "restaurant"], kind="one_way"),
        lambda: synonyms.update_rule(actor, existing, terms=["gîte", "location", "meublé"]),
        lambda: synonyms.set_active(actor, existing, False),
        lambda: synonyms.delete_rule(actor, existing),
    ]
    for operation in operations:
        if allowed:
            operation()
        else:
            with pytest.raises(PermissionDenied, match="network admins"):
                operation()
    if allowed:
        assert list(Synonym.objects.values_list("terms", flat=True)) == [["resto", "restaurant"]]
        assert AuditEntry.objects.count() == before + 4
    else:
        assert list(Synonym.objects.values_list("terms", "active")) == [
            (["gîte", "location"], True)
        ]
        assert AuditEntry.objects.count() == before


def test_the_system_actor_may_manage():
    rule = synonyms.create_rule(Actor.system(), ["gîte", "location"])
    assert rule.created_by is None and rule.revision == 1


def test_every_change_is_audited(network, board):  # noqa: F811
    rule = synonyms.create_rule(board, ["gîte", "location"], note="demande de l'OT de Tours")
    assert rule.created_by == network.users["network_admin"] == rule.updated_by
    synonyms.update_rule(board, rule, terms=["gîte", "location", "meublé"], language="fr")
    synonyms.update_rule(board, rule, note="demande de l'OT de Tours")  # unchanged: no entry
    synonyms.set_active(board, rule, False)
    synonyms.set_active(board, rule, True)
    synonyms.delete_rule(board, rule)
    entries = list(AuditEntry.objects.filter(action__startswith="synonym.").order_by("id"))
    assert [e.action for e in entries] == [
        "synonym.create",
        "synonym.update",
        "synonym.deactivate",
        "synonym.activate",
        "synonym.delete",
    ]
    assert {e.object_id for e in entries} == {str(rule.pk)}
    assert all(e.user == network.users["network_admin"] for e in entries)
    assert all(e.organisation == network.board for e in entries)
    assert entries[0].data["terms"] == ["gîte", "location"]
    assert entries[0].data["note"] == "demande de l'OT de Tours"
    assert entries[1].data["changes"] == {
        "terms": [["gîte", "location"], ["gîte", "location", "meublé"]],
        "language": ["", "fr"],
    }
    assert entries[4].data["terms"] == ["gîte", "location", "meublé"]
    assert entries[4].data["language"] == "fr"


def test_edits_bump_the_revision_and_keep_the_creator(network, board):  # noqa: F811
    rule = synonyms.create_rule(board, ["gîte", "location"])
    created = rule.updated_at
    rule = synonyms.update_rule(board, rule, kind="one_way")
    assert rule.revision == 2 and rule.updated_at >= created
    assert Synonym.objects.get().kind == "one_way"
    assert synonyms.alternatives(["location"], "fr") == {}
    assert synonyms.alternatives(["gite"], "fr") == {(0, 1): [("location",)]}


# --- the cache: per process, and another process's change seen within CHECK_SECONDS -----------


class Clock:
    """The synonyms module's clock (`time.monotonic`), moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(synonyms, "_clock", clock)
    return clock


def _other_process(sql: str, params: list) -> None:
    """A write from another server: plain SQL, no signal and no service in this process."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_cached_lookups_read_no_table(rules, clock, django_assert_num_queries):
    with django_assert_num_queries(2):  # the version token, then the rules
        assert synonyms.alternatives(["gite"], "fr")
    with django_assert_num_queries(0):
        for _ in range(100):
            synonyms.alternatives(["gites", "velo", "amboise"], "fr")
        clock.now += synonyms.CHECK_SECONDS - 0.01
        synonyms.alternatives(["gites"], "fr")
    clock.now += 0.02
    with django_assert_num_queries(1):  # the token only: nothing changed
        assert synonyms.alternatives(["gite"], "fr") == {(0, 1): [("location",)]}


def test_another_process_edit_is_seen_after_the_check_delay(rules, clock):
    assert synonyms.alternatives(["gite"], "fr") == {(0, 1): [("location",)]}
    _other_process(
        "UPDATE search_synonym SET terms = %s, revision = revision + 1 WHERE id = %s",
        ['["gîte", "hébergement"]', rules["gite"].pk],
    )
    assert synonyms.alternatives(["gite"], "fr") == {(0, 1): [("location",)]}  # still cached
    clock.now += synonyms.CHECK_SECONDS
    assert synonyms.alternatives(["gite"], "fr") == {(0, 1): [("hebergement",)]}


def test_another_process_delete_then_create_is_seen(rules, clock):
    """The newest rule deleted and a new one created: the count is the same, the highest id
    grows (ids are never reused, SQLite's included: AUTOINCREMENT)."""
    assert synonyms.alternatives(["bike"], "en")
    before = synonyms.version_token()
    _other_process("DELETE FROM search_synonym WHERE id = %s", [rules["bike"].pk])
    _other_process(
        "INSERT INTO search_synonym (terms, kind, language, active, note, revision, created_at,"
        " updated_at) VALUES (%s, 'equivalent', '', %s, '', 1, %s, %s)",
        ['["brasserie", "bistrot"]', True, "2026-01-01 00:00:00", "2026-01-01 00:00:00"],
    )
    after = synonyms.version_token()
    assert after != before and after[0] == before[0]
    clock.now += synonyms.CHECK_SECONDS
    assert synonyms.alternatives(["bike"], "en") == {}
    assert synonyms.alternatives(["bistrot"], "fr") == {(0, 1): [("brasserie",)]}


def test_a_change_in_this_process_is_seen_at_once(board, rules, clock):
    assert synonyms.alternatives(["resto"], "fr") == {(0, 1): [("restaurant",)]}
    synonyms.update_rule(board, rules["resto"], terms=["resto", "restaurant", "brasserie"])
    assert synonyms.alternatives(["resto"], "fr") == {(0, 1): [("restaurant",), ("brasserie",)]}
    Synonym.objects.create(terms=["crêperie", "galette"])  # the ORM alone, as in a shell
    assert synonyms.alternatives(["creperies"], "fr") == {(0, 1): [("galette",)]}


def test_version_token_moves_on_every_kind_of_change(board):
    """Each change moves the token away from the one a process may have cached (an empty
    table after the last delete has the token of an empty table, rightly)."""
    tokens = [synonyms.version_token()]
    rule = synonyms.create_rule(board, ["gîte", "location"])
    tokens.append(synonyms.version_token())
    synonyms.update_rule(board, rule, note="x")
    tokens.append(synonyms.version_token())
    synonyms.set_active(board, rule, False)
    tokens.append(synonyms.version_token())
    synonyms.delete_rule(board, rule)
    tokens.append(synonyms.version_token())
    assert all(before != after for before, after in itertools.pairwise(tokens))
