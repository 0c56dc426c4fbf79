"""What a test does when something outside the project is missing: the real samples of
../shared/data, or Chromium. Outside CI it skips with a clear message (a fresh clone need not
have them); under CI it fails with the same message, because there a missing sample or browser
is a broken setup that would otherwise hide dozens of tests behind an "s"."""

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """CI as the Makefile and .ci/run understand it: the variable is set and not empty."""
    return bool(os.environ.get("CI"))


def unavailable(message: str) -> NoReturn:
    """Skip outside CI, fail under CI; `message` says what is missing and how to get it."""
    if in_ci():
        pytest.fail(f"{message} [CI is set: required, not skipped]", pytrace=False)
    pytest.skip(message)
