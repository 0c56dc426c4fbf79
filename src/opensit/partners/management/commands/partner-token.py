"""`opensit partner-token create ORG [--name N] [--role R]` / `revoke PREFIX` / `list [ORG]`:
write-API tokens of an organisation (docs/write-api.md). The token is shown once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.console import Console

from opensit.network.models import Organisation
from opensit.network.permissions import Actor
from opensit.partners import tokens
from opensit.partners.models import PartnerToken


class Command(BaseCommand):
    help = _("Manage the write-API tokens of organisations.")

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("Create a token (shown once)"))
        create.add_argument("organisation", help=_("Slug of the organisation"))
        create.add_argument("--name", default="")
        create.add_argument("--role", choices=["editor", "contributor"], default=None)
        revoke = sub.add_parser("revoke", help=_("Revoke a token"))
        revoke.add_argument("prefix", help=_("The token's prefix, e.g. opw_1a2b3c4d"))
        listing = sub.add_parser("list", help=_("List tokens"))
        listing.add_argument("organisation", nargs="?", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        self.console = Console(file=self.stdout._out, highlight=False, soft_wrap=True)
        actor = Actor.system()  # the operator at the console
        try:
            getattr(self, f"do_{options['action']}")(actor, options)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def _organisation(self, slug: str) -> Organisation:
        found = Organisation.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(_("Unknown organisation %(slug)r.") % {"slug": slug})
        return found

    def do_create(self, actor: Actor, options: dict[str, Any]) -> None:
        organisation = self._organisation(options["organisation"])
        token, raw = tokens.create_token(actor, organisation, options["name"], options["role"])
        self.console.print(
            _("Write-API token of %(org)s, role %(role)s (shown once, store it now): %(token)s")
            % {"org": organisation.slug, "role": token.role, "token": raw}
        )

    def do_revoke(self, actor: Actor, options: dict[str, Any]) -> None:
        token = PartnerToken.objects.filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError(_("Unknown token %(prefix)r.") % {"prefix": options["prefix"]})
        tokens.revoke_token(actor, token)
        self.console.print(_("Token %(prefix)s revoked.") % {"prefix": token.prefix})

    def do_list(self, actor: Actor, options: dict[str, Any]) -> None:
        rows = PartnerToken.objects.select_related("organisation")
        if options["organisation"]:
            rows = rows.filter(organisation=self._organisation(options["organisation"]))
        for token in rows:
            state = _("revoked") if token.revoked_at else _("active")
            self.console.print(
                f"{token.prefix}  {token.organisation.slug}  {token.role}  {token.name}  {state}"
            )
