"""Test data as rich as real data.

The shared test objects used to be a name and a location, so an edit path that dropped a
private contact, an English price label or the second opening time range passed every test.
`rich_document` builds a canonical document with every part filled the way imports and
tourist offices fill them: texts in French, English and German, aspects, an address with access
and (for trails) a geometry, a private contact, labelled opening periods with several time
ranges and closures, event dates for events, prices in two currencies with labels and periods,
media with titles, credits, licences and end dates, ordered links, booking notes, capacity,
vocabulary codes of the demo seed (`load_vocabulary`), private notes and unknown source keys.
`imported_document` adds a source reference; `create_rich` writes either through the real
services (an import actor for imported ones, so that their fields are import-owned).

Every document is a plain dict that round-trips: `TourismDocument.model_validate(doc).to_json()
== doc` (tests/test_factories.py). Defaults are left out for that reason (EUR, role "main").
"""

import copy
from typing import Any

from django.utils.text import slugify

from opensit.catalog.types import datatourisme_classes, root_of

Document = dict[str, Any]

TOURS = {"insee": "37261", "name": "Tours"}
BLOIS = {"insee": "41018", "name": "Blois"}
AMBOISE = {"insee": "37003", "name": "Amboise"}
#: Where the objects stand when the caller does not say (the commune's centre).
POINTS: dict[str, tuple[float, float]] = {
    "37261": (47.3936, 0.6892),
    "41018": (47.5861, 1.3359),
    "37003": (47.4133, 0.9826),
}

#: Values that only the owner's staff may see: a test that renders a public output can assert
#: that none of them appears.
PRIVATE_PHONE = "+33 6 12 34 56 78"
PRIVATE_EMAIL = "direction.privee@exemple.fr"
PRIVATE_NOTE = "Code du portail : 4471B"
PROVIDER_NOTE = "Le propriétaire préfère être joint par courriel"
SECRETS = (PRIVATE_PHONE, PRIVATE_EMAIL, PRIVATE_NOTE, PROVIDER_NOTE)

#: The vocabulary codes the rich documents use, all in the demo seed (`load_vocabulary`).
VOCABULARY: dict[str, list[str]] = {
    "classifications": ["ScaleRating_4etoiles"],
    "labels": ["LabelRating_QualiteTourisme", "LabelRating_AccueilVelo"],
    "amenities": ["Wifi", "CarPark", "Elevator", "BikeGarage"],
    "themes": ["Downtown", "Renaissance"],
    "accessibility": ["WheelchairAccessible", "HearingLoop"],
}
PAYMENT_METHODS = ["BlueCard", "Cash", "HolidayVouchers"]
LANGUAGES = ["fr", "en", "de"]


def text(fr: str, en: str, de: str | None = None) -> dict[str, str]:
    """A text in French and English, and German when given (the third language)."""
    return {"fr": fr, "en": en} | ({"de": de} if de else {})


def texts(name: str) -> Document:
    return {
        "short_description": text(
            f"{name} : au cœur de la Touraine.",
            f"{name}: in the heart of Touraine.",
            f"{name}: im Herzen der Touraine.",
        ),
        "description": text(
            f"{name} accueille les visiteurs toute l'année.\nAccès par la rue Nationale.",
            f"{name} welcomes visitors all year round.\nAccess from rue Nationale.",
            f"{name} empfängt Besucher das ganze Jahr.\nZugang über die Rue Nationale.",
        ),
        "practical_info": text(
            "Parking gratuit à 200 m. Dernière entrée une heure avant la fermeture.",
            "Free car park 200 m away. Last entry one hour before closing.",
        ),
        "aspects": {
            "groups": {
                "short_description": text("Groupes sur réservation", "Groups by appointment"),
                "description": text(
                    "Jusqu'à 50 personnes, visite guidée comprise.",
                    "Up to 50 people, guided tour included.",
                ),
            },
            "accessibility": {
                "short_description": text("Rez-de-chaussée accessible", "Accessible ground floor"),
            },
        },
    }  # fmt: skip


