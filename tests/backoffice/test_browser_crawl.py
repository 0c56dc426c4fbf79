"""A crawl of the back office on the demo: each demo role, in French and in English, opens every
page its menus lead to, the first object's editor, history and sharing pages, and the first
link of each list. No page or asset may answer 400 or more, break the Content-Security-Policy
or log an error; a French page may not show the English strings people reported.

One browser, one context per role and language, screenshots of the first page of each role
only: the whole crawl costs seconds, not minutes."""

import json
import re
import time
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from opensit.catalog import workflow
from opensit.catalog.models import TourismObject
from opensit.demo.territory import DEMO_PASSWORD, USERS
from opensit.network.permissions import Actor
from tests.browser import SCREENSHOTS, instrument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# English that must not reach a French page: strings people reported, and English Wagtail or
# OpenSIT strings our pages once showed. Matched in what the page says (`TEXTS`).
ENGLISH = [
    "How to get there",
    "Booking notes",
    "Diffusion rights granted by the producer",
    "All rights reserved",
    "Exdates",
    "Input should be",
    "Search all pages",
    ">update<",
    ">publish<",
    ">create<",
    "bed_and_breakfast",
    # Found by this crawl: the other licence names.
    "Diffusion terms of the source network",
    "No diffusion rights (producer's flag)",
    "version not stated",
    "Public domain",
]
# What a page says: each text (hidden tabs and options included) as ">text<", and the
# placeholders, titles and labels of its elements; not the codes in attributes (option values).
TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const tag = walker.currentNode.parentElement.tagName;
    if (text && tag !== "SCRIPT" && tag !== "STYLE") out.push(">" + text + "<");
  }
  for (const name of ["placeholder", "title", "aria-label", "alt"]) {
    for (const e of document.querySelectorAll(`[${name}]`)) {
      out.push(">" + e.getAttribute(name) + "<");
    }
  }
  return out.join("");
}"""
# Buttons whose label does not fit (Wagtail's buttons hide what overflows).
CLIPPED = """() => [...document.querySelectorAll(
    "#main .button, #main button, #main input[type=submit]")]
  .map(e => [(e.innerText || e.value || "").trim(), e.scrollWidth > e.clientWidth])
  .filter(([label, cut]) => label && cut).map(([label]) => label)"""
# Links a crawl must not follow: leaving the session, or leaving the back office.
SKIP = re.compile(r"/admin/logout/|/admin/login/")
SAME_FOR_EVERYONE = {"/admin/account/"}
# Rows of a list (its first link is visited): a table body, or the dashboard's cards.
FIRST_LINK = "main tbody a[href^='/admin/'], main .opensit-waiting a[href^='/admin/']"


def menu_urls(page) -> list[str]:
    """The addresses of the sidebar's menu and submenus: Wagtail renders the sidebar in
    JavaScript from this JSON blob, so it is read rather than clicked."""
    props = json.loads(page.locator("#wagtail-sidebar-props").text_content())
    urls: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            url = node.get("url")
            if isinstance(url, str) and url.startswith("/admin/") and url not in urls:
                urls.append(url)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return [url for url in urls if not SKIP.search(url)]


def first_link(page, selector: str) -> str | None:
    links = page.locator(selector)
    for index in range(links.count()):
        href = links.nth(index).get_attribute("href") or ""
        path = urlsplit(href).path
        if href.startswith("/admin/") and not SKIP.search(href) and path != urlsplit(page.url).path:
            return href
    return None


class Crawl:
    """One role in one language: the pages seen and what went wrong on them."""

    def __init__(self, browser, live_server, username: str, locale: str):
        self.base = live_server.url
        self.french = locale.startswith("fr")
        self.context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        instrument(self.page)
        self.seen: set[str] = set()
        self.problems: list[str] = []
        self.leaks: list[str] = []
        self.timings: list[tuple[float, str]] = []
        self.label = f"{username}/{locale}"
        self._login(username)

    def _login(self, username: str) -> None:
        page = self.page
        page.goto(f"{self.base}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        self.check("/admin/")

    def visit(self, url: str) -> bool:
        """Open `url` once and check it; False when it was seen already."""
        if url in self.seen:
            return False
        started = time.monotonic()
        response = self.page.goto(self.base + url)
        if response is not None and response.status >= 400:
            self.problems.append(f"{self.label} {url}: {response.status}")
        self.check(url)
        self.timings.append((time.monotonic() - started, url))
        return True

    def check(self, url: str) -> None:
        page = self.page
        self.seen.add(url)
        for name in ("failures", "violations", "errors"):
            found = getattr(page, name)
            self.problems += [f"{self.label} {url}: {item.splitlines()[0]}" for item in found]
            found.clear()
        if self.french:
            said = page.evaluate(TEXTS)
            leaks = [text for text in ENGLISH if text in said]
            if leaks:
                self.leaks.append(f"{self.label} {url}: {leaks}")
            clipped = page.evaluate(CLIPPED)
            if clipped:
                self.problems.append(f"{self.label} {url}: buttons cut off: {clipped}")

    def close(self) -> None:
        self.context.close()


def crawl(browser, live_server, username: str, locale: str, first: bool) -> Crawl:
    run = Crawl(browser, live_server, username, locale)
    page = run.page
    if locale.startswith("fr"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"crawl-{username}.png"), full_page=True)
    # Wagtail's account page is everyone's (and the slowest: ~600 time zones): seen once.
    menus = [url for url in menu_urls(page) if first or url not in SAME_FOR_EVERYONE]
    firsts = []
    for url in menus:
        if run.visit(url):
            firsts.append(first_link(page, FIRST_LINK))
        if urlsplit(url).path == "/admin/opensit/objects/":
            row = first_link(page, "[data-testid=objects] tbody a[href*='/objects/']")
            if row and run.visit(row):
                if run.french:
                    page.screenshot(path=str(SCREENSHOTS / f"crawl-{username}-editor.png"))
                # The editor's own links: history and sharing, where the role may see them.
                links = page.locator("[data-testid=history-link], [data-testid=sharing-link]")
                for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
                    run.visit(href)
    for link in firsts:
        if link:
            run.visit(link)
    run.close()
    return run


def a_pending_proposal() -> None:
    """The demo has none: the contributor proposes a change, for the review screen."""
    contributor = get_user_model().objects.get(username="contributor")
    actor = Actor.for_user(contributor, contributor.memberships.get().organisation)
    obj = TourismObject.objects.filter(owner=actor.organisation).order_by("name").first()
    document = {**obj.document, "short_description": {"fr": "Ouvert toute l'année."}}
    assert workflow.propose(actor, obj, document, "Horaires d'hiver")


def test_every_page_of_every_role_in_both_languages(browser, live_server):
    call_command("demo", "--base-url", live_server.url)
    a_pending_proposal()
    started = time.monotonic()
    problems: list[str] = []
    leaks: list[str] = []
    seen: set[str] = set()
    for index, (username, _org, _role, _superuser) in enumerate(USERS):
        for locale in ("fr-FR", "en-US"):
            run = crawl(browser, live_server, username, locale, first=index == 0)
            assert len(run.seen) > 2, f"{run.label} saw only {sorted(run.seen)}"
            problems += run.problems
            leaks += run.leaks
            seen |= {re.sub(r"(?<=/)([0-9a-f-]{36}|\d+)(?=/)", "<id>", url) for url in run.seen}
            slowest = sorted(run.timings, reverse=True)[:3]
            print(f"{run.label}: {len(run.seen)} pages; slowest {slowest}")
    elapsed = time.monotonic() - started
    print(f"crawled in {elapsed:.1f} s")
    screens = {
        "/admin/opensit/objects/<id>/",
        "/admin/opensit/objects/<id>/history/",
        "/admin/opensit/objects/<id>/sharing/",
        "/admin/opensit/proposals/<id>/",
        "/admin/quality/duplicates/<id>/<id>/",
    }
    assert screens <= seen, f"never reached: {screens - seen}"
    assert not problems and not leaks, "\n".join(
        ["Errors:", *problems, "English on French pages:", *leaks]
    )
