"""`opensit worker`: run the background jobs (django-tasks-db's queue) and enqueue the periodic
ones when due (`OPENSIT_SCHEDULE`). Any number of workers may run, on any server: each job
runs once, each periodic run is enqueued once. SIGTERM or SIGINT stops it after the running
job; `--burst` runs what is due and exits (tests, cron)."""

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from opensit.jobs import schedule
from opensit.jobs.worker import JobWorker


def _positive(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = _(
        "Run the background jobs (webhooks, nightly dumps, reminders, imports...) and enqueue"
        " the periodic ones when they are due. Stops cleanly on SIGTERM or Ctrl-C."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--burst",
            action="store_true",
            help=_("Run the jobs that are due, then exit (tests, cron)."),
        )
        parser.add_argument(
            "--max-jobs",
            type=int,
            default=None,
            help=_("Exit after this many jobs (a worker restarted by its supervisor)."),
        )
        parser.add_argument(
            "--interval",
            type=_positive,
            default=1.0,
            help=_("Seconds between two looks at an empty queue (default 1)."),
        )
        parser.add_argument(
            "--queue",
            default="*",
            help=_("Queues to run, comma-separated (default: all)."),
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help=_("Do not enqueue the periodic jobs (cron does it, or another worker)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entries = schedule.entries()  # a bad schedule stops the worker at once, named
        except Exception as exc:
            raise CommandError(str(exc)) from exc
        if options["max_jobs"] is not None and options["max_jobs"] < 1:
            raise CommandError(_("--max-jobs: a number of jobs, 1 or more."))
        if options["verbosity"] >= 1:
            handler = logging.StreamHandler(self.stdout)
            for name in ("opensit.jobs", "django_tasks", "django_tasks_db"):
                logging.getLogger(name).addHandler(handler)
                logging.getLogger(name).propagate = False
                logging.getLogger(name).setLevel(
                    logging.DEBUG if options["verbosity"] > 1 else logging.INFO
                )
        worker = JobWorker(
            interval=options["interval"],
            burst=options["burst"],
            max_tasks=options["max_jobs"],
            schedule=not options["no_schedule"],
            queue_names=[name.strip() for name in options["queue"].split(",") if name.strip()],
        )
        if options["verbosity"] >= 1:
            self.stdout.write(
                _("Worker %(id)s started; periodic jobs: %(jobs)s.")
                % {
                    "id": worker.worker_id,
                    "jobs": ", ".join(f"{e.name} ({e.spec})" for e in entries)
                    if not options["no_schedule"] and entries
                    else "-",
                }
            )
            self.stdout.flush()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            worker.reset_signals()
        if options["verbosity"] >= 1:
            self.stdout.write(_("Worker stopped: %(count)d jobs run.") % {"count": worker.ran})