def location(
    commune: dict[str, str], point: tuple[float, float] | None, trail: bool = False
) -> Document:
    lat, lon = point or POINTS.get(commune["insee"], (47.39, 0.69))
    place: Document = {
        "address_lines": ["Hôtel de Ville", "3 rue Nationale"],
        "postal_code": commune["insee"][:2] + "000",
        "commune": dict(commune),
        "latitude": lat,
        "longitude": lon,
        "altitude": 52.0,
        "place_name": text("Centre historique", "Old town"),
        "access": text(
            "Bus ligne 2, arrêt Nationale ; gare à 10 minutes à pied.",
            "Bus line 2, Nationale stop; station 10 minutes' walk.",
        ),
    }
    if trail:
        place["geometry"] = {
            "type": "LineString",
            "coordinates": [
                [lon, lat, 52.0],
                [round(lon + 0.004, 6), round(lat + 0.002, 6), 60.5],
                [round(lon + 0.008, 6), round(lat - 0.001, 6), 48.0],
            ],
        }
    return place


def contacts(slug: str) -> list[Document]:
    """Public contacts, one for booking, and a private one (`public: False`) with a label."""
    return [
        {"kind": "phone", "value": "+33 2 47 70 37 37", "label": "Accueil"},
        {"kind": "email", "value": f"contact@{slug}.exemple.fr"},
        {"kind": "website", "value": f"https://www.{slug}.exemple.fr/"},
        {"kind": "phone", "value": "+33 2 47 70 37 38", "role": "booking", "label": "Réservations"},
        {"kind": "mobile", "value": PRIVATE_PHONE, "role": "management", "label": "Direction",
         "public": False},
        {"kind": "email", "value": PRIVATE_EMAIL, "role": "management", "public": False},
    ]  # fmt: skip


def opening() -> Document:
    """Two seasons with two time ranges each and labels in two languages, an annual closing
    period, and dated closures."""
    return {
        "periods": [
            {
                "start": "2026-04-01",
                "end": "2026-09-30",
                "weekdays": ["tue", "wed", "thu", "fri", "sat", "sun"],
                "times": [
                    {"opens": "09:30:00", "closes": "12:30:00"},
                    {"opens": "14:00:00", "closes": "18:30:00"},
                ],
                "label": text("Haute saison", "High season"),
            },
            {
                "start": "2026-10-01",
                "end": "2027-03-31",
                "weekdays": ["wed", "sat", "sun"],
                "times": [
                    {"opens": "10:00:00", "closes": "12:00:00"},
                    {"opens": "14:00:00", "closes": "17:00:00"},
                ],
                "label": text("Basse saison", "Low season", "Nebensaison"),
            },
            {
                "start": "2026-12-24",
                "end": "2027-01-02",
                "recurs_yearly": True,
                "closed": True,
                "label": text("Fermeture de fin d'année", "Closed over the holidays"),
            },
        ],
        "closures": [
            {"date": "2026-05-01", "reason": text("Fête du Travail", "Labour Day")},
            {"date": "2026-11-11"},
        ],
        "summary": text("Ouvert toute l'année sauf le lundi", "Open all year, closed Mondays"),
    }  # fmt: skip


def event() -> Document:
    """Dated occurrences (one over several days, one with times) and a weekly recurrence."""
    return {
        "occurrences": [
            {"start_date": "2026-07-10", "end_date": "2026-07-12"},
            {"start_date": "2026-08-01", "end_date": "2026-08-02", "start_time": "14:00:00",
             "end_time": "23:00:00"},
        ],
        "recurrences": [
            {"start_date": "2026-06-06", "rrule": "FREQ=WEEKLY;BYDAY=SA;UNTIL=20260627",
             "start_time": "10:00:00", "end_time": "12:00:00", "exdates": ["2026-06-13"]},
        ],
    }  # fmt: skip


