"""The real-browser kit of the browser test modules: Debian's Chromium driven by Playwright
against the live server. The `browser` and `page` fixtures are made available to every test
by tests/conftest.py; tests that use them are marked `browser`. Where Chromium is absent they
skip with a message, or fail under CI (tests/missing.py). Screenshots land in
test-artifacts/screenshots/ (gitignored)."""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.missing import unavailable

CHROMIUM = Path(os.environ.get("OPENSIT_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")  # one Playwright at a time: each module starts its own
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself (fixtures, assertions) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def instrument(page) -> None:
    """Give `page` the lists the tests read: `violations` (the Content-Security-Policy
    violations Chromium reports on its console), `failures` (answers of 400 and above, page or
    asset), `errors` (other console errors and uncaught exceptions of the page's scripts) and
    `requested` (every address the page asked for)."""
    page.violations = []
    page.failures = []
    page.errors = []
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))

    def on_response(response) -> None:
        if response.status >= 400:
            page.failures.append(f"{response.status} {response.url}")

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            page.violations.append(f"{page.url}: {message.text}")
        elif message.type == "error":
            page.errors.append(f"{page.url}: console: {message.text}")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: page.errors.append(f"{page.url}: {error}"))


@pytest.fixture
def page(browser):
    """A French page, instrumented (`instrument`)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15000)
    instrument(page)
    yield page
    context.close()


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def login(page, live_server, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
