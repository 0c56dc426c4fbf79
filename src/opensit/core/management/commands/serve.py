"""`opensit serve`: the production server, gunicorn running `opensit.wsgi` with whitenoise
serving the collected static files."""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from gunicorn.app.base import BaseApplication

from opensit.core.checks import check_postgres
from opensit.core.serving import worker_exiting, worker_started


class OpenSITServer(BaseApplication):
    """Gunicorn embedded: no config file to find, the options come from the command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from django.db import connections

        from opensit.wsgi import application

        # Preloaded in the master, then forked: no connection may cross the fork (connections
        # are kept 60 s, and a SQLite one shared by two processes corrupts its locks).
        connections.close_all()
        return application


def warm_worker(worker: Any) -> None:
    """gunicorn's `post_worker_init` hook: a worker warms up before it accepts a connection."""
    worker_started.send(sender=Command, worker=worker, log=worker.log)


def worker_exit(arbiter: Any, worker: Any) -> None:
    """gunicorn's `worker_exit` hook, in the worker that stops gracefully (gunicorn also calls
    it in the master for a vanished worker: nothing of it is in the master's memory)."""
    if os.getpid() != worker.pid:
        return
    from django.db import connections

    try:
        for receiver, error in worker_exiting.send_robust(sender=Command, worker=worker):
            if isinstance(error, Exception):  # the worker is leaving anyway: say what is lost
                arbiter.log.error("%s failed at worker exit: %r", receiver.__qualname__, error)
    finally:
        connections.close_all()


# Gunicorn's logger with `api_key=` masked in the access log (docs/security.md).
ACCESS_LOGGER = "opensit.core.logmask.AccessLogger"


def default_workers() -> int:
    return int(os.environ.get("OPENSIT_WORKERS", 2 * (os.cpu_count() or 1) + 1))


class Command(BaseCommand):
    help = gettext_lazy("Serve OpenSIT with gunicorn (run `opensit collectstatic` first).")
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("OPENSIT_BIND", "127.0.0.1:8000"),
            help=gettext_lazy("Address to listen on, host:port (default 127.0.0.1:8000)."),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=gettext_lazy("Worker processes (default 2 × CPUs + 1)."),
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=30,
            help=gettext_lazy("Seconds before a silent worker is restarted."),
        )

    def handle(self, *args, **options) -> None:
        workers = options["workers"] or default_workers()
        if workers < 1:
            raise CommandError(_("--workers must be at least 1."))
        manifest = settings.STATIC_ROOT / "staticfiles.json"
        needs_manifest = "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]
        if needs_manifest and not manifest.exists():
            raise CommandError(
                _("Static files are not collected in %(dir)s: run `opensit collectstatic` first.")
                % {"dir": settings.STATIC_ROOT}
            )
        for warning in check_postgres():  # a server with Debian's defaults: say it at start
            self.stderr.write(self.style.WARNING(f"{warning.msg} {warning.hint}"))
        self.stdout.write(
            _("OpenSIT on http://%(bind)s/ with %(n)d workers (Ctrl+C stops it).")
            % {"bind": options["bind"], "n": workers}
        )
        if workers > 1 and not settings.CACHE_URL:
            self.stdout.write(
                _(
                    "OPENSIT_CACHE_URL is unset: each worker keeps its own rate-limit counts"
                    " (a project's limit is multiplied by the workers) and may accept a revoked"
                    " key for up to 30 s. Set OPENSIT_CACHE_URL=redis://... to share them"
                    " (docs/deployment.md)."
                )
            )
        self.stdout.flush()
        OpenSITServer(
            {
                "bind": options["bind"],
                "workers": workers,
                "timeout": options["timeout"],
                "accesslog": "-",
                "errorlog": "-",
                "logger_class": ACCESS_LOGGER,  # API keys masked in the access log
                "preload_app": True,
                "post_worker_init": warm_worker,
                "worker_exit": worker_exit,
            }
        ).run()
