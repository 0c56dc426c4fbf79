"""A destination's sitemaps and robots.txt, for search engines to find every page.

`/sitemap.xml` is an index of, per language of the site, `/sitemap-pages-<lang>.xml` (the
editorial pages, each with its translations) and `/sitemap-objects-<lang>-<n>.xml` (the
detail pages of the published objects of the site's scope, by id, `urls_per_sitemap` at
most per file). Every address lists its other languages (`xhtml:link` hreflang, and
x-default for the site's first language), and its last change.

At 200,000 objects nothing is loaded as ORM objects: the index reads the published ids and
their update times from the search index's entries (`values_list`), a file reads the names
of its own objects only, in chunks, from the document's name map (a JSON key read by the
database), and the XML is streamed as it is written (docs/sites.md gives the times
measured).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from wagtail.models import Locale, Page

from opensit.catalog.models import TourismObject
from opensit.core.langtext import pick
from opensit.search.indexer import EPOCH
from opensit.search.models import SearchEntry
from opensit.sites.canonical import language_prefix, object_slug, root_url
from opensit.sites.cards import scope_ids
from opensit.sites.detail import FALLBACKS
from opensit.sites.models import Destination

URLS_PER_SITEMAP = 50_000
"""The sitemaps.org limit of addresses per file (tests lower it to check the split)."""
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
"""The sitemaps.org limit of an uncompressed file."""
LINK_BYTES = 250
"""An upper bound of one address line (`<loc>` or `xhtml:link`) with an 80-character slug."""
ID_CHUNK = 2_000
"""Objects whose names are read in one query."""
#: Paths search engines need not crawl: the language switch, site search results, and
#: listings filtered by several facets or paginated (every object is in the sitemaps).
ROBOTS_DISALLOW = ("/i18n/", "/*?q=", "/*&q=", "/*?*page=", "/*?*&")

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
INDEX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)


@dataclass
class Entry:
    """One address of a sitemap: its URL, last change and every language version's URL."""

    location: str
    lastmod: datetime | None
    alternates: dict[str, str]


def languages(destination: Destination) -> list[str]:
    return list(destination.languages or [code for code, _ in settings.LANGUAGES])


