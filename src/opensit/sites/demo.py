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

from opensit.demo.territory import BOARD, OFFICE, demo_actor
from opensit.diffusion import services as diffusion
from opensit.diffusion.models import DiffusionProject, Selection
from opensit.network.models import Organisation
from opensit.sites.models import Destination, HomePage

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
    Page.get_first_root_node().add_child(instance=home)
    _publish(home)
    if "en" in locales:
        _translate(home, locales["en"], **en)
    return home


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
