"""One TourinFrance v3 object (`OI` element) -> the canonical `TourismDocument`.

Declarative: `READ` lists every element path the mapping reads, `KEPT` the blocks kept as
they are in `extra["tourinfrance"]` (known, with no canonical field). Any other element is
reported by path (`OI/Block/Element`) and kept too, under `extra["tourinfrance"]["unmapped"]`.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import (
    CommuneRef,
    EventDates,
    Link,
    Location,
    Opening,
    Pricing,
    SourceRef,
    TourismDocument,
)
from opensit.catalog.document.values import language_code
from opensit.catalog.types import root_of
from opensit.catalog.vocabularies import Entry, Scheme
from opensit.connectors.base import MappingError, RecordReport
from opensit.connectors.tourinfrance import blocks
from opensit.connectors.xmlread import (
    Element,
    add_unique,
    child,
    child_text,
    children,
    coordinates,
    first_match,
    lang_of,
    local,
    moment,
    number,
    path_find,
    plain,
    source_code,
    text,
    to_data,
    type_from_labels,
)

SYSTEM = "tourinfrance"
INSEE = re.compile(r"^\d[\dAB]\d{3}$")
#: Every element path the mapping reads (relative to `OI`).
READ = {
    "DublinCore", "DublinCore/title", "DublinCore/identifier", "DublinCore/Classification",
    "DublinCore/subject", "DublinCore/description", "DublinCore/publisher",
    "DublinCore/modified", "DublinCore/ControlledVocabulary",
    "Multimedia", "Multimedia/DetailMultimedia", *(f"Multimedia/DetailMultimedia/{t}" for t in (
        "URL", "Nom", "LegendeRessource", "TypeMime", "Largeur", "Hauteur", "Copyright")),
    "Contacts", "Contacts/DetailContact", "Contacts/DetailContact/RaisonSociale",
    "Contacts/DetailContact/Adresses", "Contacts/DetailContact/Adresses/DetailAdresse",
    *(f"Contacts/DetailContact/Adresses/DetailAdresse/{t}" for t in (
        "Adr1", "Adr2", "Adr3", "Adr4", "CodePostal", "Commune", "Pays", "BureauDistributeur",
        "Personnes", "Personnes/DetailPersonne", "Personnes/DetailPersonne/Civilite",
        "Personnes/DetailPersonne/Nom", "Personnes/DetailPersonne/Prenom",
        "Personnes/DetailPersonne/MoyensCommunications",
        "Personnes/DetailPersonne/MoyensCommunications/DetailMoyenCom",
        "Personnes/DetailPersonne/MoyensCommunications/DetailMoyenCom/Coord")),
    "Classements", "Classements/DetailClassement", *(f"Classements/DetailClassement/{t}" for t in (
        "Classement", "DateClassement", "NumeroClassement", "ObservationDetailClassement")),
    "Geolocalisations", "Geolocalisations/DetailGeolocalisation",
    "Geolocalisations/DetailGeolocalisation/Zone",
    "Geolocalisations/DetailGeolocalisation/Zone/Nom",
    "Geolocalisations/DetailGeolocalisation/Zone/Points", *(
        f"Geolocalisations/DetailGeolocalisation/Zone/Points/DetailPoint{t}" for t in (
            "", "/Nom", "/Commune", "/Coordonnees", "/Coordonnees/DetailCoordonnees",
            "/Coordonnees/DetailCoordonnees/Latitude", "/Coordonnees/DetailCoordonnees/Longitude",
            "/Coordonnees/DetailCoordonnees/Altitude", "/Environnements",
            "/Environnements/DetailEnvironnement", "/Environnements/DetailEnvironnement/Nom",
            "/Environnements/DetailEnvironnement/Distance",
            "/Environnements/DetailEnvironnement/Commune",
            "/Environnements/DetailEnvironnement/ObservationDetailEnvironnement", "/Acces",
            "/Acces/DetailAcces", "/Acces/DetailAcces/Nom", "/Acces/DetailAcces/Distance")),
    "Periodes", "Periodes/DetailPeriode", "Periodes/DetailPeriode/Dates",
    "Periodes/DetailPeriode/Dates/DetailDates",
    "Periodes/DetailPeriode/Dates/DetailDates/DateDebut",
    "Periodes/DetailPeriode/Dates/DetailDates/DateFin",
    "Periodes/DetailPeriode/ObservationDetailPeriode",
    *(f"Periodes/DetailPeriode/Dates/DetailDates/{t}" for t in (
        "Jours", "Jours/DetailJours", "Jours/DetailJours/Jour", "Horaires", "Horaires/Horaire",
        "Horaires/Horaire/HoraireDebut", "Horaires/Horaire/HoraireFin")),
    "Langues", "Langues/Usage", "Langues/Usage/Langue",
    "Tarifs", "Tarifs/DetailTarifs", "Tarifs/DetailTarifs/Dates",
    "Tarifs/DetailTarifs/Dates/DetailDates", "Tarifs/DetailTarifs/Dates/DetailDates/DateDebut",
    "Tarifs/DetailTarifs/Dates/DetailDates/DateFin",
    "Tarifs/DetailTarifs/DetailTarif", *(f"Tarifs/DetailTarifs/DetailTarif/{t}" for t in (
        "Nom", "TarifMin", "TarifMax", "TarifStandard", "TarifMode", "MontantPourcent",
        "DescriptionTarif")),
    "Tarifs/ModesPaiement", "Tarifs/ModesPaiement/ModePaiement",
    "Tarifs/ModesPaiement/ObservationModePaiement",
    "Capacites", "Capacites/CapacitesGlobales", "Capacites/CapacitesGlobales/Capacite",
    "OffresPrestations", "OffresPrestations/DetailOffrePrestation",
    "OffresPrestations/DetailOffrePrestation/DetailPrestation",
    "OffresPrestations/DetailOffrePrestation/DetailPrestation/Prestation",
    "OffresPrestations/DetailOffrePrestation/DetailPrestation/Nom",
    "DescriptionsComplementaires", "DescriptionsComplementaires/DetailDescriptionComplementaire",
    "DescriptionsComplementaires/DetailDescriptionComplementaire/Description",
    "PrestationsLiees", "PrestationsLiees/DetailPrestationLiee",
}  # fmt: skip
#: Known elements with no canonical field: kept whole in extra, not reported.
KEPT = {
    "DublinCore/creator", "DublinCore/contributor", "DublinCore/created", "Update",
    "Clienteles", "InformationsLegales", "Capacites/CapacitesUnites",
    "Capacites/CapacitesGlobales/Superficie",
    "Multimedia/DetailMultimedia/TailleRessource", "Tarifs/DetailTarifs/DetailTarif/TarifRef",
}  # fmt: skip
#: Details of the services: the whole block is kept in extra (`prestations`), in context.
DETAILS = {f"OffresPrestations/DetailOffrePrestation/DetailPrestation/{t}" for t in (
    "NbPrest", "Inclus", "Payant", "Commune", "Distance", "DescriptionPrestation",
    "DureePrest")}  # fmt: skip
#: Complementary descriptions by their label: where their text goes.
DESCRIPTIONS = [(("acces", "itineraire"), "access"), (("tarif",), "pricing"),
                (("ouverture", "horaire"), "opening")]  # fmt: skip


def map_record(element: Element, report: RecordReport) -> tuple[TourismDocument, list[Entry]]:
    """The document of one object, and the vocabulary entries it names."""
    core = child(element, "DublinCore")
    if core is None:
        raise MappingError("DublinCore", _("the object has no DublinCore block"))
    name = _texts(children(core, "title"))
    if not name:
        raise MappingError("DublinCore/title", _("the object has no name"))
    extra: dict[str, Any] = {}
    entries: list[Entry] = []
    _leftovers(element, extra, report)
    doc_type = _type(core, report)
    location = _location(element, report)
    contacts, people = blocks.contacts(child(element, "Contacts"))
    if people:
        extra["personnes"] = people
    found = blocks.periods(child(element, "Periodes"))
    event = None
    if root_of(doc_type) == "event":
        event = EventDates(occurrences=blocks.occurrences(found))
    prices, payments, payment_note = blocks.prices(child(element, "Tarifs"), report)
    for payment in path_find(element, "Tarifs/ModesPaiement/ModePaiement"):
        if payment.get("type"):
            labels = {"fr": text(payment)} if text(payment) else {}
            code = source_code("tif", payment.get("type", ""))
            entries.append(Entry(Scheme.PAYMENT, code, labels))
    services, service_entries = blocks.services(child(element, "OffresPrestations"))
    ranks, rank_entries, ranks_kept = blocks.classements(child(element, "Classements"))
    themes, theme_entries = _environments(element)
    entries += service_entries + rank_entries + theme_entries
    if ranks_kept:
        extra["classements"] = ranks_kept
    described = _descriptions(element)
    if described.get("access"):
        location.access = {**described["access"], **location.access}
    opening = Opening(periods=blocks.opening_periods(found), summary=described.get("opening", {}))
    pricing = Pricing(prices=prices, payment_methods=payments, summary=described.get("pricing", {}))
    if payment_note:
        pricing.summary = {
            "fr": "\n".join(x for x in (pricing.summary.get("fr"), payment_note) if x)
        }
    classification = child(core, "Classification")
    extra["categorie"] = [
        {"code": c.get("code", ""), "libelle": text(c)}
        for c in [classification, *children(core, "ControlledVocabulary")]
        if c is not None
    ]
    doc = TourismDocument(
        type=doc_type,
        source=SourceRef(
            system=SYSTEM,
            id=child_text(core, "identifier"),
            updated_at=moment(child_text(core, "modified")),
            publisher=child_text(core, "publisher"),
        ),
        name=name,
        short_description=_texts(children(core, "subject")),
        description=_texts(children(core, "description")),
        practical_info=described.get("practical", {}),
        location=location,
        contacts=contacts,
        opening=opening,
        event=event,
        pricing=pricing,
        capacity=blocks.capacity(child(element, "Capacites")),
        classifications=ranks.get("classifications", []),
        labels=ranks.get("labels", []),
        amenities=services.get("amenities", []),
        accessibility=services.get("accessibility", []),
        themes=themes,
        languages=_languages(element),
        media=blocks.media(child(element, "Multimedia"), report),
        links=_links(element),
        extra={SYSTEM: extra},
    )
    return doc, entries


def _texts(elements: list[Element]) -> dict[str, str]:
    """One text per language; several of one language are joined by blank lines."""
    out: dict[str, str] = {}
    for element in elements:
        value = plain(text(element))
        if value:
            lang = lang_of(element)
            out[lang] = f"{out[lang]}\n\n{value}" if lang in out else value
    return out


def _type(core: Element, report: RecordReport) -> str:
    """The main category picks the type; a sub-category refines it, never contradicts it."""
    classification = child(core, "Classification")
    main = text(classification) if classification is not None else ""
    doc_type = type_from_labels([main])
    subs = [text(c) for c in children(core, "ControlledVocabulary")]
    if doc_type is None:
        doc_type = type_from_labels(subs)
        if doc_type is None:
            message = _("category %(label)r not recognised; place") % {"label": main}
            report.warn("DublinCore/Classification", message)
            return "place"
        return doc_type
    return type_from_labels(subs, within=doc_type) or doc_type


def _location(element: Element, report: RecordReport) -> Location:
    address = blocks.main_address(child(element, "Contacts"))
    lines: list[str] = []
    postal = country = ""
    commune = None
    if address is not None:
        lines = [child_text(address, f"Adr{n}") for n in range(1, 5)]
        lines = [line for line in lines if line]
        postal = child_text(address, "CodePostal")
        pays = child(address, "Pays")
        country = pays.get("code", "").strip().upper() if pays is not None else ""
        if country and not re.match(r"^[A-Z]{2}$", country):
            message = _("%(code)r is not an ISO country code; FR kept")
            report.warn("Pays", message % {"code": country[:20]})
            country = ""
        commune = _commune(child(address, "Commune"), report)
    points = path_find(element, "Geolocalisations/DetailGeolocalisation/Zone/Points/DetailPoint")
    point = points[0] if points else None
    latitude = longitude = altitude = None
    place_name: dict[str, str] = {}
    access: list[str] = []
    if point is not None:
        coords = path_find(point, "Coordonnees/DetailCoordonnees")
        if coords:
            latitude, longitude = coordinates(
                child_text(coords[0], "Latitude"), child_text(coords[0], "Longitude"), report,
                ("Geolocalisations/.../Latitude", "Geolocalisations/.../Longitude"),
            )  # fmt: skip
            altitude = number(child_text(coords[0], "Altitude"))
        if commune is None:
            commune = _commune(child(point, "Commune"), report)
        if child_text(point, "Nom"):
            place_name = {lang_of(child(point, "Nom")): child_text(point, "Nom")}
        for way in path_find(point, "Acces/DetailAcces"):
            distance = child(way, "Distance")
            far = f" ({text(distance)} {distance.get('libelle', '')})".rstrip() if text(
                distance) else ""  # fmt: skip
            far = far.replace(" )", ")")
            access.append(f"{way.get('libelle', '')} : {child_text(way, 'Nom')}{far}".strip(" :"))
    return Location(
        address_lines=lines,
        postal_code=postal,
        commune=commune,
        country=country or "FR",
        latitude=latitude,
        longitude=longitude,
        altitude=altitude,
        place_name=place_name,
        access={"fr": "\n".join(access)} if access else {},
    )


def _commune(element: Element | None, report: RecordReport) -> CommuneRef | None:
    if element is None:
        return None
    code = element.get("code", "").strip()
    if not code:
        return None
    if not INSEE.match(code):
        report.warn("Commune", _("%(code)r is not an INSEE code; dropped") % {"code": code})
        return None
    return CommuneRef(insee=code, name=text(element))


def _environments(element: Element) -> tuple[list[str], list[Entry]]:
    codes: list[str] = []
    entries: list[Entry] = []
    path = "Geolocalisations/DetailGeolocalisation/Zone/Points/DetailPoint/Environnements"
    for env in path_find(element, f"{path}/DetailEnvironnement"):
        if env.get("type"):
            code = source_code("tif", env.get("type", ""))
            add_unique(codes, code)
            label = env.get("libelle", "")
            entries.append(Entry(Scheme.THEME, code, {"fr": label} if label else {}))
    return codes, entries


def _languages(element: Element) -> list[str]:
    out: list[str] = []
    for language in path_find(element, "Langues/Usage/Langue"):
        code = lang_of(language, "") or language_code(text(language)) or ""
        add_unique(out, code)
    return out


def _descriptions(element: Element) -> dict[str, dict[str, str]]:
    """Complementary descriptions: access, prices or opening by their label, the rest practical
    information headed by its label."""
    out: dict[str, dict[str, str]] = {}
    path = "DescriptionsComplementaires/DetailDescriptionComplementaire"
    for detail in path_find(element, path):
        label = detail.get("libelle", "")
        target = first_match(label, DESCRIPTIONS) or "practical"
        for description in children(detail, "Description"):
            value = plain(text(description))
            if not value:
                continue
            lang = lang_of(description, lang_of(detail))
            if target == "practical" and label:
                value = f"{label} : {value}"
            texts = out.setdefault(target, {})
            texts[lang] = f"{texts[lang]}\n\n{value}" if lang in texts else value
    return out


def _links(element: Element) -> list[Link]:
    out = []
    for index, related in enumerate(path_find(element, "PrestationsLiees/DetailPrestationLiee")):
        identifier = related.get("identifier", "").strip()
        if identifier:
            out.append(
                Link(
                    kind="related",
                    target=f"{SYSTEM}:{identifier}",
                    order=index,
                    label={lang_of(related): text(related)} if text(related) else {},
                )
            )
    return out


def _leftovers(element: Element, extra: dict[str, Any], report: RecordReport) -> None:
    """Keep the known blocks with no canonical field; report and keep the unknown elements."""
    unmapped: dict[str, list[Any]] = {}

    def walk(node: Element, prefix: str) -> None:
        for sub in node:
            name = local(sub.tag)
            if not name:
                continue
            path = f"{prefix}{name}"
            if path in KEPT:
                extra.setdefault(path.replace("/", "."), []).append(to_data(sub))
            elif path in READ:
                walk(sub, f"{path}/")
            elif path in DETAILS:
                continue
            else:
                if path not in unmapped:
                    report.unknown(f"OI/{path}")
                unmapped.setdefault(path, []).append(to_data(sub))

    walk(element, "")
    services = child(element, "OffresPrestations")
    if services is not None and any(path_find(services, "DetailOffrePrestation/DetailPrestation")):
        extra["prestations"] = to_data(services)
    if unmapped:
        extra["unmapped"] = unmapped
