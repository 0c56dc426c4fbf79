"""Licences known to the catalog, and whether they allow open diffusion."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    url: str
    open: bool


LICENCES: dict[str, Licence] = {
    lic.code: lic
    for lic in [
        Licence(
            "etalab-2.0",
            "Licence Ouverte / Etalab 2.0",
            "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
            True,
        ),
        Licence("cc0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/", True),
        Licence("cc-by-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", True),
        Licence(
            "cc-by-sa-4.0", "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/", True
        ),
        Licence(
            "cc-by-nc-4.0",
            "CC BY-NC 4.0",
            "https://creativecommons.org/licenses/by-nc/4.0/",
            False,
        ),
        # A producer's statement that it holds the diffusion rights of a medium, with a credit
        # to show (DATAtourisme `ebucore:isCoveredBy` "oui"), within its rights dates.
        Licence("source-rights", "Diffusion rights granted by the producer", "", True),
        Licence("all-rights-reserved", "All rights reserved", "", False),
    ]
}


def is_open(code: str | None) -> bool:
    """Unknown licences are treated as closed: diffusion must be explicitly allowed."""
    licence = LICENCES.get(code or "")
    return bool(licence and licence.open)
