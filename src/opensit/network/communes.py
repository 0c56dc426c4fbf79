"""Finding communes the way people name them: by name, postal code or INSEE code.

People type "Limeray", "41400" or "37261", not a five-digit code they must look up; and lists
show "Tours", not "37261". The official reference (`opensit communes`) holds names and postal
codes; both lookups read it and nothing else.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from opensit.network.models import Commune

FIVE_DIGITS = re.compile(r"^\d[\dAB]\d{3}$")  # INSEE codes of Corsica have 2A / 2B
MAX_MATCHES = 50


def folded(text: str) -> str:
    """Lower case, no accents, hyphens and apostrophes as spaces: 'Saint-Aignan' ~ 'st aignan'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s'’-]+", " ", text).strip()


def find(text: str) -> list[Commune]:
    """The communes `text` names: an INSEE code, a postal code, or a name (exact names first,
    then names that start with it), at most `MAX_MATCHES`."""
    text = text.strip()
    if not text:
        return []
    if FIVE_DIGITS.match(text.upper()):
        code = text.upper()
        rows = Commune.objects.annotate(postal_text=Cast("postal_codes", TextField())).filter(
            Q(insee=code) | Q(postal_text__contains=f'"{code}"')
        )
        return list(rows.order_by("name")[:MAX_MATCHES])
    wanted = folded(text)
    # Accents and hyphens are folded in Python: the databases' LIKE folds neither. The names of
    # a country's 35,000 communes are read in a few tens of milliseconds.
    matches = [
        (key != wanted, name, insee)
        for insee, name in Commune.objects.values_list("insee", "name")
        if (key := folded(name)).startswith(wanted)
    ]
    chosen = [insee for _rank, _name, insee in sorted(matches)[:MAX_MATCHES]]
    by_code = Commune.objects.in_bulk(chosen)
    return [by_code[insee] for insee in chosen]


def insee_codes(text: str) -> list[str]:
    """The INSEE codes `text` may mean, for filtering objects: those of `find`, and the text
    itself when it has the form of a code (objects may carry a code the reference lacks)."""
    codes = [commune.insee for commune in find(text)]
    code = text.strip().upper()
    if FIVE_DIGITS.match(code) and code not in codes:
        codes.append(code)
    return codes


def names(insee_codes: Iterable[str]) -> dict[str, str]:
    """The names of these INSEE codes, in one query (codes not in the reference are left out)."""
    codes = {code for code in insee_codes if code}
    return dict(Commune.objects.filter(insee__in=codes).values_list("insee", "name"))


class Ambiguous(ValueError):
    """Several communes answer to what the person typed: `candidates`, to list back to them."""

    def __init__(self, text: str, candidates: list[Commune]):
        super().__init__(text)
        self.candidates = candidates


class Unknown(ValueError):
    """No commune answers to what the person typed, and it is not an INSEE code."""


# "Saint-Martin-le-Beau (37270)", as the candidates of `Ambiguous` are listed: a name and a code.
NAME_AND_CODE = re.compile(r"^(?P<name>.+?)\s*\((?P<code>\d[\dAB]\d{3})\)$")


def resolve(text: str, postal_code: str = "") -> tuple[str, str]:
    """The one commune `text` names, as (INSEE code, name): a name, a postal code, an INSEE code
    or "Name (code)". A shared name is narrowed by `postal_code`, then by the exact name. An INSEE
    code the reference lacks is taken as it is, without a name (objects may carry one).
    Raises `Ambiguous` or `Unknown`, for the form to explain."""
    text = text.strip()
    if match := NAME_AND_CODE.match(text):
        text, postal_code = match["name"], match["code"].upper()
    found = find(text)
    if len(found) > 1 and postal_code:
        narrowed = [c for c in found if postal_code in c.postal_codes or c.insee == postal_code]
        found = narrowed or found
    exact = [c for c in found if folded(c.name) == folded(text)]
    if len(found) > 1 and len(exact) == 1:
        found = exact
    if len(found) == 1:
        return found[0].insee, found[0].name
    if found:
        raise Ambiguous(text, found)
    if FIVE_DIGITS.match(text.upper()):
        return text.upper(), ""
    raise Unknown(text)
