"""Licences known to the catalog, and the recogniser of the licence strings sources write.

Sources spell licences every way ("CC BY 2.5", "By-NC-ND 4.0", "cc-by-sa", "Creative Commons
Attribution - Partage dans les mêmes conditions 3.0 France", a licence URL, "Licence Ouverte
v2.0", "Tous droits réservés", a DATAtourisme yes/no rights flag): `recognise` turns each into
one canonical code of `LICENCES`, or None when the text names no licence it knows.

Two properties of a licence matter to diffusion, and they differ:
- `open`: an open licence in the open-data sense (reuse, commercial reuse and changes allowed,
  with attribution at most). Consumers may filter on it.
- `restricted`: the producer forbids diffusion (all rights reserved, or a "no" rights flag).
  Only restricted media stay out of the public outputs; a non-commercial or no-derivatives
  licence is diffused with its licence shown, for each consumer to respect.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    url: str
    open: bool
    restricted: bool = False
    #: The name in the reader's language, for screens, when it holds words (`name`, in
    #: English, is what exports and the API write).
    label: str | Promise = ""

    @property
    def title(self) -> str | Promise:
        return self.label or self.name


CC_VERSIONS = ("1.0", "2.0", "2.5", "3.0", "4.0")
#: The six Creative Commons licences, as the path of their URL and their short name.
CC_KINDS = ("by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd")
_CC_NAMES = {
    "by": "Attribution",
    "by-sa": "Attribution-ShareAlike",
    "by-nd": "Attribution-NoDerivatives",
    "by-nc": "Attribution-NonCommercial",
    "by-nc-sa": "Attribution-NonCommercial-ShareAlike",
    "by-nc-nd": "Attribution-NonCommercial-NoDerivatives",
}
_CC_LABELS = {
    "by": _("Attribution"),
    "by-sa": _("Attribution-ShareAlike"),
    "by-nd": _("Attribution-NoDerivatives"),
    "by-nc": _("Attribution-NonCommercial"),
    "by-nc-sa": _("Attribution-NonCommercial-ShareAlike"),
    "by-nc-nd": _("Attribution-NonCommercial-NoDerivatives"),
}
#: Free reuse, commercial reuse and derivatives allowed: the open ones among the six.
_CC_OPEN = frozenset({"by", "by-sa"})


def _cc_licences() -> list[Licence]:
    out = []
    for kind in CC_KINDS:
        short = f"CC {kind.upper()}"
        for version in CC_VERSIONS:
            out.append(
                Licence(
                    f"cc-{kind}-{version}",
                    f"{short} {version}",
                    f"https://creativecommons.org/licenses/{kind}/{version}/",
                    kind in _CC_OPEN,
                )
            )
        # "cc-by-sa" with no version: the family page, which leads to its latest version.
        out.append(
            Licence(
                f"cc-{kind}",
                f"{short} ({_CC_NAMES[kind]}, version not stated)",
                f"https://creativecommons.org/licenses/{kind}/",
                kind in _CC_OPEN,
                label=format_lazy(
                    _("{short} ({name}, version not stated)"), short=short, name=_CC_LABELS[kind]
                ),
            )
        )
    return out


LICENCES: dict[str, Licence] = {
    lic.code: lic
    for lic in [
        Licence(
            "etalab-2.0",
            "Licence Ouverte / Etalab 2.0",
            "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
            True,
        ),
        Licence(
            "etalab-1.0",
            "Licence Ouverte / Etalab 1.0",
            "https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf",
            True,
        ),
        Licence("cc0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/", True),
        Licence(
            "public-domain",
            "Public domain",
            "https://creativecommons.org/publicdomain/mark/1.0/",
            True,
            label=_("Public domain"),
        ),
        *_cc_licences(),
        Licence(
            "odbl-1.0",
            "Open Database License (ODbL) 1.0",
            "https://opendatacommons.org/licenses/odbl/1-0/",
            True,
        ),
        # A producer's statement that it holds the diffusion rights of a medium, with a credit
        # to show (DATAtourisme `ebucore:isCoveredBy` "oui"), within its rights dates.
        Licence(
            "source-rights",
            "Diffusion rights granted by the producer",
            "",
            True,
            label=_("Diffusion rights granted by the producer"),
        ),
        # What a producer agrees to when it gives a medium to the network: diffusion by the
        # network's projects with its credit, reuse only on the network's terms.
        Licence(
            "network-terms",
            "Diffusion terms of the source network",
            "",
            False,
            label=_("Diffusion terms of the source network"),
        ),
        Licence(
            "all-rights-reserved",
            "All rights reserved",
            "",
            False,
            restricted=True,
            label=_("All rights reserved"),
        ),
        # DATAtourisme `ebucore:isCoveredBy` "non": the producer does not hold the rights.
        Licence(
            "no-diffusion-rights",
            "No diffusion rights (producer's flag)",
            "",
            False,
            True,
            label=_("No diffusion rights (producer's flag)"),
        ),
    ]
}


def is_open(code: str | None) -> bool:
    """Whether `code` is an open licence; unknown codes are not (openness must be stated)."""
    licence = LICENCES.get(code or "")
    return bool(licence and licence.open)


def is_restricted(code: str | None) -> bool:
    """Whether the producer forbids diffusion. An empty or unknown code is not a restriction:
    imports fill a missing licence from the source's policy (`connectors.media_policy`)."""
    licence = LICENCES.get(code or "")
    return bool(licence and licence.restricted)


