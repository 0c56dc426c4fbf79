"""Builders of destination sites for the sites' and widgets' tests (and their browser tests)."""

from typing import Any

from wagtail.models import Locale, Page, Site


def locales() -> dict[str, Locale]:
    """A Wagtail locale per platform language (the migrations make the first one)."""
    from django.conf import settings

    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


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
    root = Page.get_first_root_node()
    if root is None:  # a transactional test's flush removed the one the migrations made
        root = Page.add_root(title="Root", slug="root", locale=found["fr"])
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
