"""`opensit vocabulary seed-datatourisme PATH/ontology.owl`: register the DATAtourisme thesaurus."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from opensit.connectors.datatourisme.vocabulary import seed_from_ontology


class Command(BaseCommand):
    help = _("Manage the shared vocabularies (thesaurus).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        seed = sub.add_parser(
            "seed-datatourisme",
            help=_("Register the value classes and values of the DATAtourisme ontology."),
        )
        seed.add_argument("path", help=_("The ontology file (ontology.owl, expanded JSON-LD)"))

    def handle(self, *args, action, path, **options):
        target = Path(path)
        if not target.is_file():
            raise CommandError(_("%(path)s: no such file.") % {"path": path})
        try:
            read, created, updated = seed_from_ontology(target)
        except Exception as exc:  # rdflib raises many kinds on a bad file; name the file
            raise CommandError(
                _("%(path)s: not a readable JSON-LD ontology (%(error)s).")
                % {"path": path, "error": f"{type(exc).__name__}: {exc}"}
            ) from exc
        self.stdout.write(
            _("%(read)d vocabulary entries read, %(created)d created, %(updated)d updated.")
            % {"read": read, "created": created, "updated": updated}
        )
