"""Where an object's page is: its path on a site (`/<slug>-<id>/`, `/en/<slug>-<id>/`), and
the one canonical URL among the sites that show it.

The slug is made from the object's current name in the page's language, so a renamed object
answers its old address with a 301 to the new one (`sites.views.object_detail`). The rule for
the canonical site: the owner's own site when it shows the object, else the site of highest
`canonical_priority` (then the oldest), so that search engines index one page per object."""

from django.conf import settings
from django.utils.text import slugify

from opensit.diffusion.selections import project_scope
from opensit.sites import hosts
from opensit.sites.models.destination import Destination

SLUG_LENGTH = 80


def object_slug(name: str) -> str:
    return slugify(name or "")[:SLUG_LENGTH].strip("-") or "objet"


def language_prefix(lang: str) -> str:
    """`/en` for English, nothing for the platform's first language (served unprefixed)."""
    return "" if lang == settings.LANGUAGE_CODE else f"/{lang}"


def object_path(object_id: str, name: str, lang: str) -> str:
    return f"{language_prefix(lang)}/{object_slug(name)}-{object_id}/"


def root_url(destination: Destination) -> str:
    """`http://host[:port]` of the destination's Wagtail site."""
    return destination.site.root_url


def shows(destination: Destination, object_id: str) -> bool:
    """Whether the destination's scope (its project's selections) holds the object."""
    if destination.project_id is None:
        return True
    scope = project_scope(destination.project)
    return scope is None or object_id in scope


def canonical_destination(object_id: str, owner_slug: str) -> Destination | None:
    """The site whose page of the object is canonical, or None when no site shows it."""
    ranked = [d for d in hosts.destinations() if shows(d, object_id)]
    for destination in ranked:
        if destination.organisation.slug == owner_slug:
            return destination
    return ranked[0] if ranked else None


def canonical_url(object_id: str, name: str, owner_slug: str, lang: str) -> str | None:
    """The absolute URL of the object's canonical page in `lang`, or None (no site shows it,
    or the canonical site is not in that language)."""
    destination = canonical_destination(object_id, owner_slug)
    if destination is None:
        return None
    if lang not in destination.languages:
        lang = destination.languages[0] if destination.languages else settings.LANGUAGE_CODE
    return root_url(destination) + object_path(object_id, name, lang)