def licence_code(value: Any) -> str:
    """The licence code of a stored value (a code) or of the public form's (a dict)."""
    if isinstance(value, dict):
        return str(value.get("code") or "")
    return str(value or "")


def licence_info(value: Any) -> dict[str, object]:
    """Code, name, URL and openness of a licence (a code, or the public form's dict), as
    outputs show it."""
    code = licence_code(value)
    licence = LICENCES.get(code)
    if licence is None:
        return {"code": code, "name": "", "url": "", "open": False}
    return {"code": licence.code, "name": licence.name, "url": licence.url, "open": licence.open}


# -- recognising what sources write ------------------------------------------------------------

#: Texts longer than this are cut before reading (a licence statement is short).
MAX_TEXT = 400

_YES = frozenset({"oui", "yes", "true", "vrai", "o", "y", "1"})
_NO = frozenset({"non", "no", "false", "faux", "n", "0"})

_CC_URL = re.compile(r"creativecommons\.org/licen[cs]es/([a-z-]+)(?:/(\d(?:\.\d)?))?")
_CC0_URL = re.compile(r"creativecommons\.org/publicdomain/zero")
_PDM_URL = re.compile(r"creativecommons\.org/publicdomain/mark")
_ETALAB_URL = re.compile(r"etalab[^ ]*|licence[-_]?ouverte|open[-_]?licen[cs]e")
_ODBL_URL = re.compile(r"opendatacommons\.org/licen[cs]es/odbl")

_RESTRICTIVE = re.compile(
    r"\b(diffusion interdite|publication interdite|ne pas (diffuser|publier)|non diffusable"
    r"|interdite? (de|a la) (diffusion|publication|diffuser|publier)|usage interne"
    r"|internal use|do not (publish|distribute)|not for (publication|distribution)"
    r"|no diffusion)\b"
)
_RESERVED = re.compile(
    r"\b(tous droits reserves|droits reserves|all rights reserved|reproduction interdite"
    r"|rights reserved)\b"
)
_COPYRIGHT_SIGN = re.compile(r"©|\(c\)|\bcopyright\b")
_CC0 = re.compile(r"\b(cc ?0|cc zero|creative commons zero|public ?domain ?dedication)\b")
_PD = re.compile(r"\b(domaine public|public domain|pdm)\b")
_CC = re.compile(r"\b(cc|creative commons)\b")
_ETALAB = re.compile(r"\b(licence ouverte|open licen[cs]e|etalab)\b")
_ODBL = re.compile(r"\b(odbl|open database licen[cs]e)\b")
_VERSION = re.compile(r"\b(?:v|version )?([1-4])(?:[.,]([05]))?\b")
#: A compound of the CC elements with no "CC" before it: "By-NC-ND 4.0", "by-sa".
_CC_COMPOUND = re.compile(r"\bby(?:[ _/-]+(?:nc|nd|sa)\b)+")
_CC_BY_VERSION = re.compile(r"\bby (?:v|version )?[1-4][.,][05]\b")

