"""Template tags of the destination sites: the language versions of a page, the site's menu."""

from typing import Any

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, get_language_info

from opensit.sites import cache as page_cache
from opensit.sites.canonical import root_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context: dict[str, Any]) -> list[dict[str, Any]]:
    """Each language version of the page shown: a detail page's (`detail.paths`) or an
    editorial page's translations, as absolute URLs (hreflang needs them), current marked."""
    request = context["request"]
    destination = request.destination
    base = root_url(destination)
    current = context.get("LANGUAGE_CODE")
    detail = context.get("detail")
    if detail is not None:
        paths = detail.paths
    else:
        page = context.get("page") or context.get("self")
        paths = {}
        if page is not None and hasattr(page, "get_translations"):
            for version in page.get_translations(inclusive=True).live().select_related("locale"):
                code = version.locale.language_code
                if code in destination.languages:
                    paths[code] = version.get_full_url(request=request)
    versions = []
    for code in destination.languages:
        if code not in paths:
            continue
        url = paths[code]
        if url.startswith("/"):
            url = base + url
        info = get_language_info(code)
        versions.append(
            {
                "code": code,
                "url": url,
                "name": info["name_local"].capitalize(),
                "current": code == current,
            }
        )
    return versions


@register.simple_tag(takes_context=True)
def site_menu(context: dict[str, Any]) -> dict[str, Any]:
    """The home page's address and its children shown in menus, in the page's language, as
    {"home": url, "items": [{"pk", "title", "url"}]}: every page shows them, so they are kept
    in the cache until a menu page or the home is published or withdrawn (`cache.site_key`)."""
    request = context["request"]
    destination = request.destination
    key = page_cache.site_key(destination.pk, f"menu:{get_language()}")
    menu = cache.get(key)
    if menu is None:
        home = destination.site.root_page.localized.specific
        menu = {
            "home": home.get_url(request),
            "items": [
                {"pk": child.pk, "title": child.title, "url": child.get_url(request)}
                for child in home.get_children().live().in_menu()
            ],
        }
        cache.set(key, menu, page_cache.PAGE_SECONDS)
    return menu


@register.filter
def default_language(code: str) -> bool:
    return code == settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def page_seo(context: dict[str, Any]) -> Any:
    """The search and sharing tags of the editorial page shown (`sites.seo.page_seo`), or
    None on a page that is not a Wagtail page."""
    from opensit.sites.seo import page_seo as build

    page = context.get("page") or context.get("self")
    if page is None or not hasattr(page, "get_full_url"):
        return None
    request = context["request"]
    return build(page, request, context.get("LANGUAGE_CODE") or "", request.destination.languages)
