"""The two demo destination sites over the demo catalog (`opensit sites demo`, run by
`make run`): the departmental board's regional site on `regional.localhost` and the tourist
office's weekend-getaway brand site on `escapade.localhost`, each in French and English.

Made once: a later run finds them and writes nothing. Their pages are written in the demo's
voice, not generated; their selections are stored queries, so they follow the catalog."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from opensit.catalog.models import TourismObject
from opensit.demo.territory import BOARD, OFFICE, demo_actor
from opensit.diffusion import services as diffusion
from opensit.diffusion.models import DiffusionProject, Selection
from opensit.network.models import Organisation
from opensit.sites.models import (
    AgendaPage,
    ArticlePage,
    ContactFormField,
    ContactPage,
    Destination,
    HomePage,
    ItineraryPage,
    ListingPage,
    MapPage,
    SearchPage,
)

REGIONAL_HOST = "regional.localhost"
ESCAPADE_HOST = "escapade.localhost"


@dataclass(frozen=True)
class DemoSite:
    hostname: str
    name: str
    created: bool


def _locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


def _selection(actor: Any, slug: str, name: str, query: dict[str, Any]) -> Selection:
    found = Selection.objects.filter(slug=slug).first()
    return found or diffusion.create_selection(actor, slug, name, query=query)


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def _translate(page: Page, locale: Locale, **fields: Any) -> Page:
    """The page's translation in `locale`, its translatable fields given in that language."""
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    return _publish(copy)


def _home(locales: dict[str, Locale], fr: dict[str, Any], en: dict[str, Any]) -> HomePage:
    home = HomePage(locale=locales["fr"], **fr)
    # Wagtail's migrations make the tree's root; a database emptied since (a flush) lacks it.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locales["fr"])
    )
    root.add_child(instance=home)
    _publish(home)
    if "en" in locales:
        _translate(home, locales["en"], **en)
    return home


def _child(
    home: HomePage, page: Page, en: dict[str, Any], *, fields: list[dict[str, Any]] = ()
) -> Page:
    """A page of the site's menu under its French home, and its English translation (under
    the English home) with the fields of `en`."""
    page.show_in_menus = True
    home.add_child(instance=page)
    for n, field in enumerate(fields):
        ContactFormField.objects.create(page=page, sort_order=n, **field)
    _publish(page)
    locale = Locale.objects.filter(language_code="en").first()
    if locale is not None:
        _translate(page, locale, **en)
    return page


CONTACT_FIELDS = [
    {"label": "Nom", "field_type": "singleline", "required": True},
    {"label": "Adresse e-mail", "field_type": "email", "required": True},
    {"label": "Message", "field_type": "multiline", "required": True},
]


def _objects(selection: str, title: str, count: int = 6) -> tuple[str, dict[str, Any]]:
    return ("objects", {"title": title, "selection": selection, "count": count})


def _site(home: HomePage, hostname: str, name: str, port: int) -> Site:
    return Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name)


