"""One Tourinsoft syndication record -> the canonical `TourismDocument`, by a mapping table.

Tourinsoft field names depend on each client's syndication, so the table below names the
common ones (exact names in `FIELDS`, families of names in `PATTERNS`: `Prestations*`,
`Classement*`, `Nb*`...), each with the reader that fills the document. A field no rule knows
is reported by name (`RecordReport.unknown`) and kept in `document.extra`; fields read but
with no canonical place (the hotel chain, the structure id) are kept there too. OData
navigation links (`{"__deferred": ...}`) and annotations (`@odata.*`) hold no data.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import (
    Capacity,
    CommuneRef,
    Contact,
    EventDates,
    Location,
    Media,
    Opening,
    Price,
    Pricing,
    SourceRef,
    TourismDocument,
)
from opensit.catalog.types import root_of
from opensit.catalog.vocabularies import Entry, Scheme
from opensit.connectors.base import MappingError, RecordReport
from opensit.connectors.tourinsoft import media, offer, place, timing, types, vocabulary
from opensit.connectors.tourinsoft.values import (
    LANGUAGE_NAMES,
    PARIS,
    is_insee,
    items,
    parse_count,
    parse_datetime,
    slug,
    split_address,
    text,
)

SYSTEM = "tourinsoft"
ID_KEYS = ("SyndicObjectID", "SyndicObjectId", "ObjectId", "Id")
LANGUAGES = {"FR": "fr", "GB": "en", "UK": "en", "EN": "en", "DE": "de", "NL": "nl",
             "IT": "it", "ES": "es", "PT": "pt"}  # fmt: skip
TEXT_TARGETS = ("name", "short_description", "description", "practical_info", "access",
                "place_name", "opening_summary", "pricing_summary")  # fmt: skip

# Tourinsoft field -> (reader, target). Readers are the `_read_<name>` methods below.
# fmt: off
FIELDS: dict[str, tuple[str, str]] = {
    "SyndicObjectID": ("skip", ""), "SyndicObjectId": ("skip", ""),
    "SyndicObjectOrder": ("skip", ""),  # the record's rank in this feed, not its data
    "__metadata": ("metadata", ""),
    "SyndicObjectName": ("text", "name"), "NomOffre": ("text", "name"), "Nom": ("text", "name"),
    "title": ("text", "name"), "RaisonSociale": ("text", "name"),
    "Published": ("created", ""), "DateCreation": ("created", ""),
    "Updated": ("updated", ""), "DateMiseAJour": ("updated", ""),
    "DateModification": ("updated", ""), "DateMaj": ("updated", ""),
    "ObjectTypeName": ("keep", ""), "ObjectTypeFix": ("keep", ""),
    "SyndicStructureId": ("keep", ""), "Chaines": ("keep", ""), "Chaine": ("keep", ""),
    "DescriptionCommerciale": ("text", "short_description"),
    "Accroche": ("text", "short_description"), "DescriptifCourt": ("text", "short_description"),
    "DescriptionCommerciale2": ("text", "description"), "Descriptif": ("text", "description"),
    "DescriptifLong": ("text", "description"), "Description": ("text", "description"),
    "InfosPratiques": ("text", "practical_info"),
    "ComplementAccueil": ("text", "practical_info"),
    "InformationsComplementaires": ("text", "practical_info"),
    "Acces": ("text", "access"), "AccesDescriptif": ("text", "access"),
    "NomLieu": ("text", "place_name"), "LieuManifestation": ("text", "place_name"),
    "Lieu": ("text", "place_name"),
    "AdresseComplete": ("address", ""),
    "Adresse1": ("address_line", ""), "Adresse1Suite": ("address_line", ""),
    "Adresse2": ("address_line", ""), "Adresse3": ("address_line", ""),
    "CodePostal": ("postal_code", ""), "Commune": ("commune", ""), "Ville": ("commune", ""),
    "CodeInsee": ("insee", ""), "CodeINSEE": ("insee", ""), "INSEE": ("insee", ""),
    "CodeInseeCommune": ("insee", ""),
    "GmapLatitude": ("coordinate", "latitude"), "GooglemapLatitude": ("coordinate", "latitude"),
    "Latitude": ("coordinate", "latitude"), "LATITUDE": ("coordinate", "latitude"),
    "GmapLongitude": ("coordinate", "longitude"),
    "GooglemapLongitude": ("coordinate", "longitude"),
    "Longitude": ("coordinate", "longitude"), "LONGITUDE": ("coordinate", "longitude"),
    "Altitude": ("coordinate", "altitude"),
    "PeriodeOuverture": ("opening", ""), "PeriodesOuverture": ("opening", ""),
    "Horaires": ("text", "opening_summary"), "OuvertureEnClair": ("text", "opening_summary"),
    "PeriodeOuvertureEnClair": ("text", "opening_summary"),
    "DateDebut": ("event_date", "start"), "DateFin": ("event_date", "end"),
    "Tarifs": ("prices", ""), "Tarif": ("prices", ""),
    "TarifsEnClair": ("text", "pricing_summary"), "TarifEnClair": ("text", "pricing_summary"),
    "ComplementTarif": ("text", "pricing_summary"),
    "Gratuit": ("free", ""),
    "ModesPaiements": ("codes", "payment_methods"), "ModesPaiement": ("codes", "payment_methods"),
    "ModePaiement": ("codes", "payment_methods"),
    "ModesDePaiement": ("codes", "payment_methods"),
    "LanguesParlees": ("languages", ""), "LanguesParleesAccueil": ("languages", ""),
    "Labels": ("codes", "labels"),
    "Handicap": ("codes", "accessibility"), "TourismeHandicap": ("codes", "accessibility"),
    "Accessibilite": ("codes", "accessibility"),
    "AnimauxAcceptes": ("pets", ""), "Animaux": ("pets", ""),
}
PATTERNS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^Prestations?"), "codes", "amenities"),
    (re.compile(r"^(Equipements?|Services?|Conforts?|Activites?)"), "codes", "amenities"),
    (re.compile(r"^Classements?"), "codes", "classifications"),
    (re.compile(r"^Classification\d*$"), "codes", "themes"),
    (re.compile(r"^(Themes?|Thematiques?|Clienteles?|TypesClientele)"), "codes", "themes"),
    (re.compile(r"^Labels?"), "codes", "labels"),
    (re.compile(r"^Moyens?DeComm?"), "contacts", ""),
    (re.compile(r"^(Capacite|Nb|Nombre|Nbre)[A-Z]"), "capacity", ""),
    (re.compile(r"^(Media)?(Photos?|Videos?|Documents?|Brochures?|Images?)"), "media", ""),
]
# fmt: on
SCHEMES = {
    "amenities": Scheme.AMENITY,
    "classifications": Scheme.CLASSIFICATION,
    "themes": Scheme.THEME,
    "labels": Scheme.LABEL,
    "accessibility": Scheme.ACCESSIBILITY,
    "payment_methods": Scheme.PAYMENT,
}
_SUFFIXED = re.compile(r"^(?P<base>\w+?)_?(?P<lang>" + "|".join(LANGUAGES) + r")$")
_YES = {"oui", "o", "yes", "true", "1", "accepte", "acceptes", "animaux-acceptes"}
_NO = {"non", "n", "no", "false", "0", "refuse", "refuses", "non-acceptes", "animaux-refuses"}


def rule_for(key: str) -> tuple[str, str, str] | None:
    """(reader, target, language) for a Tourinsoft field, or None when no rule knows it."""
    if key in FIELDS:
        reader, target = FIELDS[key]
        return reader, target, "fr"
    for pattern, reader, target in PATTERNS:
        if pattern.match(key):
            return reader, target, "fr"
    suffixed = _SUFFIXED.match(key)
    if suffixed and FIELDS.get(suffixed.group("base"), ("", ""))[0] == "text":
        return "text", FIELDS[suffixed.group("base")][1], LANGUAGES[suffixed.group("lang")]
    return None


def is_empty(value: Any) -> bool:
    return value is None or value in ("", [], {}) or (isinstance(value, str) and not value.strip())


def is_navigation(key: str, value: Any) -> bool:
    """OData links and annotations: `{"__deferred": {"uri": ...}}`, `@odata.etag`..."""
    if key.startswith(("@odata", "odata.")) or "@odata." in key:
        return True
    return isinstance(value, dict) and set(value) <= {"__deferred", "__metadata"}


@dataclass
class Draft:
    """What the readers gather before the document is built."""

    source_id: str
    report: RecordReport
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    codes: dict[str, list[str]] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    place: dict[str, Any] = field(default_factory=dict)
    contacts: list[Contact] = field(default_factory=list)
    opening: Opening | None = None
    periods: list[timing.Period] = field(default_factory=list)
    event_bounds: dict[str, Any] = field(default_factory=dict)
    prices: list[Price] = field(default_factory=list)
    capacity: dict[str, int] = field(default_factory=dict)
    media: list[Media] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    dates: dict[str, Any] = field(default_factory=dict)
    free: bool | None = None
    pets: bool | None = None


class Mapper:
    """Reads one record field by field with the table, then builds the document."""

    def map(
        self, record: dict[str, Any], source_id: str, report: RecordReport
    ) -> tuple[TourismDocument, list[Entry]]:
        """The document and the vocabulary entries its list values need; a MappingError
        names the field when the record cannot become an object (no name)."""
        draft = Draft(source_id, report)
        for key, value in record.items():
            if is_navigation(key, value):
                continue
            rule = rule_for(key)
            if rule is None:
                if not is_empty(value):
                    report.unknown(key)
                    draft.extra[key] = value
                continue
            if is_empty(value):
                continue
            reader, target, lang = rule
            getattr(self, f"_read_{reader}")(draft, key, value, target, lang)
        return self._build(record, draft), draft.entries

    # -- readers: (draft, Tourinsoft key, value, target, language) -------------------------

    def _read_skip(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        return None

    def _read_keep(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        draft.extra[key] = value

    def _read_metadata(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        """Never copied to the document: its `uri` holds the syndication's id, which opens
        the client's whole feed to whoever has it (kept in the raw record only). Its `type`
        is read by `types.object_type`."""
        return None

    def _read_text(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        if isinstance(value, dict):  # `{"fr": ..., "en": ...}`, `{"FR": ..., "GB": ...}`
            for code, one in value.items():
                language = LANGUAGES.get(str(code).upper())
                if language is None:
                    draft.report.unknown(f"{key}.{code}")
                    draft.extra.setdefault(key, {})[code] = one
                else:
                    self._read_text(draft, key, one, target, language)
            return
        raw = text(value)
        if not raw:
            draft.extra[key] = value
            return
        texts = draft.texts.setdefault(target, {})
        if lang not in texts:
            texts[lang] = raw
        elif texts[lang] != raw:  # a second source of the same text: kept, not lost
            draft.extra[key] = raw

    def _read_created(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        self._date(draft, key, value, "created")

    def _read_updated(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        self._date(draft, key, value, "updated")

    def _date(self, draft: Draft, key: str, value: Any, which: str) -> None:
        moment = parse_datetime(value)
        if moment is None:
            draft.report.warn(key, _("not a date: %(value)r; kept raw") % {"value": value})
            draft.extra[key] = value
        elif which not in draft.dates:
            draft.dates[which] = moment

    def _read_address(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        lines, postal, commune, insee = split_address(value)
        draft.lines.extend(line for line in lines if line not in draft.lines)
        for name, found in (("postal_code", postal), ("commune", commune), ("insee", insee)):
            if found:
                draft.place.setdefault(name, found)

    def _read_address_line(
        self, draft: Draft, key: str, value: Any, target: str, lang: str
    ) -> None:
        line = text(value)
        if line and line not in draft.lines:
            draft.lines.append(line)

    def _read_postal_code(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        draft.place.setdefault("postal_code", text(value))

    def _read_commune(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        draft.place.setdefault("commune", text(value))

    def _read_insee(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        draft.place.setdefault("insee", text(value).upper())

    def _read_coordinate(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        limits = {"latitude": (-90, 90), "longitude": (-180, 180), "altitude": (-500, 9000)}
        number = place.coordinate(value, *limits[target])
        if number is None:
            message = _("not a %(what)s: %(value)r") % {"what": target, "value": value}
            draft.report.warn(key, message)
            draft.extra[key] = value
        elif draft.place.setdefault(target, number) != number:  # another field disagrees
            draft.extra[key] = value

    def _read_contacts(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            value = _contact_string(value)  # v3: [{"Type": "Mél", "Valeur": "a@b.fr"}]
        if not isinstance(value, str):
            draft.report.unknown(key)
            draft.extra[key] = value
            return
        words = slug(key)
        role = "booking" if "resa" in words or "reservation" in words else "main"
        for contact in place.contacts(value, key, role, draft.report):
            if contact not in draft.contacts:
                draft.contacts.append(contact)

    def _read_opening(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        if not isinstance(value, str):
            draft.report.unknown(key)
            draft.extra[key] = value
            return
        opening, periods = timing.opening(value, key, draft.report)
        draft.periods.extend(periods)
        if draft.opening is None:
            draft.opening = opening
        else:
            draft.opening.periods.extend(opening.periods)

    def _read_event_date(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        moment = parse_datetime(value)
        if moment is None:
            draft.report.warn(key, _("not a date: %(value)r; kept raw") % {"value": value})
            draft.extra[key] = value
        else:
            draft.event_bounds[target] = moment.astimezone(PARIS).date()

    def _read_prices(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        if not isinstance(value, str):
            draft.report.unknown(key)
            draft.extra[key] = value
            return
        draft.prices.extend(offer.prices(value, key, draft.report))

    def _read_free(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        draft.free = _yes_no(value)
        if draft.free is None:
            draft.extra[key] = value

    def _read_pets(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        draft.pets = _yes_no(value)
        if draft.pets is None:
            draft.extra[key] = value

    def _read_codes(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        values = _labels(value)
        if values is None:
            draft.report.unknown(key)
            draft.extra[key] = value
            return
        scheme = SCHEMES[target]
        found = draft.codes.setdefault(target, [])
        for label in values:
            code = vocabulary.code_for(target, label)
            if not code:
                continue
            draft.entries.append(vocabulary.entry(scheme, code, label))
            if code not in found:
                found.append(code)

    def _read_languages(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        unknown = []
        for label in _labels(value) or []:
            code = LANGUAGE_NAMES.get(slug(label))
            if code is None:
                unknown.append(label)
            elif code not in draft.languages:
                draft.languages.append(code)
        if unknown:
            draft.report.warn(
                key, _("unknown languages kept raw: %(names)s") % {"names": ", ".join(unknown)}
            )
            draft.extra[key] = unknown

    def _read_capacity(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        name = offer.capacity_field(key)
        count = parse_count(value)
        if name is None or count is None:
            if count is None:
                draft.report.warn(key, _("not a number: %(value)r") % {"value": value})
            draft.extra[key] = value
            return
        if name in draft.capacity:
            draft.extra[key] = value
        else:
            draft.capacity[name] = count

    def _read_media(self, draft: Draft, key: str, value: Any, target: str, lang: str) -> None:
        first = not draft.media
        if isinstance(value, str):
            found = media.from_string(key, value, draft.report, first)
        elif isinstance(value, list):
            found, unknown = media.from_objects(key, value, draft.report, first)
            for path in unknown:
                draft.report.unknown(path)
            if unknown:
                draft.extra[key] = value
        else:
            draft.report.unknown(key)
            draft.extra[key] = value
            return
        known = {m.url for m in draft.media}
        draft.media.extend(m for m in found if m.url not in known)

    # -- the document -------------------------------------------------------------------------

    def _build(self, record: dict[str, Any], draft: Draft) -> TourismDocument:
        name = draft.texts.pop("name", {})
        if not name:
            raise MappingError("SyndicObjectName", _("the object has no name"))
        doc_type = types.object_type(record, draft.source_id)
        if doc_type is None:
            draft.report.warn(
                "ObjectTypeName",
                _("unknown Tourinsoft object type %(type)r; imported as a place")
                % {"type": record.get("ObjectTypeName") or draft.source_id[:3]},
            )
            doc_type = "place"
        classes = [v for k, v in record.items() if k.startswith("Classification")]
        doc_type = types.refine(doc_type, [x for v in classes for x in items(v)])
        opening = draft.opening or Opening()
        summary = draft.texts.pop("opening_summary", {})
        if summary:
            opening = Opening(periods=opening.periods, closures=opening.closures, summary=summary)
        event = None
        if root_of(doc_type) == "event":
            event = self._event(draft)
        return TourismDocument(
            type=doc_type,
            source=SourceRef(
                system=SYSTEM,
                id=draft.source_id,
                updated_at=draft.dates.get("updated"),
            ),
            created_at=draft.dates.get("created"),
            name=name,
            short_description=draft.texts.pop("short_description", {}),
            description=draft.texts.pop("description", {}),
            practical_info=draft.texts.pop("practical_info", {}),
            location=self._location(draft),
            contacts=draft.contacts,
            opening=opening,
            event=event,
            pricing=Pricing(
                free=draft.free,
                prices=draft.prices,
                payment_methods=draft.codes.pop("payment_methods", []),
                summary=draft.texts.pop("pricing_summary", {}),
            ),
            capacity=Capacity(**draft.capacity),
            languages=draft.languages,
            pets_allowed=draft.pets,
            media=draft.media,
            extra=draft.extra,
            **draft.codes,
        )

    def _location(self, draft: Draft) -> Location:
        found = draft.place
        insee, commune_name = found.get("insee", ""), found.get("commune", "")
        commune = None
        if insee and is_insee(insee):
            commune = CommuneRef(insee=insee, name=commune_name)
        else:
            if insee:
                draft.report.warn("CodeInsee", _("not an INSEE code: %(code)r") % {"code": insee})
                draft.extra["CodeInsee"] = insee
            if commune_name:
                draft.extra["Commune"] = commune_name
        if found.get("latitude") == 0 and found.get("longitude") == 0:  # an unset map pin
            draft.report.warn("GmapLatitude", _("coordinates 0, 0 ignored"))
            found.pop("latitude"), found.pop("longitude")
        return Location(
            address_lines=draft.lines,
            postal_code=found.get("postal_code", ""),
            commune=commune,
            latitude=found.get("latitude"),
            longitude=found.get("longitude"),
            altitude=found.get("altitude"),
            place_name=draft.texts.pop("place_name", {}),
            access=draft.texts.pop("access", {}),
        )

    def _event(self, draft: Draft) -> EventDates | None:
        event = timing.event_dates(draft.periods)
        start, end = draft.event_bounds.get("start"), draft.event_bounds.get("end")
        if event is None and (start or end):
            if start and end and end < start:
                draft.report.warn("DateFin", _("the event ends before it starts; end ignored"))
                end = None
            period = timing.Period(start or end, end, [], timing.Days(), timing.Days(), [])
            event = timing.event_dates([period])
        if event is None:
            draft.report.warn("PeriodeOuverture", _("an event without dates"))
        return event


def _labels(value: Any) -> list[str] | None:
    """The labels of a `#`-list, or of a JSON list of strings or of `{"Libelle": ...}`; None
    when the value has another shape."""
    if isinstance(value, str):
        return items(value)
    if isinstance(value, list):
        out = []
        for entry in value:
            if isinstance(entry, str | int | float) and not isinstance(entry, bool):
                label = text(entry)
            elif isinstance(entry, dict):
                label = next((text(v) for k, v in entry.items() if k.lower() in _LABEL_KEYS), "")
            else:
                return None
            if label:
                out.append(label)
        return out
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [text(value)]
    return None


_LABEL_KEYS = {"libelle", "label", "valeur", "value", "nom", "name"}
_CONTACT_KIND_KEYS = ("type", "typemoyencom", "nature", "libelle", "label")
_CONTACT_VALUE_KEYS = ("valeur", "value", "coordonnees", "coordonnee", "numero", "adresse", "url")


def _contact_string(values: list[dict[str, Any]]) -> str:
    """v3 contact objects as the v2 `kind|value#...` string the contact reader knows."""
    out = []
    for entry in values:
        lowered = {str(k).lower(): v for k, v in entry.items()}
        kind = next((text(lowered[k]) for k in _CONTACT_KIND_KEYS if text(lowered.get(k))), "")
        found = next((text(lowered[k]) for k in _CONTACT_VALUE_KEYS if text(lowered.get(k))), "")
        out.append(f"{kind.replace('|', ' ')}|{found.replace('#', ' ')}")
    return "#".join(out)


def _yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    key = slug(text(value))
    return True if key in _YES else False if key in _NO else None
