"""The licence recogniser: the strings sources really write, every spelling of each Creative
Commons licence and version (Hypothesis), and never an exception on arbitrary text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opensit.catalog.document import Media
from opensit.core.licences import (
    CC_KINDS,
    CC_VERSIONS,
    LICENCES,
    is_open,
    is_restricted,
    licence_info,
    recognise,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # DATAtourisme ebucore:isCoveredBy and the field's spellings
        ("CC BY 2.5", "cc-by-2.5"),
        ("By-NC-ND 4.0", "cc-by-nc-nd-4.0"),
        ("cc-by-sa", "cc-by-sa"),
        ("CC-BY-SA 3.0 FR", "cc-by-sa-3.0"),
        (
            "Creative Commons Attribution - Partage dans les mêmes conditions 3.0 France",
            "cc-by-sa-3.0",
        ),
        (
            "Creative Commons Attribution - Pas d’Utilisation Commerciale - Pas de Modification"
            " 4.0 International",
            "cc-by-nc-nd-4.0",
        ),
        ("Attribution-NonCommercial-ShareAlike 2.0 Generic (CC BY-NC-SA 2.0)", "cc-by-nc-sa-2.0"),
        ("https://creativecommons.org/licenses/by-nc/3.0/fr/", "cc-by-nc-3.0"),
        ("http://creativecommons.org/licenses/by/2.0/deed.fr", "cc-by-2.0"),
        ("https://creativecommons.org/licenses/by-nd/1.0/", "cc-by-nd-1.0"),
        ("https://creativecommons.org/publicdomain/zero/1.0/deed.fr", "cc0"),
        ("CC0", "cc0"),
        ("cc zero", "cc0"),
        ("Domaine public", "public-domain"),
        ("Public Domain Mark 1.0", "public-domain"),
        ("Licence Ouverte / Open Licence version 2.0", "etalab-2.0"),
        ("Licence ouverte v1.0", "etalab-1.0"),
        ("Etalab 2.0", "etalab-2.0"),
        ("https://www.etalab.gouv.fr/licence-ouverte-open-licence", "etalab-2.0"),
        ("https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf", "etalab-1.0"),
        ("ODbL", "odbl-1.0"),
        ("https://opendatacommons.org/licenses/odbl/1-0/", "odbl-1.0"),
        ("Tous droits réservés", "all-rights-reserved"),
        ("All rights reserved", "all-rights-reserved"),
        ("© Jean Dupont", "all-rights-reserved"),
        ("Reproduction interdite", "all-rights-reserved"),
        # yes/no rights flags of SIT exports
        ("oui", "source-rights"),
        ("Yes", "source-rights"),
        ("true", "source-rights"),
        ("non", "no-diffusion-rights"),
        ("false", "no-diffusion-rights"),
        ("Diffusion interdite", "no-diffusion-rights"),
        # canonical codes stay themselves
        ("cc-by-4.0", "cc-by-4.0"),
        ("ETALAB-2.0", "etalab-2.0"),
        ("source-rights", "source-rights"),
    ],
)
def test_real_spellings(text, code):
    assert recognise(text) == code


@pytest.mark.parametrize("text", ["", "   ", "OT Laragne", "Photo : Jean Dupont", "Copyright"])
def test_no_licence_in_a_credit(text):
    """A credit names an author: "Copyright" alone, as Apidae credits read, is no licence."""
    assert recognise(text, copyright_sign=False) is None


def test_copyright_sign_is_a_credit_when_reading_credits():
    assert recognise("©barbeguillaume") == "all-rights-reserved"
    assert recognise("©barbeguillaume", copyright_sign=False) is None
    assert recognise("© Jean Dupont - CC BY-SA 4.0", copyright_sign=False) == "cc-by-sa-4.0"
    assert recognise("Jean Dupont, tous droits réservés", copyright_sign=False) == (
        "all-rights-reserved"
    )


def test_flags_given_as_booleans():
    assert recognise(True) == "source-rights"
    assert recognise(False) == "no-diffusion-rights"
    assert recognise(None) is None and recognise(4) is None


def test_every_licence_has_a_name_and_the_known_codes_stay():
    for code in ("etalab-2.0", "cc0", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0"):
        assert is_open(code) == (code != "cc-by-nc-4.0")
    assert "source-rights" in LICENCES and "all-rights-reserved" in LICENCES
    for licence in LICENCES.values():
        assert licence.name
        assert not (licence.open and licence.restricted)
    assert licence_info("cc-by-nc-nd-4.0") == {
        "code": "cc-by-nc-nd-4.0",
        "name": "CC BY-NC-ND 4.0",
        "url": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
        "open": False,
    }


def test_only_a_producers_restriction_is_restrictive():
    assert is_restricted("all-rights-reserved") and is_restricted("no-diffusion-rights")
    for code in ("cc-by-nc-nd-4.0", "network-terms", "source-rights", "", None, "unknown"):
        assert not is_restricted(code)


def test_the_document_recognises_and_keeps_the_statement():
    medium = Media(kind="image", url="https://img.example/a.jpg", licence="By-NC-ND 4.0")
    assert (medium.licence, medium.rights) == ("cc-by-nc-nd-4.0", "By-NC-ND 4.0")
    unknown = Media(kind="image", url="https://img.example/a.jpg", licence="Licence maison " * 20)
    assert unknown.licence == "" and unknown.rights.startswith("Licence maison")
    again = Media.model_validate(medium.model_dump())
    assert again == medium  # a stored medium validates to itself


# -- property-based --------------------------------------------------------------------------

SEPARATORS = st.sampled_from([" ", "-", "_", " - ", "/", "  ", "."])
VERSION_SPELLINGS = {
    "1.0": ["1.0", "1", "v1.0", "version 1.0", "1,0"],
    "2.0": ["2.0", "2", "v2", "version 2.0"],
    "2.5": ["2.5", "2,5", "v2.5"],
    "3.0": ["3.0", "3", "v3.0", "3.0 FR", "3.0 France", "3.0 Unported"],
    "4.0": ["4.0", "4", "v4.0", "4.0 International", "4.0 Int."],
}
ELEMENT_SPELLINGS = {
    "by": ["BY", "by", "By", "Attribution", "Paternité"],
    "nc": ["NC", "nc", "Nc", "NonCommercial", "Non Commercial", "Pas d'Utilisation Commerciale"],
    "nd": ["ND", "nd", "NoDerivatives", "No Derivatives", "NoDerivs", "Pas de Modification"],
    "sa": ["SA", "sa", "ShareAlike", "Share Alike", "Partage dans les Mêmes Conditions"],
}
PREFIXES = [
    "CC",
    "cc",
    "Creative Commons",
    "CREATIVE COMMONS",
    "Licence CC",
    "licence Creative Commons",
]
AROUND = st.sampled_from(["", "Photo : Jean Dupont. ", "Licence : ", "(", "Crédit OT - "])
AFTER = st.sampled_from(["", ".", " ", ")", " - OT Loches", " ; photo Jean Dupont"])


def _case(text: str, data: st.DataObject) -> str:
    mode = data.draw(st.sampled_from(["as is", "upper", "lower", "title"]))
    return {"as is": text, "upper": text.upper(), "lower": text.lower(), "title": text.title()}[
        mode
    ]


@given(
    kind=st.sampled_from(CC_KINDS),
    version=st.sampled_from(CC_VERSIONS),
    data=st.data(),
)
def test_every_creative_commons_licence_and_version_however_spelled(kind, version, data):
    parts = [data.draw(st.sampled_from(ELEMENT_SPELLINGS[e])) for e in kind.split("-")]
    separator = data.draw(SEPARATORS)
    prefix = data.draw(st.sampled_from(PREFIXES))
    spelled_version = data.draw(st.sampled_from(VERSION_SPELLINGS[version]))
    text = f"{prefix}{data.draw(SEPARATORS)}{separator.join(parts)} {spelled_version}"
    text = data.draw(AROUND) + _case(text, data) + data.draw(AFTER)
    assert recognise(text) == f"cc-{kind}-{version}", text
    assert recognise(text, copyright_sign=False) == f"cc-{kind}-{version}", text


@given(kind=st.sampled_from(CC_KINDS), version=st.sampled_from(CC_VERSIONS), data=st.data())
def test_compound_codes_without_cc_and_urls(kind, version, data):
    """ "By-NC-ND 4.0" as DATAtourisme producers write it, and the licence's URL, ported or
    not, http or https, with or without a deed page."""
    separator = data.draw(st.sampled_from(["-", " ", "_", "/"]))
    compound = separator.join(kind.split("-"))
    assert recognise(_case(f"{compound} {version}", data)) == f"cc-{kind}-{version}"
    scheme = data.draw(st.sampled_from(["https", "http"]))
    port = data.draw(st.sampled_from(["", "fr/", "deed.fr", "legalcode", "fr/legalcode"]))
    url = f"{scheme}://creativecommons.org/licenses/{kind}/{version}/{port}"
    assert recognise(url) == f"cc-{kind}-{version}"


@given(kind=st.sampled_from(CC_KINDS), data=st.data())
def test_creative_commons_without_a_version(kind, data):
    text = data.draw(st.sampled_from(["CC", "cc", "Creative Commons"])) + data.draw(SEPARATORS)
    text += data.draw(SEPARATORS).join(kind.split("-"))
    assert recognise(_case(text, data)) == f"cc-{kind}"


@given(st.text(max_size=300))
def test_never_raises_on_arbitrary_text(text):
    found = recognise(text)
    assert found is None or found in LICENCES
    found = recognise(text, copyright_sign=False)
    assert found is None or found in LICENCES


@given(st.from_type(object))
def test_never_raises_on_arbitrary_values(value):
    assert recognise(value) is None or recognise(value) in LICENCES


@given(code=st.sampled_from(sorted(LICENCES)), data=st.data())
def test_a_code_is_recognised_as_itself_in_any_case(code, data):
    assert recognise(_case(code, data)) == code


@given(
    st.text(
        st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=1200
    ).filter(str.strip)
)
def test_a_medium_takes_any_licence_text_and_stays_stable(text):
    """Whatever a source writes as a licence, the medium is valid: a code it recognises, or the
    text kept as the rights statement; and it validates again to itself (stored documents)."""
    medium = Media(kind="image", url="https://img.example/a.jpg", licence=text)
    assert medium.licence == (recognise(text) or "")
    assert medium.licence in LICENCES or medium.licence == ""
    assert Media.model_validate(medium.model_dump()) == medium
