"""`opensit selection ...`: named sets of objects (a stored query or a hand-picked list)."""

from typing import Any

import orjson
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.table import Table

from opensit.catalog.models import TourismObject
from opensit.diffusion import services
from opensit.diffusion.management.commands import _common
from opensit.diffusion.models import Selection
from opensit.diffusion.selections import evaluate
from opensit.network.commands import actor_from_options, add_actor_arguments


class Command(BaseCommand):
    help = _("Manage selections: saved queries and hand-picked lists of objects.")

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("Create a selection"))
        create.add_argument("slug")
        create.add_argument("--name", required=True)
        create.add_argument("--org", required=True, help=_("Slug of the owner organisation"))
        create.add_argument("--description", default="")
        kind = create.add_mutually_exclusive_group(required=True)
        kind.add_argument("--query", help=_('Search parameters as JSON, e.g. {"types": ["hotel"]}'))
        kind.add_argument("--ids", help=_("Comma list of object ids"))
        sub.add_parser("list", help=_("List the selections"))
        for name, text in (("add", _("Add objects")), ("remove", _("Remove objects"))):
            edit = sub.add_parser(name, help=text)
            edit.add_argument("slug")
            edit.add_argument("ids", nargs="+")
        show = sub.add_parser("show", help=_("Show the objects of a selection, now"))
        show.add_argument("slug")
        for sub_parser in sub.choices.values():
            add_actor_arguments(sub_parser)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        self.console = _common.console(self)
        try:
            getattr(self, "do_" + action)(actor_from_options(options), options)
        except (PermissionDenied, ValueError) as exc:
            raise CommandError(str(exc)) from exc

    def do_create(self, actor: Any, options: dict[str, Any]) -> None:
        query = None
        if options["query"] is not None:
            try:
                query = orjson.loads(options["query"])
            except orjson.JSONDecodeError as exc:
                raise CommandError(
                    _("--query: invalid JSON (%(error)s).") % {"error": exc}
                ) from exc
        ids = [i for i in (options["ids"] or "").split(",") if i] if options["ids"] else None
        selection = services.create_selection(
            actor,
            options["slug"],
            options["name"],
            query=query,
            object_ids=ids,
            description=options["description"],
            organisation=_common.organisation(options["org"]),
        )
        self.console.print(_("Selection “%(slug)s” created.") % {"slug": selection.slug})

    def do_list(self, actor: Any, options: dict[str, Any]) -> None:
        table = Table(title=_("Selections"))
        for column in (_("slug"), _("name"), _("kind"), _("organisation"), _("projects")):
            table.add_column(column)
        for selection in Selection.objects.select_related("organisation"):
            table.add_row(
                selection.slug,
                selection.name,
                selection.get_kind_display(),
                selection.organisation.slug,
                str(selection.projects.count()),
            )
        self.console.print(table)

    def do_add(self, actor: Any, options: dict[str, Any]) -> None:
        selection = _common.selection(options["slug"])
        services.add_to_selection(actor, selection, options["ids"])
        self._count(selection)

    def do_remove(self, actor: Any, options: dict[str, Any]) -> None:
        selection = _common.selection(options["slug"])
        services.remove_from_selection(actor, selection, options["ids"])
        self._count(selection)

    def _count(self, selection: Selection) -> None:
        counts = {"n": len(selection.object_ids), "slug": selection.slug}
        self.console.print(_("%(n)d objects in “%(slug)s”.") % counts)

    def do_show(self, actor: Any, options: dict[str, Any]) -> None:
        selection = _common.selection(options["slug"])
        ids = evaluate(selection)
        names = dict(TourismObject.objects.filter(id__in=ids).values_list("id", "name"))
        table = Table(title=f"{selection.name} ({len(ids)})")
        table.add_column(_("id"))
        table.add_column(_("name"))
        for object_id in ids:
            table.add_row(object_id, names.get(object_id, ""))
        self.console.print(table)
