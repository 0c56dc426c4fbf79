"""`opensit demo`: load the demo catalog once and print the demo logins."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from opensit.demo.loader import DemoConflict, load_demo


class Command(BaseCommand):
    help = "Load the demo catalog (a territory around Amboise) once, and print the demo logins."

    def handle(self, *args, **options) -> None:
        try:
            result = load_demo()
        except DemoConflict as exc:
            raise CommandError(str(exc)) from exc
        if result.loaded:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Demo catalog loaded: %(n)d objects, %(p)d published.")
                    % {"n": result.objects, "p": result.published}
                )
            )
        else:
            self.stdout.write(_("The demo catalog is already loaded; nothing changed."))
        self.stdout.write(_("Demo logins (the admin also opens /django-admin/):"))
        for login in result.logins:
            self.stdout.write(
                f"  {login.username:<14} {login.password:<14} {login.role:<12} {login.organisation}"
            )