_ELEMENTS = {
    "by": re.compile(r"\b(by|attribution|paternite)\b"),
    "nc": re.compile(
        r"\b(nc|non ?commercial|pas d ?utilisation commerciale|utilisation non commerciale)\b"
    ),
    "nd": re.compile(
        r"\b(nd|no ?derivs?|no ?derivatives?( works)?|pas de modification|pas d ?oeuvres? "
        r"derivees?|sans modification)\b"
    ),
    "sa": re.compile(
        r"\b(sa|share ?alike|partage dans les memes conditions|partage a l ?identique"
        r"|partage des conditions initiales a l ?identique)\b"
    ),
}


def normalise(text: str) -> str:
    """Lower case, no accents, © kept, every other run of punctuation a single space."""
    text = unicodedata.normalize("NFKD", text[:MAX_TEXT].replace("©", " © ").replace("Ⓒ", " © "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[’'`´]", " ", text)
    return re.sub(r"[^\w.,©()]+|_+|(?<!\d)[.,]|[.,](?!\d)", " ", text).strip()


def recognise(text: object, *, copyright_sign: bool = True) -> str | None:
    """The canonical code of the licence `text` states, or None when it names none.

    `copyright_sign=False` reads a credit (Apidae's `copyright`): there "© Jean Dupont" names
    the author, not a licence, while "CC BY-SA Jean Dupont" still states one. Never raises.
    """
    if not isinstance(text, str):
        if isinstance(text, bool):
            return "source-rights" if text else "no-diffusion-rights"
        return None
    raw = text.strip()
    if not raw:
        return None
    if raw.lower() in LICENCES:
        return raw.lower()
    lowered = raw[:MAX_TEXT].lower()
    found = _from_url(lowered)
    if found:
        return found
    words = normalise(raw)
    if words in _YES:
        return "source-rights"
    if words in _NO:
        return "no-diffusion-rights"
    if _RESTRICTIVE.search(words):
        return "no-diffusion-rights"
    if _CC0.search(words):
        return "cc0"
    found = _creative_commons(words)
    if found:
        return found
    if _PD.search(words):
        return "public-domain"
    if _ETALAB.search(words):
        return "etalab-1.0" if _version(words) == "1.0" else "etalab-2.0"
    if _ODBL.search(words):
        return "odbl-1.0"
    if _RESERVED.search(words):
        return "all-rights-reserved"
    if copyright_sign and _COPYRIGHT_SIGN.search(words):
        return "all-rights-reserved"
    return None


def _from_url(lowered: str) -> str | None:
    match = _CC_URL.search(lowered)
    if match:
        kind = _cc_kind(match.group(1).replace("-", " "))
        if kind:
            version = _full_version(match.group(2) or "")
            return f"cc-{kind}-{version}" if version else f"cc-{kind}"
    if _CC0_URL.search(lowered):
        return "cc0"
    if _PDM_URL.search(lowered):
        return "public-domain"
    if _ODBL_URL.search(lowered):
        return "odbl-1.0"
    if "://" in lowered and _ETALAB_URL.search(lowered):
        # The 2014 text is version 1.0 (a "Licence_Ouverte.pdf"); the others are 2.0.
        old = "2014" in lowered or re.search(r"v1(?:\.0)?\b|1\.0", lowered)
        return "etalab-1.0" if old else "etalab-2.0"
    return None


def _creative_commons(words: str) -> str | None:
    """A Creative Commons licence when the text says "CC"/"Creative Commons" with its
    elements, or writes the elements as a compound ("by-nc-nd"), or "by" with a version."""
    if not (_CC.search(words) or _CC_COMPOUND.search(words) or _CC_BY_VERSION.search(words)):
        return None
    kind = _cc_kind(words)
    if kind is None:
        return None
    version = _version(words)
    return f"cc-{kind}-{version}" if version else f"cc-{kind}"


def _cc_kind(words: str) -> str | None:
    found = {name for name, pattern in _ELEMENTS.items() if pattern.search(words)}
    if not found:
        return None
    if "by" not in found and not _CC.search(words):
        return None
    kind = "by"
    if "nc" in found:
        kind += "-nc"
    if "nd" in found:  # a text stating both ShareAlike and NoDerivatives: the stricter one
        kind += "-nd"
    elif "sa" in found:
        kind += "-sa"
    return kind


def _version(words: str) -> str:
    for match in _VERSION.finditer(words):
        version = _full_version(match.group(1) + "." + (match.group(2) or "0"))
        if version:
            return version
    return ""


def _full_version(value: str) -> str:
    if not value:
        return ""
    if "." not in value:
        value += ".0"
    return value if value in CC_VERSIONS else ""
