"""Apidae `localisation`, `informations`, `contacts`, `reservation` and `liens`: where the
object is, how to reach its people, and the objects it is linked to."""

import re
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import Booking, CommuneRef, Contact, Link, Location
from opensit.connectors.apidae.communes import CommuneResolver
from opensit.connectors.apidae.references import lang_text
from opensit.connectors.base import MappingError, RecordReport

# MoyenCommunicationType ids -> contact kind.
CONTACT_KINDS = {
    201: "phone",
    202: "fax",
    204: "email",
    205: "website",
    206: "other",  # Minitel and the like, long gone
    207: "facebook",
    3755: "social",  # Google+
    3789: "twitter",
    4548: "tripadvisor",
    5416: "instagram",
    6364: "youtube",
    6450: "linkedin",
    6520: "mobile",
}
_LABEL_KINDS = (
    ("portable", "mobile"),
    ("mobile", "mobile"),
    ("facebook", "facebook"),
    ("instagram", "instagram"),
    ("twitter", "twitter"),
    ("youtube", "youtube"),
    ("tiktok", "tiktok"),
    ("linkedin", "linkedin"),
    ("tripadvisor", "tripadvisor"),
)
# liensObjetsTouristiquesTypes[].type -> link kind.
LINK_KINDS = {
    "PARCOURS_ETAPE": "stage",
    "ETAPE_PARCOURS": "route",
    "SUR_LE_PARCOURS_DE": "on_route",
    "SUR_PLACE": "on_site",
    "A_L_ARRIVEE_DE": "nearby",
    "ADRESSE_UTILE": "useful_address",
    "PROGRAMME_ORGANISATEUR": "organiser",
    "ORGANISATEUR_PROGRAMME": "programme",
    "CADRE_OFFRE_SPECIALE": "special_offer",
    "OFFRE_SPECIALE_CADRE": "special_offer_frame",
    "DEFAUT": "related",
}
_INSEE = re.compile(r"^\d[\dAB]\d{3}$")
_FRANCE = 532  # the Apidae reference element of France (Pays)
_ADDRESS_KEYS = {"adresse1", "adresse2", "adresse3", "codePostal", "commune"}
_GEO_KEYS = {"geoJson", "altitude", "complement"}


def _kind(means: dict[str, Any]) -> str:
    kind_ref = means.get("type") or {}
    kind = CONTACT_KINDS.get(kind_ref.get("id"))
    if kind and kind != "other":
        return kind
    label = str(kind_ref.get("libelleFr") or "").lower()
    return next((k for word, k in _LABEL_KINDS if word in label), "other")


def contacts(
    means_list: list[dict[str, Any]], role: str, label: str, field: str, report: RecordReport
) -> list[Contact]:
    out = []
    for index, means in enumerate(means_list or []):
        values = lang_text(means.get("coordonnees")) or {}
        value = str(means.get("coordonnee") or values.get("fr") or next(iter(values.values()), ""))
        if not value.strip():
            report.warn(f"{field}[{index}].coordonnees", _("empty contact value; skipped"))
            continue
        kind = _kind(means)
        note = lang_text(means.get("observation")).get("fr", "")
        if kind == "other":
            type_label = lang_text(means.get("type")).get("fr", "")
            note = " — ".join(part for part in (type_label, note) if part)
        out.append(
            Contact(
                kind=kind,
                value=value,
                role=role,
                label=" — ".join(part for part in (label, note) if part),
            )
        )
    return out


def _commune(
    address: dict[str, Any], report: RecordReport, communes: CommuneResolver | None
) -> CommuneRef | None:
    """The INSEE code given; else the export's commune of that Apidae id; else the one commune
    of the official reference with that postal code and name. Unresolved: a warning."""
    raw = address.get("commune") or {}
    insee = str(raw.get("code") or "")
    name = str(raw.get("nom") or "")
    if insee and _INSEE.match(insee):
        return CommuneRef(insee=insee, name=name)
    if insee:
        report.warn("localisation.adresse.commune.code", _("not an INSEE code: %s") % insee)
        return None
    if not raw:
        return None
    country = raw.get("pays") if isinstance(raw.get("pays"), dict) else {}
    foreign = country.get("id") not in (None, _FRANCE) or country.get("libelleFr") not in (
        None,
        "France",
    )
    postal = str(address.get("codePostal") or raw.get("codePostal") or "")
    found = None
    if communes is not None:
        found = communes.from_export(raw.get("id"))
        if found is None and not foreign:
            found = communes.resolve(postal, name)
    if found is not None:
        return CommuneRef(insee=found[0], name=name or found[1])
    report.warn(
        "localisation.adresse.commune",
        _(
            "commune %(name)r (postal code %(postal)r, Apidae id %(id)s) has no INSEE code and "
            "is not found in the official communes (`opensit communes` loads them)"
        )
        % {"name": name, "postal": postal, "id": raw.get("id")},
    )
    return None


