"""Mentions: how many other objects point to an object, by a typed link (an event held there,
a gîte "nearby", a stage of a route) or by naming it in their texts. A landmark is mentioned
everywhere ("à 5 km du château de Chambord"), a shuttle to it nowhere: the count weighs in the
prior (`prior.mention_bonus`).

Typed links count when they say where or what (`ADMINISTRATIVE` kinds do not: every object a
tourist office manages links to it, which says nothing of the office's appeal); a link's
target is an OpenSIT id or a source reference (`apidae:425323`) of a catalog object.

An object is mentioned by another when the other's French texts quote its name (a phrase of
its first six words, stemmed). Counted by the text index, one query per object, after an
import and by `opensit search optimize` (their cost grows with the catalog: about 0.1 ms an
object); the counts live in `search_mention` (by object id, so they survive re-indexing) and
the entries whose count changed get their documents rewritten.
"""

import json
from collections import Counter

import tantivy
from django.db import connection, transaction

from opensit.catalog.models import TourismObject
from opensit.search.indexer import with_prior, write_documents
from opensit.search.models import SearchDocument, SearchEntry, SearchMention
from opensit.search.text import STOP_WORDS
from opensit.search.textindex import SCHEMA, analyze, get_index

MAX_WORDS = 6  # longer names are rarely quoted whole
ADMINISTRATIVE = frozenset(
    {"management", "information", "reference", "territory", "organiser", "programme"}
)


def incoming_links() -> Counter[str]:
    """Per indexed (published) object: the other indexed objects with a typed link to it, each
    linking object counted once."""
    indexed = TourismObject.objects.filter(pk__in=SearchEntry.objects.values("object_id"))
    object_ids = set(indexed.values_list("pk", flat=True).iterator(5000))
    by_reference = {
        f"{system}:{source}": pk
        for pk, system, source in indexed.exclude(source_system="")
        .values_list("pk", "source_system", "source_id")
        .iterator(5000)
    }
    linked = indexed.filter(document__links__0__isnull=False)
    counts: Counter[str] = Counter()
    for pk, links in linked.values_list("pk", "document__links").iterator(2000):
        targets = set()
        for link in links if isinstance(links, list) else []:
            if not isinstance(link, dict) or link.get("kind") in ADMINISTRATIVE:
                continue
            target = str(link.get("target", ""))
            target = by_reference.get(target, target)
            if target != pk and target in object_ids:
                targets.add(target)
        counts.update(targets)
    return counts


def _query(name: str) -> tantivy.Query | None:
    """The name as a phrase of the French text field (stemmed as it is)."""
    stems = analyze("stem_fr", name)[:MAX_WORDS]
    if not [w for w in analyze("fold", name) if w not in STOP_WORDS]:
        return None
    if len(stems) == 1:
        return tantivy.Query.term_query(SCHEMA, "text_fr", stems[0])
    return tantivy.Query.phrase_query(SCHEMA, "text_fr", stems)


@transaction.atomic
def refresh() -> int:
    """Count the mentions of every indexed object; rewrite the documents whose count changed.
    Returns the number of documents rewritten."""
    index = get_index()
    entries = dict(SearchEntry.objects.values_list("id", "object_id"))
    known = dict(SearchMention.objects.values_list("object_id", "count"))
    links = incoming_links()
    counts: dict[str, int] = {}
    own: dict[int, dict] = {}
    for entry_id, body in SearchDocument.objects.values_list("entry_id", "body").iterator(2000):
        object_id = entries.get(entry_id)
        if object_id is None:
            continue
        document = json.loads(body)
        query = _query(document.get("name_fr", ""))
        count = index.count(query) if query is not None else 0
        if count and query is not None and _mentions_itself(document):
            count -= 1
        count += links[object_id]
        counts[object_id] = count
        if count != known.get(object_id, 0):
            own[entry_id] = document
    SearchMention.objects.filter(object_id__in=[e for e in known if e not in counts]).delete()
    changed = {entries[entry_id]: counts[entries[entry_id]] for entry_id in own}
    SearchMention.objects.filter(object_id__in=list(changed)).delete()
    SearchMention.objects.bulk_create(
        [SearchMention(object_id=o, count=n) for o, n in changed.items() if n], batch_size=1000
    )
    documents = [
        (entry_id, json.dumps(with_prior(document, counts[entries[entry_id]]), ensure_ascii=False))
        for entry_id, document in own.items()
    ]
    SearchDocument.objects.filter(entry_id__in=list(own)).delete()
    with connection.cursor() as cursor:
        write_documents(cursor, documents)
    return len(documents)


def _mentions_itself(document: dict) -> bool:
    """Whether the object's own texts quote its name (it then counts itself once)."""
    stems = analyze("stem_fr", document.get("name_fr", ""))[:MAX_WORDS]
    text = analyze("stem_fr", document.get("text_fr", ""))
    width = len(stems)
    return bool(width) and any(text[n : n + width] == stems for n in range(len(text) - width + 1))
