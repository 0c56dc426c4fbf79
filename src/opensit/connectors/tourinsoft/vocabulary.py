"""Tourinsoft list values -> vocabulary codes.

Tourinsoft gives labels of the client's lists, not codes. Stars and the national labels every
SIT shares take the DATAtourisme code the catalog already uses for them (`ScaleRating_3etoiles`,
`LabelRating_QualiteTourisme`), so that one filter finds a 3-star hotel whichever SIT it came
from; any other value becomes `tourinsoft:<slug of the label>`.
"""

import re

from opensit.catalog.vocabularies import Entry
from opensit.connectors.tourinsoft.values import slug

PREFIX = "tourinsoft:"
#: A vocabulary code is at most 100 characters (`VocabularyEntry.code`).
CODE_SLUG = 100 - len(PREFIX)
DATATOURISME_KB = "https://www.datatourisme.gouv.fr/resource/core#"
_STARS = re.compile(r"^([1-5])-etoiles?$")
#: Slugs of national labels -> their DATAtourisme individual (as met in real DATAtourisme data).
LABELS = {
    "qualite-tourisme": "LabelRating_QualiteTourisme",
    "accueil-velo": "LabelRating_AccueilVelo",
    "vignobles-decouvertes": "LabelRating_VignoblesDecouvertes",
    "vignobles-et-decouvertes": "LabelRating_VignoblesDecouvertes",
    "bienvenue-a-la-ferme": "LabelRating_BienvenueaLaFerme",
    "gites-de-france": "LabelRating_GitesDeFrance",
    "maitre-restaurateur": "LabelRating_MaitreRestaurateur",
    "clef-verte": "LabelRating_ClefVerte",
    "jardin-remarquable": "LabelRating_OutstandingGarden",
    "tables-et-auberges-de-france": "LabelRating_TablesEtAubergesDeFrance",
    "ecolabel-europeen": "LabelRating_EcolabelEuropeen",
    "parc-naturel-regional": "LabelRating_ParcNaturelRegional",
}


def code_for(target: str, label: str) -> str:
    """The vocabulary code of a list value found in the document field `target`."""
    key = slug(label)
    if target == "classifications" and (stars := _STARS.match(key)):
        count = int(stars.group(1))
        return f"ScaleRating_{count}etoile{'s' if count > 1 else ''}"
    if target == "labels" and key in LABELS:
        return LABELS[key]
    key = key[:CODE_SLUG].strip("-")
    return f"{PREFIX}{key}" if key else ""


def entry(scheme: str, code: str, label: str) -> Entry:
    """The entry to register for `code` (labels a network admin edited are never replaced)."""
    shared = not code.startswith(PREFIX)
    return Entry(
        scheme=scheme,
        code=code,
        labels={"fr": label},
        datatourisme=DATATOURISME_KB + code if shared else "",
    )
