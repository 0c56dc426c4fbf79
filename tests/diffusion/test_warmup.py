"""A worker warms up before it takes traffic (`opensit serve`'s post_worker_init; that the
hook runs in a real server: tests/demo/test_serve.py)."""

import logging

import pytest

from opensit.diffusion import warmup
from opensit.search import textindex

pytestmark = pytest.mark.django_db


def test_warm_up_opens_the_text_index_and_runs_the_api_path(castle, caplog):
    textindex._indexes.clear()  # a fresh worker: no index open yet
    with caplog.at_level(logging.WARNING):
        seconds = warmup.warm_up()
    assert seconds > 0
    assert textindex._indexes  # the index is open and follows the log
    # The refusals of the keyless warm-up requests are expected: no log line says otherwise.
    assert not [r for r in caplog.records if r.name in ("django.request", warmup.__name__)]


def test_warm_up_of_an_empty_catalog_never_fails():
    assert warmup.warm_up() >= 0
