"""Apidae languages: `libelleXx` suffixes as BCP 47 tags, and one object pulled once per
language (`locales=fr`, then `locales=en`) combined into one record.

Why: the Apidae API answers one locale per call when asked so; a record that kept only the
last response would lose every other language. The raw payload keeps every response (an
envelope, `RESPONSES_KEY`), and the mapping reads their deep merge.

How responses of the same id combine (within one run and across runs, the same rule):

- a response replaces an earlier one whose languages it covers (the same call repeated, or a
  full export object after per-language pulls), and is left out when a kept response of the
  same version has all its languages and more;
- a response of a newer `gestion.dateModification` replaces every earlier one (the object
  changed in Apidae: a language it no longer has must not survive);
- otherwise (another language of the same version) it is kept beside the others.

The kept responses are ordered by their languages, so the order of the files never changes
the payload nor its hash (a re-import is unchanged).
"""

import re
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document.values import language_code
from opensit.connectors.base import RecordReport

#: The envelope key of a record made of several responses: `{"id": ..., RESPONSES_KEY: [...]}`.
RESPONSES_KEY = "opensitResponses"

_SUFFIX = re.compile(r"^libelle([A-Z][a-z]{1,2})([A-Z][a-z]{3})?([A-Z]{2}|\d{3})?$")
_ANY_SUFFIX = re.compile(r"^libelle[A-Z]")
#: Keys that identify an item of a list, to merge lists of two responses item by item.
_IDENTITY_KEYS = ("id", "identifiant", "identifiantTechnique", "locale")


@lru_cache(maxsize=256)
def suffix_tag(key: str) -> tuple[str, str]:
    """`libellePtBR` -> ("pt-BR", "pt-BR"): the tag the suffix spells and the tag kept (after
    the catalog's fixes of common mistakes: `libelleSp` -> ("sp", "es")); ("", "") if the key
    is no language label."""
    match = _SUFFIX.match(key)
    if match is None:
        return ("", "")
    language, script, region = match.groups()
    spelled = "-".join(p for p in (language.lower(), script or "", region or "") if p)
    return spelled, language_code(spelled) or ""


def warn_languages(obj: Any, report: RecordReport, path: str = "") -> None:
    """Warn, naming the field, of every `libelleXx` whose suffix is no language code or one the
    catalog has to correct (`libelleSp` is kept as `es`, with a warning)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and _ANY_SUFFIX.match(key) and isinstance(value, str):
                spelled, kept = suffix_tag(key)
                if not kept:
                    report.warn(
                        where,
                        _("unknown language %(suffix)r; the text is dropped")
                        % {"suffix": key[len("libelle") :]},
                    )
                elif kept != spelled:
                    report.warn(
                        where,
                        _("unknown language %(suffix)r; kept as %(code)r")
                        % {"suffix": key[len("libelle") :], "code": kept},
                    )
            else:
                warn_languages(value, report, where)
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            warn_languages(value, report, f"{path}[{index}]")


def languages_of(obj: Any) -> frozenset[str]:
    """The languages a response carries (its `libelleXx` suffixes)."""
    found: set[str] = set()
    stack = [obj]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str):
                    tag = suffix_tag(key)[1] if key.startswith("libelle") else ""
                    if tag:
                        found.add(tag)
                else:
                    stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
    return frozenset(found)


def _identity(item: Any) -> tuple[str, Any] | None:
    if isinstance(item, dict):
        for key in _IDENTITY_KEYS:
            if isinstance(item.get(key), int | str):
                return (key, item[key])
    return None


def _merge_lists(first: list[Any], second: list[Any]) -> list[Any]:
    ids = [_identity(item) for item in first + second]
    if all(ids) and len(set(ids[: len(first)])) == len(first):
        out = list(first)
        where = {ident: index for index, ident in enumerate(ids[: len(first)])}
        for ident, item in zip(ids[len(first) :], second, strict=True):
            if ident in where:
                out[where[ident]] = merge(out[where[ident]], item)
            else:
                where[ident] = len(out)
                out.append(item)
        return out
    if len(first) == len(second):
        return [merge(a, b) for a, b in zip(first, second, strict=True)]
    return first + [item for item in second if item not in first]


def merge(first: Any, second: Any) -> Any:
    """Deep merge of two responses of the same object: objects key by key, lists item by item
    (by id, identifier or locale, else by position), `second` wins on plain values."""
    if isinstance(first, dict) and isinstance(second, dict):
        out = dict(first)
        for key, value in second.items():
            out[key] = merge(first[key], value) if key in first else value
        return out
    if isinstance(first, list) and isinstance(second, list):
        return _merge_lists(first, second)
    return second if second is not None else first


def responses_of(payload: Any) -> list[dict[str, Any]]:
    """The responses a stored or read payload holds (one, or those of an envelope)."""
    if isinstance(payload, dict) and isinstance(payload.get(RESPONSES_KEY), list):
        return [r for r in payload[RESPONSES_KEY] if isinstance(r, dict)]
    return [payload] if isinstance(payload, dict) else []


def _modified(response: dict[str, Any]) -> str:
    gestion = response.get("gestion")
    return str(gestion.get("dateModification") or "") if isinstance(gestion, dict) else ""


def combine(responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Responses of one id, oldest first -> those to keep (see the module's docstring)."""
    kept: list[tuple[frozenset[str], dict[str, Any]]] = []
    for response in responses:
        langs, modified = languages_of(response), _modified(response)
        newest = max((_modified(r) for _l, r in kept), default="")
        if modified and newest and modified > newest:
            kept = []
        elif modified and newest and modified < newest:
            continue  # an older version than what is kept: nothing of it is current
        if any(langs < lg for lg, _r in kept):
            continue  # a kept response of the same version already holds all its languages
        kept = [(lg, r) for lg, r in kept if not lg <= langs]
        kept.append((langs, response))
    kept.sort(key=lambda pair: sorted(pair[0]))
    return [response for _langs, response in kept]


def envelope(responses: list[dict[str, Any]]) -> dict[str, Any]:
    """One response as itself; several in an envelope that keeps every one of them."""
    if len(responses) == 1:
        return responses[0]
    return {"id": responses[0].get("id"), RESPONSES_KEY: responses}


def merged(payload: Any) -> Any:
    """The object the mapping reads: the deep merge of the responses of an envelope."""
    responses = responses_of(payload)
    if len(responses) < 2:
        return payload
    out: Any = responses[0]
    for response in responses[1:]:
        out = merge(out, response)
    return out
