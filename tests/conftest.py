"""Shared fixtures: the real data samples, organisations and actors."""

import os
from pathlib import Path

import pytest
from django.utils import translation

from tests.browser import browser, page  # noqa: F401  (the real-browser fixtures)
from tests.missing import unavailable

SHARED_DATA = Path(
    os.environ.get("OPENSIT_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)


def pytest_configure(config: pytest.Config) -> None:
    """The suite runs on opensit.settings_test (fast hasher, no manifest, no tiles); an exported
    DJANGO_SETTINGS_MODULE would silently win over pyproject's, so refuse it clearly."""
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "opensit.settings_test")
    if module != "opensit.settings_test" and not config.getoption("ds", None):
        raise pytest.UsageError(
            f"DJANGO_SETTINGS_MODULE={module} is exported: the suite needs opensit.settings_test"
            " (unset it, or pass --ds explicitly)"
        )


@pytest.fixture(autouse=True)
def _english_in_the_test_thread():
    """The platform speaks French first (LANGUAGE_CODE fr); tests assert the English source
    strings unless they switch language themselves (translation.override, Accept-Language).
    Requests are unaffected: LocaleMiddleware picks their language."""
    with translation.override("en"):
        yield


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
    from opensit.network.models import Organisation

    def make(slug: str, kind: str = "tourist_office", **kwargs) -> Organisation:
        return Organisation.objects.create(slug=slug, name=slug.title(), kind=kind, **kwargs)

    return make


@pytest.fixture
def member_factory(db, django_user_model):
    from opensit.network.models import Membership
    from opensit.network.permissions import Actor

    def make(organisation, role: str, username: str | None = None) -> Actor:
        user = django_user_model.objects.create_user(
            username or f"{role}-{organisation.slug}", password="x"
        )
        Membership.objects.create(user=user, organisation=organisation, role=role)
        return Actor.for_user(user, organisation)

    return make
