"""One Apidae object (API v002 / export format) -> the canonical `TourismDocument`.

Nothing is dropped: what has a canonical field goes there, the rest of each block is kept in
`document.extra` under the Apidae key, and unknown top-level keys are reported and kept too.
"""

from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import Aspect, Capacity, Private, SourceRef, TourismDocument
from opensit.catalog.types import APIDAE_TO_TYPE, root_of
from opensit.catalog.vocabularies import Scheme
from opensit.connectors.apidae import media as media_map
from opensit.connectors.apidae import offer, place, timing
from opensit.connectors.apidae.communes import CommuneResolver
from opensit.connectors.apidae.languages import warn_languages
from opensit.connectors.apidae.reader import SELECTIONS_KEY
from opensit.connectors.apidae.references import References, is_reference, lang_text
from opensit.connectors.apidae.types import TYPE_BLOCKS, apidae_type, refine
from opensit.connectors.base import MappingError, RecordReport

SYSTEM = "apidae"
ASPECTS = {
    "HIVER": "winter",
    "ETE": "summer",
    "GROUPES": "groups",
    "HANDICAP": "accessibility",
    "TOURISME_AFFAIRES": "business",
}
# Top-level keys read by the mapping (the type blocks are added below).
MAPPED_KEYS = {
    "type",
    "id",
    "nom",
    "gestion",
    "presentation",
    "informations",
    "localisation",
    "ouverture",
    "descriptionTarif",
    "prestations",
    "illustrations",
    "multimedias",
    "imagePrincipale",
    "imagePrincipaleHiver",
    "images",
    "liens",
    "reservation",
    "criteresInternes",
    "aspects",
    "contacts",
    "territoires",
    "distinctions",
    SELECTIONS_KEY,
    *TYPE_BLOCKS.values(),
}
# prestations keys -> document list field.
_PRESTATION_FIELDS = {
    "equipements": ("amenities", Scheme.AMENITY),
    "services": ("amenities", Scheme.AMENITY),
    "conforts": ("amenities", Scheme.AMENITY),
    "activites": ("amenities", Scheme.AMENITY),
    "tourismesAdaptes": ("accessibility", Scheme.ACCESSIBILITY),
    "labelsTourismeHandicap": ("accessibility", Scheme.ACCESSIBILITY),
    "typesClientele": ("themes", Scheme.THEME),
}
_PETS = {"ACCEPTES": True, "NON_ACCEPTES": False}
# Blocks of an aspect read into the `Aspect`; its other keys (champsAspect...) stay in extra.
_ASPECT_BLOCKS = {
    "presentation",
    "prestations",
    "ouverture",
    "descriptionTarif",
    "illustrations",
    "multimedias",
}
_ASPECT_AUDIENCES = {"groups": ("groups",), "business": ("business",)}


