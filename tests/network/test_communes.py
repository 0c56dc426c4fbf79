"""Communes as people name them: by name (accents, hyphens and case aside), postal code or INSEE
code; and their names for lists."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.network import communes
from opensit.network.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    rows = [
        ("37129", "Limeray", ["37530"]),
        ("37261", "Tours", ["37000", "37100", "37200"]),
        ("37214", "Saint-Avertin", ["37550"]),
        ("41018", "Blois", ["41000"]),
        ("41106", "Montrichard Val de Cher", ["41400"]),
        ("41213", "Saint-Aignan", ["41110"]),
        ("36044", "Châteauroux", ["36000"]),
        ("2A004", "Ajaccio", ["20000", "20090"]),
    ]
    Commune.objects.bulk_create(
        Commune(insee=insee, name=name, postal_codes=codes) for insee, name, codes in rows
    )


def _names(text: str) -> list[str]:
    return [commune.name for commune in communes.find(text)]


def test_a_name_typed_as_people_type_it(reference):
    assert _names("Limeray") == ["Limeray"]
    assert _names("limeray") == ["Limeray"]
    assert _names("chateauroux") == ["Châteauroux"]
    assert _names("saint aignan") == ["Saint-Aignan"]
    assert _names("Saint-") == ["Saint-Aignan", "Saint-Avertin"]
    assert _names("tours") == ["Tours"]  # an exact name first
    assert _names("Paris") == [] and _names("  ") == []


def test_a_postal_code_or_an_insee_code(reference):
    assert _names("37530") == ["Limeray"]
    assert _names("37200") == ["Tours"]  # one of several postal codes
    assert _names("37261") == ["Tours"]
    assert _names("2a004") == ["Ajaccio"]  # Corsica's codes have a letter
    assert _names("20090") == ["Ajaccio"]


def test_codes_to_filter_by_keep_a_code_the_reference_lacks(reference):
    assert communes.insee_codes("Limeray") == ["37129"]
    assert communes.insee_codes("99999") == ["99999"]  # an object may carry it
    assert communes.insee_codes("Nowhere") == []


def test_names_of_codes(reference):
    assert communes.names(["37261", "41018", "99999", ""]) == {"37261": "Tours", "41018": "Blois"}


def test_resolve_one_commune_from_what_people_type(reference):
    assert communes.resolve("limeray") == ("37129", "Limeray")
    assert communes.resolve("37530") == ("37129", "Limeray")  # its postal code
    assert communes.resolve(" 37261 ") == ("37261", "Tours")
    assert communes.resolve("Tours") == ("37261", "Tours")  # "Tours" is exact, among others
    assert communes.resolve("99999") == ("99999", "")  # a code the reference lacks, as it is


def test_resolve_narrows_a_shared_name_or_explains(reference):
    Commune.objects.create(insee="72308", name="Saint-Aignan", postal_codes=["72120"])
    with pytest.raises(communes.Ambiguous) as ambiguous:
        communes.resolve("Saint-Aignan")
    assert [c.insee for c in ambiguous.value.candidates] == ["41213", "72308"]
    assert communes.resolve("Saint-Aignan", "72120") == ("72308", "Saint-Aignan")
    # As the candidates are listed back: the name and its postal (or INSEE) code.
    assert communes.resolve("Saint-Aignan (41110)") == ("41213", "Saint-Aignan")
    assert communes.resolve("Saint-Aignan (72308)") == ("72308", "Saint-Aignan")
    with pytest.raises(communes.Ambiguous):
        communes.resolve("Saint")  # two names start with it, neither is it
    with pytest.raises(communes.Unknown):
        communes.resolve("Nowhere")


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=12))
def test_any_text_finds_only_communes_whose_name_or_code_it_gives(reference, text):
    for commune in communes.find(text):
        code = text.strip().upper()
        by_code = code == commune.insee or code in commune.postal_codes
        assert by_code or communes.folded(commune.name).startswith(communes.folded(text))
