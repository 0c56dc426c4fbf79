"""What every public output adds to a stored document: the opening in words where the source
gave none, an aspect in place of the main parts when a consumer asks for one, media kept to the
licences a consumer asks for, and readable prices.

The JSON of the diffusion API (`diffusion.render`) and the flat formats (CSV, GeoJSON,
iCalendar) all start from these, so that a site, a spreadsheet and a map say the same thing.
"""

from collections.abc import Callable, Iterable
from typing import Any

from opensit.catalog.document import ASPECTS
from opensit.catalog.opening_text import PHRASES, summary_for
from opensit.core.langtext import active_languages, pick
from opensit.core.licences import LICENCES, licence_code

Document = dict[str, Any]

#: The codes a consumer may ask for (lower-cased): ours, and Apidae's (HIVER, ETE...).
ASPECT_NAMES: dict[str, str] = {
    **{code: code for code in ASPECTS},
    "hiver": "winter",
    "ete": "summer",
    "été": "summer",
    "groupes": "groups",
    "handicap": "accessibility",
    "tourisme_affaires": "business",
}
#: The part of the main document each part of an aspect replaces.
ASPECT_TEXTS = ("short_description", "description", "practical_info")
#: `media_licence=open`: every licence that allows open diffusion.
OPEN = "open"

FREE = {"fr": "gratuit", "en": "free", "de": "kostenlos", "es": "gratis", "it": "gratuito",
        "nl": "gratis"}  # fmt: skip


def aspect_code(value: str) -> str | None:
    """Our aspect code for `value` (ours or Apidae's, any case), or None when unknown."""
    return ASPECT_NAMES.get(value.strip().lower())


def apply_aspect(
    document: Document, aspect: str | None, diffusable: Callable[[Document], bool] | None = None
) -> Document:
    """The document as seen through `aspect`: the aspect's texts, media, opening and prices
    replace the main ones where it has them; what it leaves empty stays the main document's.
    Media replace the main ones only if one of them may be diffused (`diffusable`): an aspect
    whose photos are all withheld does not leave the object without any.
    The result names the aspect (`aspect`); without that aspect it is the document as is."""
    part = (document.get("aspects") or {}).get(aspect or "")
    if not part:
        return document
    out = {**document, "aspect": aspect}
    for key in ASPECT_TEXTS:
        if part.get(key):
            out[key] = part[key]
    media = part.get("media") or []
    if any(diffusable is None or diffusable(m) for m in media):
        out["media"] = media
    opening = part.get("opening")
    if opening and (opening.get("periods") or opening.get("closures") or opening.get("summary")):
        out["opening"] = opening
    if part.get("prices"):
        out["pricing"] = {**(document.get("pricing") or {}), "prices": part["prices"]}
    return out


def licence_filter(value: str | None) -> set[str] | None:
    """The licence codes of a `media_licence` value (comma list, `open` for every open
    licence); None for no filter. ValueError names the first unknown code."""
    if value is None:
        return None
    codes: set[str] = set()
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        if item.lower() == OPEN:
            codes |= {code for code, licence in LICENCES.items() if licence.open}
        elif item in LICENCES:
            codes.add(item)
        else:
            raise ValueError(item)
    if not codes:
        raise ValueError(value)
    return codes


def keep_licences(document: Document, codes: set[str] | None) -> Document:
    """Only the media under one of `codes` (a licence a code, or the public form's dict)."""
    if codes is None or not document.get("media"):
        return document
    media = [m for m in document["media"] if licence_code(m.get("licence")) in codes]
    return {**document, "media": media}


def languages_of(document: Document) -> list[str]:
    """The languages to write generated texts in: the platform's and the object's own."""
    langs = active_languages()
    langs += [lang for lang in (document.get("name") or {}) if lang not in langs]
    return [lang for lang in langs if lang in PHRASES]


def with_opening_summary(document: Document) -> Document:
    """The opening summary filled from the periods when the source gave no text."""
    opening = document.get("opening") or {}
    if opening.get("summary") or not (opening.get("periods") or opening.get("closures")):
        return document
    summary = summary_for(opening, languages_of(document))
    if not summary:
        return document
    return {**document, "opening": {**opening, "summary": summary}}


def _amount(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _codes(price: Document) -> list[str]:
    return [
        *price.get("audiences", []),
        *(c for c in (price.get("policy"), price.get("offer")) if c),
    ]


def _periods(price: Document) -> list[str]:
    spans = [(price.get("period_start"), price.get("period_end"))]
    spans += [(p.get("start"), p.get("end")) for p in price.get("further_periods", [])]
    return ["/".join(str(day or "..") for day in span) for span in spans if any(span)]


def price_text(price: Document, lang: str) -> str:
    """One price in one line: "Plein tarif [adult, full-rate]: 12.50–18 EUR per person,
    haute saison, 2026-04-01/2026-09-30, sur réservation". Every part a source gave is in it,
    so that two rows that differ only by their label, audience or unit never read the same."""
    head = pick(price.get("label"), lang)
    codes = _codes(price)
    if codes:
        head = f"{head} [{', '.join(codes)}]".strip()
    low, high = price.get("min"), price.get("max")
    currency = price.get("currency") or "EUR"
    if low is not None and high is not None and high != low:
        amount = f"{_amount(low)}–{_amount(high)} {currency}"
    elif low is not None or high is not None:
        amount = f"{_amount(low if low is not None else high)} {currency}"
    else:
        amount = ""
    if price.get("free"):
        amount = f"{FREE.get(lang, FREE['en'])} {amount}".strip()
    units = [u for u in (price.get("unit"), *price.get("further_units", [])) if u]
    parts = [
        " ".join(p for p in (amount, ", ".join(units)) if p),
        pick(price.get("season"), lang),
        *_periods(price),
        pick(price.get("conditions"), lang),
    ]
    body = ", ".join(p for p in parts if p)
    line = f"{head}: {body}" if head and body else head or body
    return " ".join(line.split())  # one line: a source's line breaks become spaces


def prices_text(document: Document, lang: str, separator: str = "; ") -> str:
    return separator.join(price_lines(document, lang))


def price_lines(document: Document, lang: str) -> list[str]:
    prices: Iterable[Document] = (document.get("pricing") or {}).get("prices", [])
    return [line for line in (price_text(p, lang) for p in prices) if line]


def price_range(document: Document) -> tuple[float | None, float | None]:
    """The lowest and highest amount of the price list (None without amounts)."""
    amounts = [
        price[key]
        for price in (document.get("pricing") or {}).get("prices", [])
        for key in ("min", "max")
        if price.get(key) is not None
    ]
    return (min(amounts), max(amounts)) if amounts else (None, None)


def aspects_of(document: Document) -> list[str]:
    """The aspects an object has (in the order of ASPECTS)."""
    held = document.get("aspects") or {}
    return [code for code in ASPECTS if held.get(code)]