def regional_site(port: int) -> DemoSite:
    name = "Touraine Val de Loire"
    if Site.objects.filter(hostname=REGIONAL_HOST).exists():
        return DemoSite(REGIONAL_HOST, name, False)
    board = Organisation.objects.get(slug=BOARD)
    actor = demo_actor("admin", board)
    _selection(actor, "demo-chateaux", "Châteaux et patrimoine", {"types": ["cultural_site"]})
    _selection(actor, "demo-nature", "Nature et balades", {"types": ["natural_site", "itinerary"]})
    locales = _locales()
    home = _home(
        locales,
        {
            "title": name,
            "slug": "touraine",
            "hero_title": "La Touraine, au fil de la Loire",
            "hero_text": "Châteaux, vignes et villages troglodytes : tout ce que la Touraine "
            "propose, tenu à jour par ses offices de tourisme.",
            "search_description": "Châteaux de la Loire, vignobles, balades et événements en "
            "Touraine : où dormir, où manger, que voir et que faire.",
            "featured": [
                _objects("demo-chateaux", "Châteaux et patrimoine"),
                _objects("demo-nature", "Nature et balades"),
            ],
        },
        {
            "title": name,
            "slug": "touraine-en",
            "hero_title": "Touraine, along the Loire",
            "hero_text": "Castles, vineyards and cave villages: everything Touraine offers, "
            "kept up to date by its tourist offices.",
            "search_description": "Loire castles, vineyards, walks and events in Touraine: "
            "where to stay, where to eat, what to see and do.",
            "featured": [
                _objects("demo-chateaux", "Castles and heritage"),
                _objects("demo-nature", "Nature and walks"),
            ],
        },
    )
    listings = [
        ("ou-dormir", "Où dormir", "Where to stay", "accommodation"),
        ("ou-manger", "Où manger", "Where to eat", "food,tasting"),
        ("que-voir", "Que voir", "What to see", "cultural_site,natural_site"),
        ("que-faire", "Que faire", "What to do", "activity,leisure,itinerary"),
    ]
    for slug, fr, en, types in listings:
        _child(
            home,
            ListingPage(title=fr, slug=slug, fixed_types=types),
            {"title": en, "slug": f"{slug}-en"},
        )
    _child(
        home,
        AgendaPage(
            title="Agenda",
            slug="agenda",
            intro="<p>Fêtes, marchés, concerts et visites : ce qui se passe en Touraine.</p>",
        ),
        {
            "title": "What's on",
            "slug": "whats-on",
            "intro": "<p>Festivals, markets, concerts and tours: what is on in Touraine.</p>",
        },
    )
    _child(
        home,
        MapPage(title="Carte", slug="carte"),
        {"title": "Map", "slug": "map"},
    )
    trail = (
        TourismObject.objects.filter(type="walking_tour", status=TourismObject.Status.PUBLISHED)
        .order_by("name")
        .first()
    )
    if trail is not None:
        _child(
            home,
            ItineraryPage(
                title="Randonnée du mois",
                slug="randonnee-du-mois",
                object_id=trail.id,
                intro="<p>Chaque mois, une balade choisie par les offices de tourisme.</p>",
            ),
            {
                "title": "Walk of the month",
                "slug": "walk-of-the-month",
                "intro": "<p>Every month, a walk chosen by the tourist offices.</p>",
            },
        )
    _child(
        home,
        SearchPage(title="Rechercher", slug="rechercher"),
        {"title": "Search", "slug": "search"},
    )
    Destination.objects.create(
        site=_site(home, REGIONAL_HOST, name, port),
        organisation=board,
        primary_colour="#0b5563",
        accent_colour="#9c3a0a",
        canonical_priority=10,
    )
    return DemoSite(REGIONAL_HOST, name, True)