def location(
    loc: dict[str, Any], report: RecordReport, communes: CommuneResolver | None = None
) -> tuple[Location, dict[str, Any]]:
    address = loc.get("adresse") or {}
    geo = loc.get("geolocalisation") or {}
    raw_commune = address.get("commune") or {}
    commune = _commune(address, report, communes)
    latitude = longitude = None
    geometry = None
    geojson = geo.get("geoJson") or {}
    coordinates = geojson.get("coordinates")
    if geojson.get("type", "Point") == "Point" and coordinates:
        try:
            longitude, latitude = float(coordinates[0]), float(coordinates[1])
        except (TypeError, ValueError, IndexError) as exc:
            raise MappingError(
                "localisation.geolocalisation.geoJson.coordinates",
                _("expected [longitude, latitude], got %(value)r") % {"value": coordinates},
            ) from exc
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise MappingError(
                "localisation.geolocalisation.geoJson.coordinates",
                _("out of range: %(value)r (expected [longitude, latitude])")
                % {"value": coordinates},
            )
    elif coordinates:
        geometry = geojson
    altitude = geo.get("altitude")
    result = Location(
        address_lines=[
            str(address[key]).strip()
            for key in ("adresse1", "adresse2", "adresse3")
            if address.get(key)
        ],
        postal_code=str(address.get("codePostal") or raw_commune.get("codePostal") or ""),
        commune=commune,
        latitude=latitude,
        longitude=longitude,
        altitude=float(altitude) if isinstance(altitude, int | float) else None,
        geometry=geometry,
        access=lang_text(geo.get("complement")),
    )
    leftovers: dict[str, Any] = {}
    rest = {k: v for k, v in address.items() if k not in _ADDRESS_KEYS}
    if rest:
        leftovers["adresse"] = rest
    country = (raw_commune.get("pays") or {}).get("libelleFr")
    if country and country != "France":
        leftovers["pays"] = raw_commune["pays"]
    rest = {k: v for k, v in geo.items() if k not in _GEO_KEYS}
    if rest:
        leftovers["geolocalisation"] = rest
    for key, value in loc.items():
        if key not in ("adresse", "geolocalisation", "environnements"):
            leftovers[key] = value
    return result, leftovers


def _target(ref: dict[str, Any]) -> str:
    return f"apidae:{ref['id']}"


def links(obj: dict[str, Any]) -> list[Link]:
    out: list[Link] = []
    liens = obj.get("liens") or {}
    typed = liens.get("liensObjetsTouristiquesTypes")
    if typed is None:  # the older form: untyped linked objects
        typed = [{"type": "DEFAUT", "objetTouristique": o} for o in liens.get("objetsLies") or []]
    for order, link in enumerate(typed):
        target = link.get("objetTouristique") or {}
        if not isinstance(target.get("id"), int):
            continue
        kind = LINK_KINDS.get(str(link.get("type")), str(link.get("type") or "related").lower())
        out.append(
            Link(kind=kind, target=_target(target), order=order, label=lang_text(target.get("nom")))
        )
    info = obj.get("informations") or {}
    for key, kind in (
        ("structureGestion", "management"),
        ("structureInformation", "information"),
        ("structureReference", "reference"),
    ):
        structure = info.get(key)
        if isinstance(structure, dict) and isinstance(structure.get("id"), int):
            out.append(
                Link(kind=kind, target=_target(structure), label=lang_text(structure.get("nom")))
            )
    for territory in obj.get("territoires") or []:
        if isinstance(territory, dict) and isinstance(territory.get("id"), int):
            out.append(
                Link(
                    kind="territory",
                    target=_target(territory),
                    label=lang_text(territory.get("nom")),
                )
            )
    return out


def booking(
    reservation: dict[str, Any], report: RecordReport
) -> tuple[Booking, list[Contact], dict[str, Any]]:
    """The first booking organisation fills `booking`; every one gives booking contacts."""
    all_contacts: list[Contact] = []
    first: dict[str, str] = {}
    leftovers: dict[str, Any] = {}
    for index, organisme in enumerate(reservation.get("organismes") or []):
        structure = organisme.get("structureReference") or {}
        name = str(organisme.get("nom") or lang_text(structure.get("nom")).get("fr", ""))
        found = contacts(
            organisme.get("moyensCommunication") or [],
            "booking",
            name,
            f"reservation.organismes[{index}].moyensCommunication",
            report,
        )
        all_contacts.extend(found)
        if not first:
            first["organisation"] = name
            for contact in found:
                slot = {"website": "url", "email": "email", "phone": "phone", "mobile": "phone"}
                key = slot.get(contact.kind)
                if key and key not in first:
                    first[key] = contact.value
        rest = {k: v for k, v in organisme.items() if k not in ("nom", "moyensCommunication")}
        if rest:
            leftovers.setdefault("organismes", []).append(rest)
    for key, value in reservation.items():
        if key not in ("organismes", "complement"):
            leftovers[key] = value
    result = Booking(**first, notes=lang_text(reservation.get("complement")))
    return result, all_contacts, leftovers
