"""`opensit demo`: load the demo (or move its dates to today) and print what to try: the logins,
the demo API key, a curl line that works and the addresses to open."""

import os
import shlex
from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opensit.demo.loader import DemoConflict, DemoResult, load_demo


def default_base_url() -> str:
    """Where `opensit serve` listens by default (OPENSIT_BIND, as `serve` reads it)."""
    host, _sep, port = os.environ.get("OPENSIT_BIND", "127.0.0.1:8000").rpartition(":")
    if host in ("", "0.0.0.0", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def curl_line(base_url: str, api_key: str, today: date) -> str:
    """A curl command that asks the API what is open today, with the demo key."""
    query = urlencode({"open_on": today.isoformat(), "lang": "fr", "page_size": 5})
    url = f"{base_url}{reverse('api-v1:list_objects')}?{query}"
    return f"curl -H {shlex.quote(f'X-API-Key: {api_key}')} {shlex.quote(url)}"


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the demo catalog (a territory around Amboise) once, or move its dates to today; "
        "print the demo logins, API key, a curl line and the addresses to open."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=None,
            help=gettext_lazy(
                "Address of the platform in the printed lines (default: from OPENSIT_BIND, "
                "http://127.0.0.1:8000)."
            ),
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help=gettext_lazy("Date the demo for this day (YYYY-MM-DD) instead of today."),
        )

    def handle(self, *args, **options) -> None:
        try:
            result = load_demo(options["today"])
        except (DemoConflict, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        self._summary(result)
        self._logins(result)
        self._api(result, (options["base_url"] or default_base_url()).rstrip("/"))

    def _summary(self, result: DemoResult) -> None:
        day = formats.date_format(result.today, "DATE_FORMAT")
        if result.loaded:
            message = _("Demo catalog loaded: %(n)d objects, %(p)d published.") % {
                "n": result.objects,
                "p": result.published,
            }
            self.stdout.write(self.style.SUCCESS(message))
            self.stdout.write(_("Its dates are computed from %(day)s.") % {"day": day})
        elif result.moved:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Demo dates moved to %(day)s: %(n)d objects moved, nothing created.")
                    % {"day": day, "n": result.moved}
                )
            )
        else:
            self.stdout.write(_("The demo catalog is already loaded; nothing changed."))
        if result.kept:
            self.stdout.write(
                self.style.WARNING(
                    _("Dates kept as people changed them: %(names)s.")
                    % {"names": ", ".join(sorted(result.kept))}
                )
            )

    def _logins(self, result: DemoResult) -> None:
        self.stdout.write("")
        self.stdout.write(_("Demo logins (the admin also opens /django-admin/):"))
        for login in result.logins:
            self.stdout.write(
                f"  {login.username:<14} {login.password:<14} {login.role:<12} {login.organisation}"
            )

    def _api(self, result: DemoResult, base_url: str) -> None:
        self.stdout.write("")
        if result.project.api_key:
            self.stdout.write(
                _("Demo API key (project “%(name)s”):") % {"name": result.project.name}
            )
            self.stdout.write(f"  {result.project.api_key}")
            self.stdout.write(_("What is open today, from the API:"))
            self.stdout.write(f"  {curl_line(base_url, result.project.api_key, result.today)}")
        else:
            self.stdout.write(
                self.style.WARNING(
                    _("The demo API key no longer works (revoked, or its project suspended).")
                )
            )
        self.stdout.write("")
        self.stdout.write(_("Addresses to open:"))
        for label, path in (
            (_("Home"), reverse("home")),
            (_("Back office"), reverse("wagtailadmin_home")),
            (_("Django admin"), reverse("admin:index")),
            (_("API documentation"), reverse("api-v1:openapi-view")),
        ):
            self.stdout.write(f"  {label:<26} {base_url}{path}")
