"""`opensit export`: the catalog in the diffusion formats, or the full backup.

- `opensit export --format F [--selection S] [--project P] [--lang L] [--output FILE]`:
  published objects in one of the formats of `opensit.formats` (jsonld, geojson, csv, ical, gpx,
  jsonl), private data left out, streamed in constant memory; `--csv-dialect excel-fr` for a
  spreadsheet in French. The summary says what the file holds (tracks, events, rows...).
- `opensit export nightly --output-dir DIR`: one gzip dump per format with an ETag sidecar and
  an index.json (docs/formats.md).

An object that cannot be rendered is skipped, logged with its id and counted in the summary;
a nightly format that fails keeps its previous dump, and the command then exits non-zero.
- `opensit export jsonl [--all] [--output FILE]`: the full canonical documents, the backup that
  `opensit import jsonl` reads back.
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from opensit.catalog.models import TourismObject
from opensit.connectors.jsonl import export_documents
from opensit.diffusion.nightly import nightly, scope_ids
from opensit.formats.csv_format import DIALECTS
from opensit.formats.export import ExportError, write_export
from opensit.formats.registry import RENDERERS, UnknownFormat
from opensit.formats.summary import dump_summary, export_summary


class Command(BaseCommand):
    help = _("Export the catalog: diffusion formats, nightly dumps or the full JSON Lines backup.")

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            nargs="?",
            choices=["jsonl", "nightly"],
            help=_("jsonl: full backup of the canonical documents; nightly: the nightly dumps"),
        )
        parser.add_argument(
            "--format", "-f", dest="fmt", help=_("Output format: %s") % ", ".join(RENDERERS)
        )
        parser.add_argument("--selection", help=_("Only the objects of this selection (slug)"))
        parser.add_argument("--project", help=_("Only what this diffusion project may read"))
        parser.add_argument("--lang", help=_("Language of the flat formats (default: fr)"))
        parser.add_argument("--output", "-o", help=_("File to write (default: standard output)"))
        parser.add_argument(
            "--csv-dialect",
            choices=list(DIALECTS),
            help=_("csv: excel-fr for a spreadsheet in French (';', UTF-8 BOM, decimal comma)"),
        )
        parser.add_argument(
            "--output-dir",
            help=_("Directory of the nightly dumps (default: the OPENSIT_DUMP_DIR setting)"),
        )
        parser.add_argument(
            "--all", action="store_true", help=_("jsonl backup: include unpublished and deleted")
        )

    def handle(self, *args, action, fmt, selection, project, lang, output, output_dir, **options):
        if action == "jsonl" and not fmt:
            return self._backup(output, options["all"])
        if action == "nightly":
            return self._nightly(output_dir, lang)
        if not fmt:
            raise CommandError(
                _("Give --format (%s), or jsonl, or nightly.") % ", ".join(RENDERERS)
            )
        csv_dialect = options.get("csv_dialect")
        try:
            ids = scope_ids(selection, project)
            if output:
                with open(output, "wb") as out:
                    result = write_export(fmt, out, lang=lang, ids=ids, dialect=csv_dialect)
            else:
                result = write_export(
                    fmt, sys.stdout.buffer, lang=lang, ids=ids, dialect=csv_dialect
                )
                sys.stdout.buffer.flush()
        except (UnknownFormat, ExportError) as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": output, "error": exc}
            ) from None
        self.stderr.write(export_summary(result))
        if result.skipped:
            self.stderr.write(self._skipped_line(fmt, result.skipped, result.skipped_ids))

    @staticmethod
    def _skipped_line(fmt: str, count: int, ids: list[str]) -> str:
        shown = ", ".join(ids[:10]) + (", ..." if count > 10 else "")
        return _(
            "%(format)s: %(n)d objects could not be rendered and were skipped (see the log): "
            "%(ids)s"
        ) % {"format": fmt, "n": count, "ids": shown}

    def _backup(self, output: str | None, everything: bool) -> None:
        objects = TourismObject.objects.order_by("id").only("document")
        if not everything:
            objects = objects.filter(status=TourismObject.Status.PUBLISHED)
        if output:
            with open(output, "wb") as out:
                count = export_documents(objects.iterator(chunk_size=2000), out)
            self.stderr.write(_("%(n)d objects written to %(file)s") % {"n": count, "file": output})
        else:
            export_documents(objects.iterator(chunk_size=2000), sys.stdout.buffer)

    def _nightly(self, output_dir: str | None, lang: str | None) -> None:
        output_dir = output_dir or str(settings.OPENSIT_DUMP_DIR)
        try:
            index = nightly(Path(output_dir), lang=lang)
        except OSError as exc:
            raise CommandError(
                _("Cannot write the dumps in %(dir)s: %(error)s")
                % {"dir": output_dir, "error": exc}
            ) from None
        for entry in index["files"]:
            self.stderr.write(dump_summary(entry))
        reports = [("", index["report"])]
        reports += [(f"projects/{pk}/", r) for pk, r in index["report"].get("projects", {}).items()]
        failed = []
        for folder, report in reports:
            for fmt, count in report["skipped"].items():
                ids = report["skipped_ids"][fmt]
                self.stderr.write(self._skipped_line(folder + fmt, count, ids))
            failed += [folder + fmt for fmt in report["failed"]]
        if failed:
            raise CommandError(
                _("These dumps failed, their previous version is kept (see the log): %(formats)s")
                % {"formats": ", ".join(failed)}
            )
