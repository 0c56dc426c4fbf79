"""Builders of destination sites for the sites' and widgets' tests (and their browser tests)."""

from typing import Any

from wagtail.models import Locale, Page, Site


def locales() -> dict[str, Locale]:
    """A Wagtail locale per platform language (the migrations make the first one)."""
    from django.conf import settings

    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


def page_root() -> Page:
    """Wagtail's root page: a transactional test's flush empties the tables the migrations
    filled, the tree's root too, so it is made again when missing."""
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locales()["fr"])
    )


def make_destination(
    organisation: Any,
    hostname: str,
    *,
    port: int = 80,
    project: Any = None,
    title: str = "Tours Val de Loire",
    **settings: Any,
) -> Any:
    """A site on `hostname` whose home page exists in French and English, owned by
    `organisation`, showing `project`'s scope (the whole catalog without one)."""
    from opensit.sites.models import Destination, HomePage

    found = locales()
    root = page_root()
    home = HomePage(
        title=title,
        slug=hostname.replace(".", "-"),
        hero_title=title,
        locale=found["fr"],
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    if "en" in found:
        english = home.copy_for_translation(found["en"])
        english.title = f"{title} (en)"
        english.hero_title = english.title
        english.save_revision().publish()
    site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=title)
    return Destination.objects.create(
        site=site, organisation=organisation, project=project, **settings
    )
