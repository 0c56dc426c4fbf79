"""A worker warms up before it takes traffic (`opensit serve`'s post_worker_init)."""

import logging

import pytest

from opensit.core import warmup
from opensit.core.management.commands.serve import warm_worker
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


def test_the_gunicorn_hook_logs_the_warm_up():
    class Log:
        lines: list[str] = []

        def info(self, message, *args):
            self.lines.append(message % args)

    class Worker:
        pid = 4242
        log = Log()

    warm_worker(Worker())
    assert Worker.log.lines and "worker 4242 warmed up in" in Worker.log.lines[0]
