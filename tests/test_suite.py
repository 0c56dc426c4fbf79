"""The suite's own rules: what a missing sample or browser does, and the test settings."""

import pytest
from django.conf import settings

from tests.missing import unavailable


def test_missing_requirements_skip_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium at /x"):
        unavailable("no Chromium at /x (apt-get install chromium)")


def test_missing_requirements_fail_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"no Chromium at /x .*CI is set"):
        unavailable("no Chromium at /x (apt-get install chromium)")


def test_the_suite_runs_on_its_own_settings():
    """One fast hasher for every directory (it was copied into 9 conftests, missing in 3)."""
    assert settings.SETTINGS_MODULE == "opensit.settings_test"
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
