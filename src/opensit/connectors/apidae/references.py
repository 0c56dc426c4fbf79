"""Apidae reference elements (`{elementReferenceType, id, libelleFr...}`) as vocabulary codes.

Every reference value becomes the code `apidae:<id>`. Its labels come from the value itself (API
responses carry them) or from `elements_reference.json` (exports carry ids only). The entries
met during an import are registered in the thesaurus with a scheme chosen from the Apidae
element type, so that a network admin can later translate, merge or map them.
"""

import re
from typing import Any

from opensit.catalog.document.values import language_code
from opensit.catalog.vocabularies import Entry, Scheme
from opensit.connectors.apidae.languages import suffix_tag

_LIBELLE = re.compile(r"^libelle[A-Z][A-Za-z0-9]*$")

# Apidae element types whose values are payment methods, languages, accessibility...; anything
# else is chosen from the name of the element type, then from the field it sits in.
_SCHEME_BY_TYPE = {
    "ModePaiement": Scheme.PAYMENT,
    "Langue": Scheme.LANGUAGE,
    "TourismeAdapte": Scheme.ACCESSIBILITY,
    "LabelTourismeHandicap": Scheme.ACCESSIBILITY,
    "PrestationEquipement": Scheme.AMENITY,
    "PrestationConfort": Scheme.AMENITY,
    "PrestationService": Scheme.AMENITY,
    "PrestationActivite": Scheme.AMENITY,
    "DistinctionNom": Scheme.LABEL,
}

# French names of spoken languages -> ISO 639-1, for `document.languages`.
LANGUAGE_CODES = {
    "francais": "fr",
    "anglais": "en",
    "allemand": "de",
    "italien": "it",
    "espagnol": "es",
    "neerlandais": "nl",
    "portugais": "pt",
    "russe": "ru",
    "chinois": "zh",
    "japonais": "ja",
    "arabe": "ar",
    "polonais": "pl",
    "danois": "da",
    "suedois": "sv",
    "norvegien": "no",
    "finnois": "fi",
    "tcheque": "cs",
    "grec": "el",
    "turc": "tr",
    "hebreu": "he",
    "hongrois": "hu",
    "roumain": "ro",
    "coreen": "ko",
    "catalan": "ca",
    "occitan": "oc",
    "breton": "br",
    "basque": "eu",
    "corse": "co",
    "langue des signes francaise": "fsl",
}


def _lang_of(key: str) -> str:
    """`libelleFr` -> `fr`, `libellePtBR` -> `pt-BR`, `fr` -> `fr`, anything else -> ""
    (cached: a handful of keys). Every language a source gives is kept, whatever the
    interface languages; `mapping.warn_languages` reports the suffixes that are no language."""
    lang = _LANG_KEYS.get(key)
    if lang is None:
        if key.startswith("libelle"):
            lang = suffix_tag(key)[1]
        else:
            lang = language_code(key) or "" if _LANG_KEY.match(key) else ""
        _LANG_KEYS[key] = lang
    return lang


_LANG_KEYS: dict[str, str] = {}
_LANG_KEY = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")  # `coordonnees: {"fr": ...}`


def lang_text(value: Any) -> dict[str, str]:
    """`{libelleFr: ..., libelleEn: ...}` (or `{fr: ...}`) -> `{"fr": ..., "en": ...}`."""
    if not isinstance(value, dict):
        return {}
    out: dict[str, str] = {}
    for key, text in value.items():
        if isinstance(text, str):
            lang = _lang_of(key)
            if lang and (text := text.strip()) and lang not in out:
                out[lang] = text
    return out


def scheme_for(element_type: str, hint: str = "") -> str:
    if element_type in _SCHEME_BY_TYPE:
        return _SCHEME_BY_TYPE[element_type]
    name = f"{element_type} {hint}".lower()
    if "classement" in name:
        return Scheme.CLASSIFICATION
    if "label" in name or "distinction" in name:
        return Scheme.LABEL
    if hint in ("themes", "theme", "categories", "typesManifestation", "typologiesPromoSitra"):
        return Scheme.THEME
    return Scheme.OTHER


def is_reference(value: Any) -> bool:
    """A reference element: an id plus a type or labels, and nothing that makes it an object."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("id"), int)
        and ("elementReferenceType" in value or not set(value) - {"id"} - _label_keys(value))
        and "nom" not in value
    )


def _label_keys(value: dict[str, Any]) -> set[str]:
    return {key for key in value if _LIBELLE.match(key)} | {
        "ordre",
        "description",
        "familleCritere",
        "parent",
    }


class References:
    """Resolves reference values to codes and labels, and collects the entries to register."""

    def __init__(self, table: dict[int, dict[str, Any]] | None = None) -> None:
        self.table: dict[int, dict[str, Any]] = table or {}
        self._entries: dict[str, Entry] = {}

    @classmethod
    def from_export(cls, elements: Any) -> "References":
        """`elements_reference.json`: a list of reference elements with all their labels."""
        table: dict[int, dict[str, Any]] = {}
        if isinstance(elements, dict):
            elements = elements.get("elementsReference") or elements.get("elements") or []
        for element in elements if isinstance(elements, list) else []:
            if isinstance(element, dict) and isinstance(element.get("id"), int):
                table[element["id"]] = element
        return cls(table)

    def element_type(self, ref: dict[str, Any]) -> str:
        known = self.table.get(ref.get("id"), {})
        return str(ref.get("elementReferenceType") or known.get("elementReferenceType") or "")

    def labels(self, ref: dict[str, Any]) -> dict[str, str]:
        """The labels of a reference value: its own, completed from the export table."""
        known = lang_text(self.table.get(ref.get("id"), {}))
        return {**known, **lang_text(ref)}

    def code(self, ref: Any, hint: str = "", scheme: str = "") -> str | None:
        """`apidae:<id>` for a reference value (registering it), or None if it is not one."""
        if isinstance(ref, int):
            ref = {"id": ref}
        if not isinstance(ref, dict) or not isinstance(ref.get("id"), int):
            return None
        code = f"apidae:{ref['id']}"
        entry = Entry(
            scheme=scheme or scheme_for(self.element_type(ref), hint),
            code=code,
            labels=self.labels(ref),
            apidae_ids=[ref["id"]],
        )
        parent = ref.get("parent")
        if isinstance(parent, dict) and isinstance(parent.get("id"), int):
            entry.parent = f"apidae:{parent['id']}"
        known = self._entries.get(code)
        if known is None:
            self._entries[code] = entry
        else:
            known.labels = {**entry.labels, **known.labels}
        return code

    def codes(self, refs: Any, hint: str = "", scheme: str = "") -> list[str]:
        if not isinstance(refs, list):
            refs = [refs]
        out: list[str] = []
        for ref in refs:
            code = self.code(ref, hint, scheme)
            if code and code not in out:
                out.append(code)
        return out

    def language(self, ref: dict[str, Any]) -> str:
        """ISO 639-1 for a spoken language, else its `apidae:<id>` code."""
        from django.utils.text import slugify

        name = slugify(self.labels(ref).get("fr", "")).replace("-", " ")
        iso = LANGUAGE_CODES.get(name)
        if iso:
            return iso
        return self.code(ref, "langues", Scheme.LANGUAGE) or ""

    def pending(self) -> list[Entry]:
        """The entries met since the last call, emptied so each is registered once."""
        entries, self._entries = list(self._entries.values()), {}
        return entries
