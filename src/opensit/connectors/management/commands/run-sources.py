"""`opensit run-sources`: run configured sources now, by name, or those due (a cron line until
the task queue schedules them: `*/5 * * * * opensit run-sources --due`)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.connectors import sources
from opensit.connectors.models import Source, SourceRun


class Command(BaseCommand):
    help = _("Run configured sources (Apidae, DATAtourisme, OpenSIT): by name, or those due.")

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help=_("Names of the sources to run"))
        parser.add_argument("--due", action="store_true", help=_("Run the sources that are due"))

    def handle(self, *args, names, due, **options):
        if not names and not due:
            raise CommandError(_("Name sources to run, or use --due."))
        chosen = list(sources.due_sources(timezone.now())) if due else []
        for name in names:
            source = Source.objects.filter(name=name).select_related("owner").first()
            if source is None:
                raise CommandError(_("Unknown source %(name)r.") % {"name": name})
            chosen.append(source)
        failed = 0
        for source in chosen:
            run = sources.run_source(source)
            report = run.import_run
            counts = (
                _("%(c)d created, %(u)d updated, %(s)d unchanged, %(d)d deleted, %(f)d failed")
                % {
                    "c": report.created,
                    "u": report.updated,
                    "s": report.unchanged,
                    "d": report.deleted,
                    "f": report.failed,
                }
                if report
                else run.error
            )
            self.stdout.write(f"{source.name}: {run.get_status_display()} (#{run.pk}) {counts}")
            failed += run.status != SourceRun.Status.SUCCESS
        if failed:
            raise CommandError(_("%(n)d run(s) did not succeed.") % {"n": failed}, returncode=1)
