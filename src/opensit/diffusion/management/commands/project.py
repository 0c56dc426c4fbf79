"""`opensit project ...`: register, validate and suspend diffusion projects; manage their keys
and webhooks."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.table import Table

from opensit.diffusion import services
from opensit.diffusion.management.commands import _common
from opensit.diffusion.models import ApiKey, DiffusionProject
from opensit.network.commands import actor_from_options, add_actor_arguments


class Command(BaseCommand):
    help = _("Manage diffusion projects, their API keys and webhooks.")

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("Register a project (pending validation)"))
        create.add_argument("--org", required=True, help=_("Slug of the organisation"))
        create.add_argument("--name", required=True)
        create.add_argument("--contact", default="")
        create.add_argument("--url", default="")
        create.add_argument("--languages", default="", help=_("Comma list, e.g. fr,en"))
        create.add_argument("--tier", default=DiffusionProject.Tier.BASIC)
        create.add_argument(
            "--selection", action="append", default=[], help=_("Limit to this selection")
        )
        sub.add_parser("list", help=_("List the projects"))
        validate = sub.add_parser("validate", help=_("Validate (activate) a project"))
        validate.add_argument("project")
        suspend = sub.add_parser("suspend", help=_("Suspend a project"))
        suspend.add_argument("project")
        suspend.add_argument("--reason", required=True)
        key_create = sub.add_parser("key-create", help=_("Create an API key (shown once)"))
        key_create.add_argument("project")
        key_create.add_argument("--name", default="")
        for name, text in (("key-rotate", _("Replace a key")), ("key-revoke", _("Revoke a key"))):
            key_parser = sub.add_parser(name, help=text)
            key_parser.add_argument("prefix", help=_("The key's prefix, e.g. osk_1a2b3c4d"))
        webhook = sub.add_parser("webhook-add", help=_("Register a webhook URL"))
        webhook.add_argument("project")
        webhook.add_argument("url")
        for sub_parser in sub.choices.values():
            add_actor_arguments(sub_parser)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        self.console = _common.console(self)
        handler = getattr(self, "do_" + action.replace("-", "_"))
        try:
            handler(actor_from_options(options), options)
        except (PermissionDenied, ValueError) as exc:
            raise CommandError(str(exc)) from exc

    def do_create(self, actor: Any, options: dict[str, Any]) -> None:
        project = services.create_project(
            actor,
            options["name"],
            organisation=_common.organisation(options["org"]),
            contact=options["contact"],
            url=options["url"],
            languages=[c for c in options["languages"].split(",") if c],
            tier=options["tier"],
            selections=[_common.selection(slug) for slug in options["selection"]],
        )
        self.console.print(
            _("Project %(id)s “%(name)s” registered, pending validation.")
            % {"id": project.pk, "name": project.name}
        )

    def do_list(self, actor: Any, options: dict[str, Any]) -> None:
        table = Table(title=_("Diffusion projects"))
        for column in (_("id"), _("name"), _("organisation"), _("status"), _("scope"), _("tier"),
                       _("keys")):  # fmt: skip
            table.add_column(column)
        for project in DiffusionProject.objects.select_related("organisation"):
            live = project.keys.filter(revoked_at__isnull=True).count()
            table.add_row(
                str(project.pk),
                project.name,
                project.organisation.slug,
                project.get_status_display(),
                project.get_scope_display(),
                project.get_tier_display(),
                str(live),
            )
        self.console.print(table)

    def do_validate(self, actor: Any, options: dict[str, Any]) -> None:
        project = services.validate_project(actor, _common.project(options["project"]))
        self.console.print(_("Project “%(name)s” is active.") % {"name": project.name})

    def do_suspend(self, actor: Any, options: dict[str, Any]) -> None:
        project = _common.project(options["project"])
        services.suspend_project(actor, project, options["reason"])
        self.console.print(_("Project “%(name)s” is suspended.") % {"name": project.name})

    def do_key_create(self, actor: Any, options: dict[str, Any]) -> None:
        _key, raw = services.create_key(actor, _common.project(options["project"]), options["name"])
        self._show_key(raw)

    def _key(self, prefix: str) -> ApiKey:
        key = ApiKey.objects.select_related("project").filter(prefix=prefix).first()
        if key is None:
            raise CommandError(_("Unknown key %(prefix)r.") % {"prefix": prefix})
        return key

    def do_key_rotate(self, actor: Any, options: dict[str, Any]) -> None:
        _key, raw = services.rotate_key(actor, self._key(options["prefix"]))
        self.console.print(_("The old key is revoked."))
        self._show_key(raw)

    def do_key_revoke(self, actor: Any, options: dict[str, Any]) -> None:
        key = services.revoke_key(actor, self._key(options["prefix"]))
        self.console.print(_("Key %(prefix)s revoked.") % {"prefix": key.prefix})

    def do_webhook_add(self, actor: Any, options: dict[str, Any]) -> None:
        webhook, secret = services.add_webhook(
            actor, _common.project(options["project"]), options["url"]
        )
        self.console.print(_("Webhook %(id)s registered.") % {"id": webhook.pk})
        self.console.print(_("Signing secret (shown once): %(secret)s") % {"secret": secret})

    def _show_key(self, raw: str) -> None:
        self.console.print(_("API key (shown once, store it now): %(key)s") % {"key": raw})