class ApidaeMapper:
    """Maps objects with one reference table (from the export, or empty for API responses)."""

    def __init__(self, refs: References, communes: CommuneResolver | None = None) -> None:
        self.refs = refs
        self.communes = communes or CommuneResolver()

    def map(self, obj: dict[str, Any], report: RecordReport) -> TourismDocument:
        """Map one object; a block of an unexpected shape is an error naming that block."""
        _check_shapes(obj)
        warn_languages(obj, report)
        self.section = ""
        try:
            return self._map(obj, report)
        except (AttributeError, TypeError, KeyError, IndexError) as exc:
            raise MappingError(
                self.section or "document",
                _("unexpected structure: %(error)s") % {"error": repr(exc)},
            ) from exc

    def _map(self, obj: dict[str, Any], report: RecordReport) -> TourismDocument:
        self.extra: dict[str, Any] = {}
        self.lists: dict[str, list[str]] = {
            "classifications": [],
            "labels": [],
            "amenities": [],
            "themes": [],
            "accessibility": [],
            "languages": [],
        }
        apidae = apidae_type(obj)
        if apidae not in APIDAE_TO_TYPE:
            raise MappingError("type", _("unknown Apidae type %(type)r") % {"type": apidae})
        name = lang_text(obj.get("nom"))
        if not name:
            raise MappingError("nom", _("the object has no name"))
        type_block = obj.get(TYPE_BLOCKS[apidae]) or {}
        doc_type = refine(apidae, type_block, self.refs)
        self.section = TYPE_BLOCKS[apidae]
        capacity = self._type_blocks(obj, apidae)
        self.section = "localisation"
        location, loc_rest = place.location(obj.get("localisation") or {}, report, self.communes)
        self._keep("localisation", loc_rest)
        self._add("themes", (obj.get("localisation") or {}).get("environnements"), "themes")
        if location.geometry is None:
            location.geometry = _trail_geometry(type_block.get("itineraire"))
        if apidae == "FETE_ET_MANIFESTATION" and type_block.get("nomLieu"):
            location.place_name = {"fr": str(type_block["nomLieu"])}
        self.section = "ouverture"
        opening, open_rest = timing.opening(obj.get("ouverture") or {}, report)
        if self._codes_of("indicationsPeriode", open_rest.get("indicationsPeriode")):
            del open_rest["indicationsPeriode"]  # seasons (Eté, Hiver...): theme codes
        self._keep("ouverture", open_rest)
        event = None
        if root_of(doc_type) == "event":
            event = timing.event_dates(obj.get("ouverture") or {})
        self.section = "descriptionTarif"
        pricing, price_rest = offer.pricing(obj.get("descriptionTarif") or {}, self.refs, report)
        self._keep("descriptionTarif", price_rest)
        gestion = obj.get("gestion") or {}
        owner = gestion.get("membreProprietaire") or {}
        self.section = "illustrations"
        media, media_rest = media_map.media(obj, report)
        for key, value in media_rest.items():
            self._keep(key, value)
        self.section = "reservation"
        booking, booking_contacts, booking_rest = place.booking(
            obj.get("reservation") or {}, report
        )
        self._keep("reservation", booking_rest)
        self.section = ""
        doc = TourismDocument(
            type=doc_type,
            source=SourceRef(
                system=SYSTEM,
                id=str(obj["id"]),
                updated_at=timing.parse_datetime(
                    gestion.get("dateModification"), "gestion.dateModification"
                ),
                publisher=str(owner.get("nom") or ""),
            ),
            created_at=timing.parse_datetime(gestion.get("dateCreation"), "gestion.dateCreation"),
            name=name,
            **self._texts(obj),
            aspects=self._aspects(obj, report),
            location=location,
            contacts=self._contacts(obj, report) + booking_contacts,
            opening=opening,
            event=event,
            pricing=pricing,
            capacity=capacity,
            pets_allowed=self._prestations(obj.get("prestations") or {}),
            media=media,
            links=place.links(obj),
            booking=booking,
            private=self._private(obj, gestion),
            **self.lists,
        )
        gestion_rest = {k: v for k, v in gestion.items() if k not in _GESTION_KEYS}
        owner_rest = {k: v for k, v in owner.items() if k != "nom"}
        if owner_rest:  # the owning member's id, kind and website
            gestion_rest["membreProprietaire"] = owner_rest
        self._keep("gestion", gestion_rest)
        if obj.get(SELECTIONS_KEY):
            self.extra["selections"] = obj[SELECTIONS_KEY]
        for key, value in obj.items():
            if key not in MAPPED_KEYS:
                report.unknown(key)
                self.extra[key] = value
        doc.extra = self.extra
        return doc

    # -- helpers ------------------------------------------------------------------------------

    def _keep(self, key: str, value: Any) -> None:
        if value not in (None, {}, []):
            self.extra[key] = value

    def _add(self, target: str, refs: Any, hint: str, scheme: str = "") -> None:
        for code in self.refs.codes(refs or [], hint, scheme):
            if code not in self.lists[target]:
                self.lists[target].append(code)

    def _texts(self, obj: dict[str, Any]) -> dict[str, Any]:
        presentation = obj.get("presentation") or {}
        self._add("themes", presentation.get("typologiesPromoSitra"), "typologiesPromoSitra")
        rest = {
            k: v
            for k, v in presentation.items()
            if k not in ("descriptifCourt", "descriptifDetaille", "typologiesPromoSitra")
        }
        self._keep("presentation", rest)
        practical = lang_text((obj.get("prestations") or {}).get("complementAccueil"))
        return {
            "short_description": lang_text(presentation.get("descriptifCourt")),
            "description": lang_text(presentation.get("descriptifDetaille")),
            "practical_info": practical,
        }

    def _aspects(self, obj: dict[str, Any], report: RecordReport) -> dict[str, Aspect]:
        """Each Apidae aspect as a variant: texts, practical info, media, opening, prices.
        An unknown aspect is a warning, kept whole in `extra`."""
        out: dict[str, Aspect] = {}
        kept = []
        for index, aspect in enumerate(obj.get("aspects") or []):
            field = f"aspects[{index}]"
            key = ASPECTS.get(str(aspect.get("aspect")))
            if key is None:
                report.warn(
                    f"{field}.aspect",
                    _("unknown aspect %(aspect)r; kept aside") % {"aspect": aspect.get("aspect")},
                )
                kept.append(aspect)
                continue
            self.section = field
            out[key], rest = self._aspect(aspect, key, field, report)
            kept.append(rest)
        winter = obj.get("imagePrincipaleHiver")
        if isinstance(winter, dict):
            images, _rest = media_map.media({"illustrations": [winter]}, report)
            if images:
                variant = out.setdefault("winter", Aspect())
                known = {m.url for m in variant.media}
                variant.media = [m for m in images if m.url not in known] + variant.media
        if kept:
            self.extra["aspects"] = kept
        return out

    def _aspect(
        self, aspect: dict[str, Any], key: str, field: str, report: RecordReport
    ) -> tuple[Aspect, dict[str, Any]]:
        texts = aspect.get("presentation") or {}
        prestations = aspect.get("prestations") or {}
        rest: dict[str, Any] = {
            k: v for k, v in aspect.items() if k not in _ASPECT_BLOCKS and v not in (None, {}, [])
        }
        opening = None
        if isinstance(aspect.get("ouverture"), dict):
            opening, open_rest = timing.opening(aspect["ouverture"], report, f"{field}.ouverture")
            if open_rest:
                rest["ouverture"] = open_rest
        pricing, price_rest = offer.pricing(
            aspect.get("descriptionTarif") or {},
            self.refs,
            report,
            f"{field}.descriptionTarif",
            _ASPECT_AUDIENCES.get(key, ()),
        )
        if price_rest:
            rest["descriptionTarif"] = price_rest
        media, media_rest = media_map.media(aspect, report)
        rest.update(media_rest)
        for block, used in (
            ("presentation", ("descriptifCourt", "descriptifDetaille")),
            ("prestations", ("complementAccueil",)),
        ):
            left = {k: v for k, v in (aspect.get(block) or {}).items() if k not in used}
            if left:
                rest[block] = left
        price_texts = {
            k: aspect["descriptionTarif"][k]
            for k in ("tarifsEnClair", "gratuit", "modesPaiement")
            if isinstance(aspect.get("descriptionTarif"), dict) and k in aspect["descriptionTarif"]
        }
        if price_texts:  # the aspect's price summary and payment: no aspect field holds them
            rest.setdefault("descriptionTarif", {}).update(price_texts)
        variant = Aspect(
            short_description=lang_text(texts.get("descriptifCourt")),
            description=lang_text(texts.get("descriptifDetaille")),
            practical_info=lang_text(prestations.get("complementAccueil")),
            media=media,
            opening=opening,
            prices=pricing.prices,
        )
        return variant, rest

    def _contacts(self, obj: dict[str, Any], report: RecordReport) -> list:
        info = obj.get("informations") or {}
        out = place.contacts(
            info.get("moyensCommunication") or [],
            "main",
            "",
            "informations.moyensCommunication",
            report,
        )
        for key, role in (
            ("structureGestion", "management"),
            ("structureInformation", "information"),
        ):
            structure = info.get(key) or {}
            out += place.contacts(
                structure.get("moyensCommunication") or [],
                role,
                lang_text(structure.get("nom")).get("fr", ""),
                f"informations.{key}.moyensCommunication",
                report,
            )
        rest = {
            k: v
            for k, v in info.items()
            if k not in ("moyensCommunication", "structureGestion", "structureInformation")
        }
        self._keep("informations", rest)
        for index, person in enumerate(obj.get("contacts") or []):
            function = lang_text(person.get("fonction")).get("fr", "")
            who = " ".join(str(person.get(k) or "") for k in ("prenom", "nom")).strip()
            label = f"{who} ({function})" if function else who
            out += place.contacts(
                person.get("moyensCommunication") or [],
                "other",
                label,
                f"contacts[{index}].moyensCommunication",
                report,
            )
        if obj.get("contacts"):  # names and functions of the persons, their referent flag
            self.extra["contacts"] = [
                {k: v for k, v in p.items() if k != "moyensCommunication"} for p in obj["contacts"]
            ]
        return out

    def _prestations(self, prestations: dict[str, Any]) -> bool | None:
        for key, (target, scheme) in _PRESTATION_FIELDS.items():
            self._add(target, prestations.get(key), key, scheme)
        for ref in prestations.get("languesParlees") or []:
            code = self.refs.language(ref)
            if code and code not in self.lists["languages"]:
                self.lists["languages"].append(code)
        self._add("labels", prestations.get("labelsTourismeHandicap"), "labels", Scheme.LABEL)
        used = {*_PRESTATION_FIELDS, "languesParlees", "animauxAcceptes", "complementAccueil"}
        self._keep("prestations", {k: v for k, v in prestations.items() if k not in used})
        return _PETS.get(str(prestations.get("animauxAcceptes")))

    def _type_blocks(self, obj: dict[str, Any], apidae: str) -> Capacity:
        """Every type block: reference values become classifications, labels or themes by the
        name of their field; `capacite` fills the capacity; the rest is kept in `extra`."""
        capacity = Capacity()
        for block_key in TYPE_BLOCKS.values():
            block = obj.get(block_key)
            if not isinstance(block, dict):
                continue
            rest: dict[str, Any] = {}
            for key, value in block.items():
                if key == "capacite" and isinstance(value, dict):
                    found, leftover = offer.capacity(value, f"{block_key}.capacite")
                    if block_key == TYPE_BLOCKS[apidae] or capacity == Capacity():
                        capacity = found
                    if leftover:
                        rest[key] = leftover
                    continue
                if self._codes_of(key, value):
                    continue
                if isinstance(value, dict) and not is_reference(value):
                    # a sub-block (itineraire...): its reference lists are codes too
                    value = {k: v for k, v in value.items() if not self._codes_of(k, v)}
                    if not value:
                        continue
                rest[key] = value
            self._keep(block_key, rest)
        for index, distinction in enumerate(obj.get("distinctions") or []):
            if isinstance(distinction.get("nom"), dict):
                self._add("labels", [distinction["nom"]], "distinctions", Scheme.LABEL)
            else:
                raise MappingError(f"distinctions[{index}].nom", _("a distinction needs a name"))
        return capacity

    def _codes_of(self, key: str, value: Any) -> bool:
        """Reference values become classifications, labels or themes by the name of their
        field (True); anything else is left to the caller (False)."""
        values = value if isinstance(value, list) else [value]
        if not values or not all(is_reference(v) for v in values):
            return False
        lowered = key.lower()
        if "classement" in lowered:
            self._add("classifications", values, key, Scheme.CLASSIFICATION)
        elif "label" in lowered:
            self._add("labels", values, key, Scheme.LABEL)
        else:
            self._add("themes", values, key)
        return True

    def _private(self, obj: dict[str, Any], gestion: dict[str, Any]) -> Private:
        """`criteresInternes` are a member's own criteria; problem-report emails are internal."""
        criteria = [
            f"apidae:{c['id']}"
            for c in obj.get("criteresInternes") or []
            if isinstance(c, dict) and c.get("id") is not None
        ]
        mails = gestion.get("signalerUnProblemeMails") or []
        notes = ""
        if mails:
            notes = _("Report problems to: %(emails)s") % {"emails": ", ".join(map(str, mails))}
        return Private(criteria=criteria, notes=notes)


