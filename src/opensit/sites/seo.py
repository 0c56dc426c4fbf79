"""What a detail page tells search engines and link previews: its title, meta description,
OpenGraph and Twitter tags, and its schema.org JSON-LD (`formats.schemaorg`, from the same
public form as the page). Editorial pages get the same tags from their Wagtail fields
(`page_seo`, used by `includes/page_seo.html`)."""

from dataclasses import dataclass, field
from typing import Any

import orjson
from django.utils.safestring import SafeString, mark_safe

from opensit.formats.schemaorg import meta_description, schema_node
from opensit.sites.canonical import root_url
from opensit.sites.detail import Detail

#: OpenGraph locales (language_TERRITORY) of the platform's languages.
OG_LOCALES = {
    "fr": "fr_FR",
    "en": "en_GB",
    "de": "de_DE",
    "it": "it_IT",
    "es": "es_ES",
    "nl": "nl_NL",
}
#: Characters that could end or disturb a <script> block, written as JSON escapes: a text
#: holding "</script>" or "<!--" stays data.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
#: Attributes of a page model that may hold its sharing image, in order.
PAGE_IMAGE_FIELDS = ("social_image", "hero_image", "image", "cover_image")
#: The rendition shared as og:image: the 1.91:1 size link previews show.
PAGE_IMAGE_SPEC = "fill-1200x630"


@dataclass
class Seo:
    title: str
    description: str
    url: str
    og_type: str = "website"
    locale: str = ""
    alternate_locales: list[str] = field(default_factory=list)
    image: dict[str, Any] | None = None  # url, width, height, alt
    json_ld: SafeString | None = None

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


def og_locale(lang: str) -> str:
    return OG_LOCALES.get(lang, f"{lang}_{lang.upper()}")


def script_json(node: dict[str, Any]) -> SafeString:
    """JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` escaped, so
    no text of the object can close the block."""
    text = orjson.dumps(node).decode().translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # escaped above: safe inside a script block


def object_seo(detail: Detail, form: dict[str, Any], url: str) -> Seo:
    """The tags of an object's page in `detail.lang`: `url` is its canonical URL."""
    lang = detail.lang
    image = None
    if detail.images:
        main = detail.images[0]
        image = {
            "url": main["url"],
            "width": main.get("width"),
            "height": main.get("height"),
            "alt": main.get("title") or detail.name,
        }
    commune = (detail.location.get("commune") or {}).get("name") or ""
    return Seo(
        title=f"{detail.name}, {commune}"
        if commune and commune not in detail.name
        else detail.name,
        description=meta_description(form, lang),
        url=url,
        locale=og_locale(lang),
        alternate_locales=[og_locale(code) for code in detail.paths if code != lang],
        image=image,
        json_ld=script_json(schema_node(form, lang, url)),
    )


def _page_image(page: Any, base: str) -> dict[str, Any] | None:
    for name in PAGE_IMAGE_FIELDS:
        image = getattr(page, name, None)
        if image is not None and hasattr(image, "get_rendition"):
            rendition = image.get_rendition(PAGE_IMAGE_SPEC)
            return {
                "url": base + rendition.url if rendition.url.startswith("/") else rendition.url,
                "width": rendition.width,
                "height": rendition.height,
                "alt": getattr(image, "title", ""),
            }
    return None


def page_seo(page: Any, request: Any, lang: str, languages: list[str]) -> Seo:
    """The tags of an editorial page: its search description, its own URL as canonical, the
    first image of PAGE_IMAGE_FIELDS it has, the locales of its live translations."""
    others = []
    if hasattr(page, "get_translations"):
        codes = page.get_translations().live().values_list("locale__language_code", flat=True)
        others = [og_locale(code) for code in codes if code in languages and code != lang]
    home = request.destination.site.root_page
    return Seo(
        title=page.seo_title or page.title,
        description=page.search_description or "",
        url=page.get_full_url(request=request),
        og_type="website" if page.translation_key == home.translation_key else "article",
        locale=og_locale(lang),
        alternate_locales=sorted(others),
        image=_page_image(page, root_url(request.destination)),
    )
