"""`opensit export jsonl [--output FILE]`: write the canonical documents."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from opensit.catalog.models import TourismObject
from opensit.connectors.jsonl import export_documents


class Command(BaseCommand):
    help = _("Export the catalog's canonical documents.")

    def add_arguments(self, parser):
        parser.add_argument("format", choices=["jsonl"], help=_("Output format"))
        parser.add_argument("--output", "-o", help=_("File to write (default: standard output)"))
        parser.add_argument(
            "--all", action="store_true", help=_("Include unpublished and deleted objects")
        )

    def handle(self, *args, format, output, all, **options):
        objects = TourismObject.objects.order_by("id").only("document")
        if not all:
            objects = objects.filter(status=TourismObject.Status.PUBLISHED)
        if output:
            with open(output, "wb") as out:
                count = export_documents(objects.iterator(chunk_size=2000), out)
            self.stderr.write(_("%(n)d objects written to %(file)s") % {"n": count, "file": output})
        else:
            export_documents(objects.iterator(chunk_size=2000), sys.stdout.buffer)