def pricing() -> Document:
    """Dated prices with units and labels in two languages, one in another currency, a free
    row, payment methods and a summary."""
    return {
        "prices": [
            {"label": text("Plein tarif", "Full price", "Normalpreis"), "min": 12.5, "max": 18.0,
             "unit": "per person", "period_start": "2026-04-01", "period_end": "2026-09-30"},
            {"label": text("Tarif réduit", "Reduced price"), "min": 8.0, "unit": "per person",
             "period_start": "2026-10-01", "period_end": "2027-03-31"},
            {"label": text("Groupes britanniques", "British groups"), "min": 150.0,
             "currency": "GBP", "unit": "per group"},
            {"label": text("Moins de 7 ans", "Under 7"), "free": True},
        ],
        "payment_methods": list(PAYMENT_METHODS),
        "summary": text("Gratuit pour les moins de 7 ans", "Free for children under 7"),
    }  # fmt: skip


def capacity(type_code: str) -> Document:
    if root_of(type_code) == "accommodation":
        return {"rooms": 42, "beds": 80, "persons": 96}
    return {"persons": 250, "seats": 120}


def media(slug: str) -> list[Document]:
    """An open main image, a brochure, a video; with titles and descriptions in two languages,
    credits, licences, sizes, and a publication end in the future."""
    return [
        {"kind": "image", "url": f"https://img.exemple.fr/{slug}/facade.jpg",
         "title": text("La façade", "The front", "Die Fassade"),
         "description": text("Vue depuis la place", "Seen from the square"),
         "credit": "Léonard de Serres", "licence": "cc-by-4.0", "mime_type": "image/jpeg",
         "main": True, "width": 2400, "height": 1600, "publication_end": "2030-12-31"},
        {"kind": "document", "url": f"https://docs.exemple.fr/{slug}/brochure.pdf",
         "title": text("Brochure", "Leaflet"), "description": text("Plan, tarifs", "Map, prices"),
         "credit": "OT Tours", "licence": "etalab-2.0", "mime_type": "application/pdf"},
        {"kind": "video", "url": f"https://video.exemple.fr/{slug}/visite.mp4",
         "title": text("Visite en vidéo", "Video tour"), "credit": "Studio Loire",
         "licence": "cc-by-sa-4.0"},
    ]  # fmt: skip


def links() -> list[Document]:
    """Ordered links with labels, to source references not yet resolved."""
    return [
        {"kind": "related", "target": "apidae:4471", "order": 1,
         "label": text("Jardin voisin", "Nearby garden")},
        {"kind": "restaurant", "target": "apidae:5120", "order": 2,
         "label": text("Restaurant partenaire", "Partner restaurant")},
    ]  # fmt: skip


def booking(slug: str) -> Document:
    return {
        "url": f"https://reservation.exemple.fr/{slug}",
        "email": f"resa@{slug}.exemple.fr",
        "phone": "+33 2 47 70 37 38",
        "organisation": "Centrale de réservation de Touraine",
        "notes": text("Réservation conseillée en juillet et août", "Booking advised in summer"),
    }


def private() -> Document:
    return {"notes": PRIVATE_NOTE, "provider_notes": PROVIDER_NOTE, "criteria": ["vip", "press"]}


def extra() -> Document:
    """Source keys with no canonical field yet: kept as they came, never diffused."""
    return {
        "apidae": {
            "informationsPrestataireActivites": {"dureeSeance": 90},
            "gestion": {"membreProprietaire": {"nom": "OT Val de Loire", "type": {"id": 1}}},
        },
        "chaine": "Logis Hôtels",
    }


