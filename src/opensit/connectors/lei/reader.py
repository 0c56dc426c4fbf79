"""Reading LEI XML exports (`<LEI><Resultat><sit_liste>...`) one product at a time.

The criteria nomenclature (`NOMENCLATURE/CRIT`, names of the criteria and of their modalities)
comes after the products in the file: a first streaming pass keeps only it (small), the second
yields the products. A file or a folder of `.xml` files is accepted.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from opensit.connectors.base import ReadError, SourceItem
from opensit.connectors.xmlread import MAX_ID, Element, child_text, children, local, stream, text

RECORD = "sit_liste"


@dataclass
class Criterion:
    """One criterion of the nomenclature: its name and its modalities' labels."""

    name: str
    modalities: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)


Nomenclature = dict[str, Criterion]


@dataclass
class LeiRecord:
    """A product element and the nomenclature of its file."""

    element: Element
    nomenclature: Nomenclature


def files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() == ".xml" and p.is_file())
    return [path]


def _is_record(names: list[str]) -> bool:
    return names[-1] == RECORD


def _is_criterion(names: list[str]) -> bool:
    return names[-1] == "CRIT" and "NOMENCLATURE" in names


def nomenclature(path: Path, where: str) -> Nomenclature:
    """The criteria of a file's nomenclature (empty when the file has none, or breaks: the
    second pass reports the break)."""
    out: Nomenclature = {}
    for entry in stream(path, _is_criterion, where):
        if isinstance(entry, ReadError):
            break
        element, _raw = entry
        code = element.get("CLEF", "").strip()
        if not code:
            continue
        modalities = {
            modal.get("CLEF", "").strip(): text(modal) for modal in children(element, "MODAL")
        }
        attrs = {k: v for k, v in element.attrib.items() if k != "CLEF"}
        out[code] = Criterion(child_text(element, "NOMCRIT"), modalities, attrs)
    return out


def read_file(path: Path, where: str) -> Iterator[SourceItem | ReadError]:
    names = nomenclature(path, where)
    number = 0
    for entry in stream(path, _is_record, where):
        if isinstance(entry, ReadError):
            yield entry
            return
        element, raw = entry
        number += 1
        label = f"{where}#{number}"
        product = child_text(element, "PRODUIT")
        if not product:
            yield ReadError(label, _("record has no PRODUIT (the product id)"))
            continue
        if len(product) > MAX_ID:
            yield ReadError(label, _("PRODUIT longer than %(n)s characters") % {"n": MAX_ID})
            continue
        yield SourceItem(product, LeiRecord(element, names), raw, label)


def read(path: Path) -> Iterator[SourceItem | ReadError]:
    for file in files(path):
        where = file.relative_to(path).as_posix() if path.is_dir() else file.name
        yield from read_file(file, where)


def record_tags(element: Element) -> list[str]:
    return [local(sub.tag) for sub in element]