def escapade_site(port: int) -> DemoSite:
    name = "Escapades à Amboise"
    if Site.objects.filter(hostname=ESCAPADE_HOST).exists():
        return DemoSite(ESCAPADE_HOST, name, False)
    office = Organisation.objects.get(slug=OFFICE)
    actor = demo_actor("office-admin", office)
    stays = _selection(
        actor, "escapade-sejourner", "Week-end : où dormir", {"types": ["accommodation"]}
    )
    tables = _selection(
        actor, "escapade-deguster", "Week-end : tables et caves", {"types": ["food", "tasting"]}
    )
    outings = _selection(
        actor,
        "escapade-sortir",
        "Week-end : sorties",
        {"types": ["event", "activity", "cultural_site", "itinerary"]},
    )
    project = DiffusionProject.objects.filter(name=name, organisation=office).first()
    if project is None:
        project = diffusion.create_project(
            actor, name, url=f"http://{ESCAPADE_HOST}:{port}/", selections=[stays, tables, outings]
        )
        diffusion.validate_project(
            demo_actor("admin", Organisation.objects.get(slug=BOARD)), project
        )
    locales = _locales()
    home = _home(
        locales,
        {
            "title": name,
            "slug": "escapades",
            "hero_title": "Un week-end à Amboise",
            "hero_text": "Deux jours entre Loire et vignes : une chambre, une table, "
            "un château et ce qui se passe ce week-end.",
            "search_description": "Un week-end à Amboise : hébergements, restaurants, caves, "
            "châteaux et sorties du moment.",
            "featured": [
                _objects("escapade-sejourner", "Où dormir"),
                _objects("escapade-deguster", "Tables et caves"),
            ],
        },
        {
            "title": "Amboise getaways",
            "slug": "escapades-en",
            "hero_title": "A weekend in Amboise",
            "hero_text": "Two days between the Loire and the vines: a room, a table, "
            "a castle and what is on this weekend.",
            "search_description": "A weekend in Amboise: places to stay, restaurants, "
            "cellars, castles and what is on.",
            "featured": [
                _objects("escapade-sejourner", "Where to stay"),
                _objects("escapade-deguster", "Restaurants and cellars"),
            ],
        },
    )
    for slug, fr, en, selection in [
        ("dormir", "Dormir", "Stay", stays),
        ("deguster", "Déguster", "Eat and drink", tables),
        ("sortir", "Sortir", "Go out", outings),
    ]:
        _child(
            home,
            ListingPage(title=fr, slug=slug, selection=selection),
            {"title": en, "slug": f"{slug}-en"},
        )
    _child(
        home,
        AgendaPage(title="Ce week-end", slug="ce-week-end"),
        {"title": "This weekend", "slug": "this-weekend"},
    )
    _child(
        home,
        ArticlePage(
            title="48 heures à Amboise",
            slug="48-heures-a-amboise",
            lead="Un château royal, une cave dans le tuffeau et une table au bord de la Loire.",
            body=[
                (
                    "paragraph",
                    "<p>Arrivez le vendredi soir : Amboise se visite à pied, et la "
                    "Loire à vélo passe au pied du château.</p>",
                ),
                (
                    "objects",
                    {
                        "title": "Où poser ses valises",
                        "selection": "escapade-sejourner",
                        "count": 3,
                    },
                ),
                (
                    "quote",
                    {
                        "text": "Le plus beau point de vue sur la Loire est sur la terrasse "
                        "du château.",
                        "source": "Office de tourisme d'Amboise",
                    },
                ),
                ("map", {"title": "Tables et caves", "selection": "escapade-deguster"}),
            ],
        ),
        {
            "title": "48 hours in Amboise",
            "slug": "48-hours-in-amboise",
            "lead": "A royal castle, a cellar in the tufa stone and a table by the Loire.",
            "body": [
                (
                    "paragraph",
                    "<p>Arrive on Friday evening: Amboise is a town to walk, and "
                    "the Loire by bike path runs below the castle.</p>",
                ),
                (
                    "objects",
                    {"title": "Where to stay", "selection": "escapade-sejourner", "count": 3},
                ),
                (
                    "quote",
                    {
                        "text": "The finest view of the Loire is from the castle's terrace.",
                        "source": "Amboise tourist office",
                    },
                ),
                ("map", {"title": "Restaurants and cellars", "selection": "escapade-deguster"}),
            ],
        },
    )
    _child(home, MapPage(title="Carte", slug="carte"), {"title": "Map", "slug": "map"})
    _child(
        home,
        SearchPage(title="Rechercher", slug="rechercher"),
        {"title": "Search", "slug": "search"},
    )
    _child(
        home,
        ContactPage(
            title="Nous écrire",
            slug="contact",
            intro="<p>Une question sur votre séjour ? L'office de tourisme vous répond.</p>",
            thank_you_text="<p>Merci, nous vous répondons sous deux jours ouvrés.</p>",
            to_address=office.email,
            from_address="escapades@demo.opensit.org",
            subject="Message du site Escapades à Amboise",
        ),
        {
            "title": "Write to us",
            "slug": "contact-en",
            "intro": "<p>A question about your stay? The tourist office answers.</p>",
            "thank_you_text": "<p>Thank you, we answer within two working days.</p>",
        },
        fields=CONTACT_FIELDS,
    )
    Destination.objects.create(
        site=_site(home, ESCAPADE_HOST, name, port),
        organisation=office,
        project=project,
        primary_colour="#6b2a5e",
        accent_colour="#8a4b00",
        canonical_priority=0,
    )
    return DemoSite(ESCAPADE_HOST, name, True)


@transaction.atomic
def build_demo_sites(port: int = 8000) -> list[DemoSite]:
    """Both demo sites (the demo catalog must be loaded: `opensit demo`)."""
    return [regional_site(port), escapade_site(port)]
