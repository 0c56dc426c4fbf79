"""DATAtourisme thesaurus values (`kb:` individuals) as OpenSIT vocabulary entries.

A record carries its values with their labels (`{"@id": "kb:Toilet", "@type": [...],
"rdfs:label": {...}}`), so an import registers what it meets. The ontology file adds the value
classes (CommonAmenity, CuisineCategory, LabelRating...) as the parents of those entries, and
any individuals it holds.
"""

from pathlib import Path
from typing import Any

from opensit.catalog.vocabularies import Entry, upsert_entries

CORE = "https://www.datatourisme.gouv.fr/ontology/core#"
KB = "https://www.datatourisme.gouv.fr/resource/core#"
SCHEMA = "http://schema.org/"

# Value classes and the scheme of their values; a class not listed inherits its parent's.
CLASS_SCHEMES: dict[str, str] = {
    "Amenity": "amenity",
    "PricingOffer": "amenity",
    "Theme": "theme",
    "TourType": "theme",
    "LabelRating": "label",
    "LabelReview": "label",
    "LabelReviewSystem": "label",
    "ScaleRating": "classification",
    "ScaleReview": "classification",
    "ScaleReviewSystem": "classification",
    "Rating": "classification",
    "ReviewSystem": "classification",
    "PaymentMethod": "payment",
    "Audience": "other",
    "PricingMode": "other",
    "PricingPolicy": "other",
    "PricingSeason": "other",
    "RoomLayout": "other",
}

# Properties of a record whose values are vocabulary codes, and the scheme of their values.
PROPERTY_SCHEMES: dict[str, str] = {
    "hasTheme": "theme",
    "hasNeighborhood": "theme",
    "providesCuisineOfType": "theme",
    "providesFoodProduct": "theme",
    "hasArchitecturalStyle": "theme",
    "hasTourType": "theme",
    "hasAudience": "other",
    "hasGeographicReach": "other",
    "hasClientTarget": "other",
}

ACCESSIBILITY_LABEL_PREFIX = "LabelRating_TourismeHandicap"
REDUCED_MOBILITY = Entry(
    scheme="accessibility",
    code="ReducedMobilityAccess",
    labels={"fr": "Accessible aux personnes à mobilité réduite", "en": "Reduced mobility access"},
    datatourisme=CORE + "reducedMobilityAccess",
)


def local_name(iri: str) -> str:
    """`kb:Toilet`, `https://...core#Toilet`, `schema:Monday` -> `Toilet`, `Monday`."""
    for sep in ("#", ":", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1]
    return iri


def lang_labels(value: Any) -> dict[str, str]:
    """`{"fr": ["Toilettes"], "en": ["Toilets"]}` -> `{"fr": "Toilettes", "en": "Toilets"}`."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for lang, texts in value.items():
        if isinstance(texts, list):
            if len(texts) == 1 and isinstance(texts[0], str):  # the usual case, made fast
                texts = texts[0]
            else:
                texts = "\n\n".join(t.strip() for t in texts if isinstance(t, str) and t.strip())
        if isinstance(texts, str):
            texts = texts.strip()
            if texts:
                out[lang] = texts
    return out


def is_kb_ref(node: Any) -> bool:
    return isinstance(node, dict) and str(node.get("@id", "")).startswith(("kb:", KB))


_ENTRIES: dict[tuple[str, str], Entry] = {}


def entry_for(node: dict[str, Any], scheme: str) -> Entry:
    """The vocabulary entry of one `kb:` value as found in a record (cached: the thesaurus is
    small and the same values come back in most records)."""
    key = (node["@id"], scheme)
    entry = _ENTRIES.get(key)
    if entry is None or (not entry.labels and node.get("rdfs:label")):
        entry = _ENTRIES[key] = _make_entry(node, scheme)
    return entry


def _make_entry(node: dict[str, Any], scheme: str) -> Entry:
    types = node.get("@type") or []
    parent = local_name(types[0]) if types else ""
    code = local_name(node["@id"])
    return Entry(
        scheme=scheme,
        code=code,
        labels=lang_labels(node.get("rdfs:label")),
        parent=parent,
        datatourisme=KB + code,
    )


# -- seeding from the ontology -----------------------------------------------------------------


def ontology_entries(path: Path | str) -> list[Entry]:
    """Vocabulary entries from the DATAtourisme ontology (expanded JSON-LD): the value classes
    below the roots of CLASS_SCHEMES and any individuals typed with one of them."""
    from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

    graph = Graph().parse(str(path), format="json-ld")
    parents: dict[str, set[str]] = {}
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents.setdefault(str(child), set()).add(str(parent))

    def scheme_of(iri: str, seen: frozenset[str] = frozenset()) -> str | None:
        name = local_name(iri)
        if iri.startswith((CORE, SCHEMA)) and name in CLASS_SCHEMES:
            return CLASS_SCHEMES[name]
        for parent in sorted(parents.get(iri, ())):
            if parent not in seen:
                found = scheme_of(parent, seen | {iri})
                if found:
                    return found
        return None

    def labels_of(subject: URIRef) -> dict[str, str]:
        labels: dict[str, str] = {}
        for label in graph.objects(subject, RDFS.label):
            if isinstance(label, Literal) and label.language and str(label).strip():
                labels.setdefault(label.language, str(label).strip())
        return labels

    def core_parent(iri: str) -> str:
        core = sorted(p for p in parents.get(iri, ()) if p.startswith(CORE))
        return local_name(core[0]) if core else ""

    entries: list[Entry] = []
    value_classes: set[str] = set()
    for subject in set(graph.subjects(RDF.type, OWL.Class)):
        iri = str(subject)
        if not isinstance(subject, URIRef) or not iri.startswith(CORE):
            continue
        scheme = scheme_of(iri)
        if scheme is None:
            continue
        value_classes.add(iri)
        entries.append(
            Entry(scheme, local_name(iri), labels_of(subject), core_parent(iri), datatourisme=iri)
        )
    for subject, cls in graph.subject_objects(RDF.type):
        iri = str(subject)
        if isinstance(subject, URIRef) and iri.startswith(KB) and str(cls) in value_classes:
            entries.append(
                Entry(
                    scheme_of(str(cls)) or "other",
                    local_name(iri),
                    labels_of(subject),
                    local_name(str(cls)),
                    datatourisme=iri,
                )
            )
    return sorted(entries, key=lambda e: e.code)


def seed_from_ontology(path: Path | str) -> tuple[int, int, int]:
    """Upsert the ontology's vocabulary values. Returns (read, created, updated)."""
    entries = [*ontology_entries(path), REDUCED_MOBILITY]
    created, updated = upsert_entries(entries)
    return len(entries), created, updated
