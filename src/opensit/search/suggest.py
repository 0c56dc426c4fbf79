"""Suggestions as you type: the names of the best matches of a partial query, with their
type and commune, ranked as the search ranks them (the last word is a prefix, typos are
tolerated, synonyms apply). `GET /api/v1/suggest?q=cham&lang=fr` serves them."""

from dataclasses import dataclass

from opensit.catalog.models import TourismObject
from opensit.core.langtext import pick
from opensit.search.query import SearchParams, search

MAX_SUGGESTIONS = 20


@dataclass
class Suggestion:
    id: str
    name: str
    type: str
    commune: str
    commune_insee: str


def suggest(
    q: str,
    lang: str = "fr",
    limit: int = 10,
    types: list[str] | None = None,
    ids: list[str] | None = None,
) -> list[Suggestion]:
    """At most `limit` (1-20) suggestions, among `ids` when given (a project's scope); bad
    parameters raise `SearchError`."""
    limit = max(1, min(int(limit), MAX_SUGGESTIONS))
    params = SearchParams(q=q, lang=lang, types=list(types or []), limit=limit, ids=ids)
    result = search(params)
    if not result.ids:
        return []
    found = {
        obj.id: obj
        for obj in TourismObject.objects.filter(id__in=result.ids).only(
            "id", "type", "commune_insee", "document"
        )
    }
    out = []
    for object_id in result.ids:
        obj = found.get(object_id)
        if obj is None:
            continue
        doc = obj.document
        commune = ((doc.get("location") or {}).get("commune") or {}).get("name", "")
        out.append(
            Suggestion(
                id=obj.id,
                name=pick(doc.get("name"), lang) or "",
                type=obj.type,
                commune=commune,
                commune_insee=obj.commune_insee,
            )
        )
    return out