_OBJECT_BLOCKS = {
    "nom",
    "gestion",
    "presentation",
    "informations",
    "localisation",
    "ouverture",
    "descriptionTarif",
    "prestations",
    "liens",
    "reservation",
    "imagePrincipale",
    "imagePrincipaleHiver",
    *TYPE_BLOCKS.values(),
}
_LIST_BLOCKS = {
    "illustrations",
    "multimedias",
    "images",
    "aspects",
    "contacts",
    "territoires",
    "distinctions",
    "criteresInternes",
}


def _json_kind(value: Any) -> str:
    kinds = {str: "string", list: "list", dict: "object", bool: "boolean"}
    return kinds.get(type(value), "number" if isinstance(value, int | float) else "value")


def _check_shapes(obj: dict[str, Any]) -> None:
    """Blocks must be JSON objects, and lists of JSON objects, before anything reads them."""
    for key, value in obj.items():
        if value is None:
            continue
        if key in _OBJECT_BLOCKS and not isinstance(value, dict):
            raise MappingError(
                key, _("expected a JSON object, got a %(kind)s") % {"kind": _json_kind(value)}
            )
        if key in _LIST_BLOCKS:
            if not isinstance(value, list):
                raise MappingError(
                    key, _("expected a list, got a %(kind)s") % {"kind": _json_kind(value)}
                )
            for index, item in enumerate(value):
                if not isinstance(item, dict):
                    raise MappingError(
                        f"{key}[{index}]",
                        _("expected a JSON object, got a %(kind)s") % {"kind": _json_kind(item)},
                    )


def _trail_geometry(itinerary: Any) -> dict[str, Any] | None:
    """A GeoJSON line inside the itinerary block, when the source carries one."""
    if not isinstance(itinerary, dict):
        return None
    for value in itinerary.values():
        if (
            isinstance(value, dict)
            and value.get("type") in ("LineString", "MultiLineString")
            and value.get("coordinates")
        ):
            return value
    return None


_GESTION_KEYS = {
    "dateCreation",
    "dateModification",
    "membreProprietaire",
    "signalerUnProblemeMails",
}