def urls_per_sitemap(destination: Destination) -> int:
    """Addresses per file: URLS_PER_SITEMAP, fewer when the alternates of many languages would
    make a file heavier than MAX_SITEMAP_BYTES."""
    lines = len(languages(destination)) + 2  # loc, one link per language, x-default
    return max(1, min(URLS_PER_SITEMAP, MAX_SITEMAP_BYTES // (LINK_BYTES * lines)))


def _w3c(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def object_rows(destination: Destination) -> list[tuple[str, int]]:
    """(id, last change in microseconds since 1970) of the published objects of the
    destination's scope, by id. Read from the search index's entries (one per published
    object, written in the same transaction as the object, with its update time): narrow
    rows, where the catalog's rows carry the whole document before their update time."""
    scope = scope_ids(destination)
    rows = SearchEntry.objects.order_by("object_id").values_list("object_id", "updated_us")
    if scope is None:
        return list(rows.iterator(10_000))
    return [row for row in rows.iterator(10_000) if row[0] in scope]


def object_pages(destination: Destination) -> list[datetime | None]:
    """The last change of each object file (one per `urls_per_sitemap` objects)."""
    rows = object_rows(destination)
    size = urls_per_sitemap(destination)
    return [
        EPOCH + timedelta(microseconds=max(micros for _, micros in rows[start : start + size]))
        for start in range(0, len(rows), size)
    ]


def _chunks(ids: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def object_entries(destination: Destination, lang: str, number: int) -> Iterator[Entry] | None:
    """The entries of object file `number` (from 1) in `lang`, or None past the last file."""
    rows = object_rows(destination)
    size = urls_per_sitemap(destination)
    if number < 1 or (number - 1) * size >= max(len(rows), 1):
        return None
    ids = [object_id for object_id, _ in rows[(number - 1) * size : number * size]]
    return _entries(ids, destination, lang)


def _entries(ids: list[str], destination: Destination, lang: str) -> Iterator[Entry]:
    base = root_url(destination)
    codes = languages(destination)
    for chunk in _chunks(ids, ID_CHUNK):
        rows = (
            TourismObject.objects.filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "document__name", "updated_at")
        )
        for object_id, names, updated in rows:
            names = names if isinstance(names, dict) else {}
            slugs: dict[str, str] = {}  # a name several languages share is slugged once
            alternates = {}
            for code in codes:
                name = pick(names, code, FALLBACKS)
                if name not in slugs:
                    slugs[name] = object_slug(name)
                # `canonical.object_path`, its slug made once per name
                alternates[code] = f"{base}{language_prefix(code)}/{slugs[name]}-{object_id}/"
            yield Entry(alternates[lang], updated, alternates)


def page_entries(destination: Destination, lang: str, request: Any) -> list[Entry]:
    """The live public pages of the site in `lang`, each with its live translations."""
    home = destination.site.root_page
    codes = languages(destination)
    locales = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    roots = Page.objects.filter(translation_key=home.translation_key, live=True)
    pages: list[Any] = []
    for root in roots:
        if locales.get(root.locale_id) in codes:
            pages.extend(
                Page.objects.descendant_of(root, inclusive=True).live().public().specific()
            )
    versions: dict[Any, dict[str, str]] = {}
    entries: list[tuple[Any, Entry]] = []
    for page in pages:
        code = locales.get(page.locale_id)
        for item in page.get_sitemap_urls(request):
            versions.setdefault(page.translation_key, {})[code] = item["location"]
            if code == lang:
                entry = Entry(item["location"], item.get("lastmod"), {})
                entries.append((page.translation_key, entry))
    for key, entry in entries:
        entry.alternates = {code: versions[key][code] for code in codes if code in versions[key]}
    return [entry for _, entry in entries]


def _attribute(value: str) -> str:
    return xml_escape(value, {'"': "&quot;"})


def _alternate(code: str, url: str) -> str:
    return f'<xhtml:link rel="alternate" hreflang="{code}" href="{_attribute(url)}"/>'


def urlset(entries: Iterable[Entry], default_language: str) -> Iterator[str]:
    """A `<urlset>`, written as it goes (a few hundred entries per chunk)."""
    yield HEAD
    lines: list[str] = []
    for entry in entries:
        lines.append(f"<url><loc>{xml_escape(entry.location)}</loc>")
        if entry.lastmod is not None:
            lines.append(f"<lastmod>{_w3c(entry.lastmod)}</lastmod>")
        if len(entry.alternates) > 1:
            lines.extend(_alternate(code, url) for code, url in entry.alternates.items())
            if default_language in entry.alternates:
                lines.append(_alternate("x-default", entry.alternates[default_language]))
        lines.append("</url>\n")
        if len(lines) >= 2_000:
            yield "".join(lines)
            lines = []
    lines.append("</urlset>\n")
    yield "".join(lines)


def sitemap_index(destination: Destination) -> str:
    """The index: per language, the pages' file then the objects' files."""
    base = root_url(destination)
    pages = object_pages(destination)
    out = [INDEX_HEAD]
    for code in languages(destination):
        out.append(f"<sitemap><loc>{xml_escape(base)}/sitemap-pages-{code}.xml</loc></sitemap>\n")
        for number, lastmod in enumerate(pages, start=1):
            out.append(
                f"<sitemap><loc>{xml_escape(base)}/sitemap-objects-{code}-{number}.xml</loc>"
            )
            if lastmod is not None:
                out.append(f"<lastmod>{_w3c(lastmod)}</lastmod>")
            out.append("</sitemap>\n")
    out.append("</sitemapindex>\n")
    return "".join(out)


def robots_txt(destination: Destination) -> str:
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {root_url(destination)}/sitemap.xml", ""]
    return "\n".join(lines)