def rich_document(
    type_code: str = "hotel",
    name: str = "Hôtel de l'Univers",
    *,
    commune: dict[str, str] | None = None,
    point: tuple[float, float] | None = None,
    slug: str | None = None,
    **overrides: Any,
) -> Document:
    """A canonical document with every part filled; `overrides` replace top-level fields."""
    commune = commune or TOURS
    slug = slug or slugify(name)[:40]  # ASCII: it makes host names and addresses
    root = root_of(type_code)
    document: Document = {
        "type": type_code,
        "name": text(name, f"{name} (en)", f"{name} (de)"),
        **texts(name),
        "location": location(commune, point, trail=root == "itinerary"),
        "contacts": contacts(slug),
        "opening": opening(),
        "pricing": pricing(),
        "capacity": capacity(type_code),
        **copy.deepcopy(VOCABULARY),
        "languages": list(LANGUAGES),
        "pets_allowed": True,
        "media": media(slug),
        "links": links(),
        "booking": booking(slug),
        "private": private(),
        "extra": extra(),
    }
    if root == "event":
        document["event"] = event()
    return {**document, **overrides}


def imported_document(
    type_code: str = "hotel",
    name: str = "Hôtel de l'Univers",
    *,
    system: str = "apidae",
    source_id: str = "526457",
    **kwargs: Any,
) -> Document:
    """A rich document as an import brings it: a source reference and the source's classes."""
    return rich_document(
        type_code,
        name,
        source={
            "system": system,
            "id": source_id,
            "url": f"https://base.{system}-tourisme.com/objet/{source_id}",
            "updated_at": "2025-11-03T08:15:00Z",
            "publisher": "Office de tourisme Tours Val de Loire",
        },
        classes=datatourisme_classes(type_code),
        **kwargs,
    )


def load_vocabulary() -> None:
    """The demo's vocabulary seed (labels in French and English), which holds every code the
    rich documents use. Needs the database."""
    from opensit.catalog.vocabularies import upsert_entries
    from opensit.demo.vocabulary import demo_entries

    upsert_entries(demo_entries())


def create_rich(
    owner: Any,
    document: Document | None = None,
    *,
    actor: Any = None,
    publish: bool = True,
) -> Any:
    """The object of `document` (default: a rich hotel) created through the real services for
    the `owner` organisation, published unless told otherwise. A document with a `source` is
    written by the import actor, so that its fields are import-owned (`source_fields`); other
    documents by `actor` (default: an admin of the owner, made on the fly)."""
    from opensit.catalog import services
    from opensit.network.permissions import Actor

    document = copy.deepcopy(document or rich_document())
    if document.get("source"):
        actor = Actor.importer(owner)
    elif actor is None:
        actor = member(owner, "admin")
    obj = services.create_object(actor, document, owner=owner)
    return services.publish(actor, obj) if publish else obj


def organisation(slug: str, kind: str = "tourist_office", **fields: Any) -> Any:
    """An organisation named after its slug ("ot-tours" -> "Ot-Tours")."""
    from opensit.network.models import Organisation

    return Organisation.objects.create(slug=slug, name=slug.title(), kind=kind, **fields)


def live_project(owner_admin: Any, validator: Any, name: str, **fields: Any) -> Any:
    """A diffusion project created by an admin of its organisation and validated by a network
    admin, through the services, as the back office does."""
    from opensit.diffusion import services as diffusion

    return diffusion.validate_project(
        validator, diffusion.create_project(owner_admin, name, **fields)
    )


def member(
    organisation: Any, role: str, username: str | None = None, email: str | None = None
) -> Any:
    """The `Actor` of a user with `role` in `organisation` (made once; password "x"; an email
    address `<username>@exemple.fr` unless `email` says otherwise, "" for none)."""
    from django.contrib.auth import get_user_model

    from opensit.network.models import Membership
    from opensit.network.permissions import Actor

    name = username or f"{role}-{organisation.slug}"
    users = get_user_model().objects
    user = users.filter(username=name).first() or users.create_user(
        name, email=f"{name}@exemple.fr" if email is None else email, password="x"
    )
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return Actor.for_user(user, organisation)
