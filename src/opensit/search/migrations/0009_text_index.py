"""The text index moves to Tantivy (`search.textindex`): the database keeps each entry's
fields in `search_document` and a log of changes in `search_text_log`; the engine-specific
text tables (SQLite FTS5 `search_fts`, PostgreSQL `search_text`) go. Existing entries get
their documents from their objects (`opensit search reindex` does the same).

A migration must behave the same forever, so it never imports live code: the documents are
written by a frozen copy of what `opensit.search.indexer.rewrite_documents` did on 2026-12-04
(below), reading the objects through the historical models. It is not left to a later path:
each process's Tantivy index is rebuilt from `search_document` at its first search, but
nothing fills `search_document` for entries that already exist, so without this step their
text would not be searchable until `opensit search reindex`. Later changes of the document's
fields take effect through `opensit search reindex`, as they always have.
"""

import json
import re
import uuid

import tantivy
from django.db import migrations, models

# Copied on 2026-12-04 from the live code this migration called (indexer.rewrite_documents,
# text_body, with_prior, _place_words; textindex.document_body, exact_key, name_length and the
# "fold" analyzer; text.document_texts, STOP_WORDS; prior.prior, index_weight;
# backends.type_tags; core.langtext.pick; catalog.types, each type's parent, roots None).
PARENTS = {
    "event": None,
    "cultural_event": "event",
    "concert": "cultural_event",
    "exhibition": "cultural_event",
    "show": "cultural_event",
    "festival": "cultural_event",
    "sports_event": "event",
    "market_fair": "event",
    "social_event": "event",
    "itinerary": None,
    "walking_tour": "itinerary",
    "cycling_tour": "itinerary",
    "road_tour": "itinerary",
    "horse_tour": "itinerary",
    "fluvial_tour": "itinerary",
    "accommodation": None,
    "hotel": "accommodation",
    "hotel_restaurant": "hotel",
    "campsite": "accommodation",
    "camper_van_area": "campsite",
    "rental": "accommodation",
    "chalet": "rental",
    "bed_and_breakfast": "accommodation",
    "collective_accommodation": "accommodation",
    "hostel": "collective_accommodation",
    "holiday_village": "collective_accommodation",
    "food": None,
    "restaurant": "food",
    "gourmet_restaurant": "restaurant",
    "farmhouse_inn": "restaurant",
    "cafe_bar": "food",
    "fast_food": "food",
    "tasting": None,
    "wine_cellar": "tasting",
    "producer": "tasting",
    "cultural_site": None,
    "museum": "cultural_site",
    "religious_site": "cultural_site",
    "castle": "cultural_site",
    "remarkable_building": "cultural_site",
    "archaeological_site": "cultural_site",
    "park_garden": "cultural_site",
    "natural_site": None,
    "cave": "natural_site",
    "viewpoint": "natural_site",
    "leisure": None,
    "swimming_pool": "leisure",
    "golf_course": "leisure",
    "amusement_park": "leisure",
    "play_area": "leisure",
    "ski_area": "leisure",
    "activity": None,
    "guided_activity": "activity",
    "free_activity": "activity",
    "course": "activity",
    "multi_activity": "activity",
    "boat_trip": "activity",
    "service": None,
    "shop": "service",
    "equipment_rental": "service",
    "tourist_office": "service",
    "travel_agency": "service",
    "business_venue": "service",
    "convenience": "service",
    "package": None,
    "territory": None,
    "structure": None,
    "place": None,
}

GROUPS = ("fr", "en", "all")
TEXT_LANGUAGES = ("fr", "en")
STOP_WORDS = frozenset(
    {
        "l",
        "d",
        "j",
        "m",
        "n",
        "s",
        "t",
        "c",
        "qu",
        "le",
        "la",
        "les",
        "de",
        "du",
        "des",
        "un",
        "une",
        "et",
        "en",
        "au",
        "aux",
        "a",
        "sur",
        "sous",
        "par",
        "pour",
        "dans",
        "avec",
        "the",
        "of",
        "and",
        "in",
        "at",
        "on",
        "to",
        "an",
        "for",
        "with",
    }
)
TYPE_WEIGHTS = {
    "cultural_site": 1.0,
    "natural_site": 1.0,
    "leisure": 0.9,
    "tasting": 0.8,
    "accommodation": 0.7,
    "food": 0.7,
    "itinerary": 0.7,
    "activity": 0.6,
    "event": 0.4,
    "package": 0.3,
    "service": 0.2,
    "structure": 0.2,
}
DEFAULT_WEIGHT = 0.3
PRIOR_SLOPE = 0.5
BATCH = 500
_TAG = re.compile(r"<[^>]+>")


def ancestors(code):
    chain = [code]
    while (parent := PARENTS[chain[-1]]) is not None:
        chain.append(parent)
    return chain


def type_tags(code):
    if code not in PARENTS:
        return ""
    return " ".join("type" + c.replace("_", "") for c in ancestors(code))


