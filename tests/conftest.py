"""Shared fixtures: the real data samples, organisations and actors."""

import os
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import settings

from tests import factories
from tests.browser import browser, page  # noqa: F401  (the real-browser fixtures)
from tests.missing import unavailable

SHARED_DATA = Path(
    os.environ.get("OPENSIT_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)


# Speed is measured by the benchmarks (bench/), never asserted by a test: no Hypothesis deadline,
# whose timings fail on a loaded machine.
settings.register_profile("opensit", deadline=None)
settings.load_profile("opensit")


def pytest_configure(config: pytest.Config) -> None:
    """The suite runs on opensit.settings_test (fast hasher, no manifest, no tiles); an exported
    DJANGO_SETTINGS_MODULE would silently win over pyproject's, so refuse it clearly."""
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "opensit.settings_test")
    if module != "opensit.settings_test" and not config.getoption("ds", None):
        raise pytest.UsageError(
            f"DJANGO_SETTINGS_MODULE={module} is exported: the suite needs opensit.settings_test"
            " (unset it, or pass --ds explicitly)"
        )


#: The longest files, longest first (seconds on the 2-core CI machine, SQLite pass, measured with
#: `--durations`). `--dist loadfile` hands files to the workers in collection order: the longest
#: ones collected last left one worker running alone for minutes at the end of each pass.
LONGEST_FIRST = [
    "tests/backoffice/test_unchanged_save_real.py",  # 390 s
    "tests/diffusion/test_contract.py",  # 356 s (SQLite pass only)
    "tests/replicas/test_replicas.py",  # 100 s (PostgreSQL pass only; clusters of its own)
    "tests/sharedstate/test_two_servers.py",  # 60 s
    "tests/backoffice/test_unchanged_save.py",  # 175 s
    "tests/demo/test_serve.py",  # 100 s
    "tests/backoffice/test_browser_crawl.py",  # 95 s
    "tests/sites/test_browser_sites.py",  # 70 s (two browser journeys, two sites)
    "tests/sites/test_demo_sites.py",  # 65 s (the demo catalog and its sites, crawled)
    "tests/sites/test_demo_browser.py",  # 35 s
    "tests/formats/test_jsonld_roundtrip.py",  # 55 s
    "tests/formats/test_public_form.py",  # 25 s
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Longest files first (a stable sort: the order within a file and of the others stays)."""
    rank = {path: n for n, path in enumerate(LONGEST_FIRST)}
    root = config.rootpath
    items.sort(
        key=lambda item: (
            rank.get(item.path.relative_to(root).as_posix(), len(rank))
            if item.path.is_relative_to(root)
            else len(rank)
        )
    )


@pytest.fixture(autouse=True)
def _english_in_the_test_thread():
    """The platform speaks French first (LANGUAGE_CODE fr); tests assert the English source
    strings unless they switch language themselves (translation.override, Accept-Language).
    Requests are unaffected: LocaleMiddleware picks their language."""
    with translation.override("en"):
        yield


@pytest.fixture
def fresh_counters():
    """An empty cache (rate-limit windows, remembered keys) and usage buffer: counts of another
    test's projects must not flush into this test's usage."""
    from django.core.cache import cache

    from opensit.diffusion.usage import BUFFER

    cache.clear()
    BUFFER.take()
    yield
    BUFFER.take()


@pytest.fixture
def shared_data() -> Path:
    """The real samples of ../shared/data, read in place. Without them: skip with a clear
    message, or fail under CI (tests/missing.py)."""
    if not SHARED_DATA.is_dir():
        unavailable(f"real data samples not found at {SHARED_DATA} (clone ../shared beside)")
    return SHARED_DATA


@pytest.fixture
def dt_archive(shared_data: Path) -> Path:
    return shared_data / "datatourisme" / "centre-val-de-loire-2020"


@pytest.fixture
def org_factory(db):
    """`tests.factories.organisation`, with the database."""
    return factories.organisation


@pytest.fixture
def member_factory(db):
    """`tests.factories.member`, with the database."""
    return factories.member


@pytest.fixture
def office(org_factory):
    """The tourist office most tests act for (apps override it where they need another)."""
    return org_factory("ot-tours")


@pytest.fixture
def editor(office, member_factory):
    return member_factory(office, "editor")