def make_analyzer():
    """textindex's "fold": words split on anything not a letter or digit, long ones dropped,
    lower case, accents and ligatures folded."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(120))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def pick(text, lang, fallbacks=("fr", "en")):
    if not text:
        return ""
    if text.get(lang):
        return text[lang]
    for code in fallbacks:
        if text.get(code):
            return text[code]
    return next((value for value in text.values() if value), "")


def _join(*parts):
    return " ".join(part for part in parts if part)


def _joined(text, group):
    if not text:
        return ""
    return " ".join(v for k, v in text.items() if group == "all" or k not in TEXT_LANGUAGES)


def document_texts(doc):
    location = doc.get("location") or {}
    commune = (location.get("commune") or {}).get("name", "")
    out = {}
    for group in GROUPS:
        if group in TEXT_LANGUAGES:
            name = pick(doc.get("name"), group)
            parts = [pick(doc.get(key), group) for key in ("short_description", "description")]
            parts += [pick(location.get("place_name"), group), commune]
        else:
            name = _joined(doc.get("name"), group)
            parts = [_joined(doc.get(key), group) for key in ("short_description", "description")]
            parts.append(_joined(location.get("place_name"), group))
            parts.append(commune)  # group "all"
        out[group] = (name, _TAG.sub(" ", _join(*parts)))
    return out


def _filled(value):
    if isinstance(value, dict):
        return any(bool(v) for v in value.values())
    return bool(value)


def _languages(doc):
    languages = set()
    for key in ("short_description", "description"):
        value = doc.get(key)
        if isinstance(value, dict):
            languages |= {lang for lang, text in value.items() if text}
    return len(languages)


def prior(type_code, doc):
    root = ancestors(type_code)[-1] if type_code in PARENTS else ""
    weight = TYPE_WEIGHTS.get(root, DEFAULT_WEIGHT)
    labels = len(doc.get("labels") or []) + len(doc.get("classifications") or [])
    images = sum(1 for m in doc.get("media") or [] if (m or {}).get("kind", "image") == "image")
    codes = len(doc.get("themes") or []) + len(doc.get("amenities") or [])
    described = _filled(doc.get("short_description")) or _filled(doc.get("description"))
    opening = doc.get("opening") or {}
    practical = len(doc.get("contacts") or []) + len(opening.get("periods") or [])
    practical += len(doc.get("prices") or [])
    return round(
        1.5 * weight
        + 0.75 * min(labels, 4) / 4
        + 0.5 * min(images, 10) / 10
        + 0.5 * min(codes, 10) / 10
        + 0.25 * described
        + 0.25 * min(_languages(doc), 4) / 4
        + 0.25 * min(practical, 4) / 4,
        4,
    )


def place_words(doc):
    location = doc.get("location") or {}
    place_name = location.get("place_name") or {}
    names = place_name.values() if isinstance(place_name, dict) else [str(place_name)]
    return " ".join([(location.get("commune") or {}).get("name", ""), *names]).strip()


def document_body(analyzer, obj):
    """The JSON fields of one entry's document, in the order the live code wrote them."""
    doc = obj.document
    texts = document_texts(doc)
    place = place_words(doc)
    body = {}
    for group in GROUPS:
        name, text = texts.get(group) or texts.get("fr") or ("", "")
        words = analyzer.analyze(name)
        body[f"name_{group}"] = name
        body[f"stem_{group}"] = name
        body[f"exact_{group}"] = " ".join(words)
        body[f"text_{group}"] = text
        body[f"len_{group}"] = max(1, sum(1 for word in words if word not in STOP_WORDS))
        body[f"place_{group}"] = place
    body["tags"] = type_tags(obj.type).split()
    body["type"] = obj.type
    body["type_root"] = obj.type_root or ancestors(obj.type)[-1]
    body["commune"] = obj.commune_insee
    body["theme"] = list(dict.fromkeys(doc.get("themes") or []))
    body["base_prior"] = float(prior(obj.type, doc))
    # SearchMention is created empty by this migration: no entry has mentions yet (bonus 0).
    body["prior"] = 2 ** (1 + PRIOR_SLOPE * body["base_prior"]) - 2
    return body


def drop_engine_text(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS search_fts")
        else:
            cursor.execute("DROP TABLE IF EXISTS search_text")


def fill_documents(apps, schema_editor):
    """A document and an `add` log row (one token per batch) for every existing entry."""
    entry_model = apps.get_model("search", "SearchEntry")
    object_model = apps.get_model("catalog", "TourismObject")
    db = schema_editor.connection.alias
    entries = dict(entry_model.objects.using(db).values_list("object_id", "id"))
    ids = list(entries)
    analyzer = make_analyzer()
    for start in range(0, len(ids), BATCH):
        objects = object_model.objects.using(db).filter(id__in=ids[start : start + BATCH])
        documents = [
            (entries[obj.id], json.dumps(document_body(analyzer, obj), ensure_ascii=False))
            for obj in objects
        ]
        token = uuid.uuid4().hex
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (entry_id, body) VALUES (%s, %s)", documents
            )
            cursor.executemany(
                "INSERT INTO search_text_log (entry_id, op, token) VALUES (%s, %s, %s)",
                [(entry_id, "add", token) for entry_id, _body in documents],
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0008_synonym"), ("catalog", "0003_proposal_kind")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("entry_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("body", models.TextField()),
            ],
            options={"db_table": "search_document"},
        ),
        migrations.CreateModel(
            name="SearchTextLog",
            fields=[
                ("seq", models.BigAutoField(primary_key=True, serialize=False)),
                ("entry_id", models.BigIntegerField()),
                ("op", models.CharField(max_length=3)),
                ("token", models.CharField(max_length=32)),
            ],
            options={"db_table": "search_text_log"},
        ),
        migrations.CreateModel(
            name="SearchMention",
            fields=[
                ("object_id", models.CharField(max_length=36, primary_key=True, serialize=False)),
                ("count", models.IntegerField()),
            ],
            options={"db_table": "search_mention"},
        ),
        migrations.RunPython(drop_engine_text, migrations.RunPython.noop),
        migrations.RunPython(fill_documents, migrations.RunPython.noop),
    ]
