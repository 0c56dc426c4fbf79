"""The `opensit` console script: Django's management commands with the project settings preset.

Beyond Django's `manage.py` (docs/cli.md): it speaks the locale's language, French by default,
argparse's and Django's own option texts included (`core.command_line`); `opensit`,
`opensit help` and `opensit --help` list OpenSIT's commands first, grouped by purpose, then
the others; a table written to a file or a pipe keeps its full width.
"""

import os
import shutil
import sys
import textwrap
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.management import ManagementUtility
from django.utils.translation import gettext_lazy

Entry = tuple[str, Any]

GROUPS: list[tuple[Any, list[Entry]]] = [
    (
        gettext_lazy("Import and export"),
        [
            ("import", gettext_lazy("Import tourism objects (DATAtourisme, Apidae, JSON Lines)")),
            ("import-report", gettext_lazy("The issues of an import run, or the latest runs")),
            ("source-policy", gettext_lazy("Media policy of a source: licence of its media")),
            ("run-sources", gettext_lazy("Run configured sources now: by name, or those due")),
            ("export", gettext_lazy("Export the catalog: formats, nightly dumps, full backup")),
        ],
    ),
    (
        gettext_lazy("Reference data"),
        [
            ("communes", gettext_lazy("Load the French communes (INSEE codes, postal codes)")),
            ("vocabulary", gettext_lazy("Shared vocabularies: the DATAtourisme thesaurus")),
        ],
    ),
    (
        gettext_lazy("Diffusion and partners"),
        [
            ("project", gettext_lazy("Diffusion projects, their API keys and webhooks")),
            ("selection", gettext_lazy("Selections: saved queries and hand-picked lists")),
            ("webhooks", gettext_lazy("Deliver the webhooks: new changes, due retries")),
            ("diffusion", gettext_lazy("Render public forms again, refresh media, flush usage")),
            ("partner-token", gettext_lazy("Write-API tokens of the organisations")),
            ("sites", gettext_lazy("Destination sites: the two demo sites")),
        ],
    ),
    (
        gettext_lazy("Quality and search"),
        [
            ("quality", gettext_lazy("Data quality: recompute, stale objects, reminders")),
            ("search", gettext_lazy("Search index: rebuild, compact")),
        ],
    ),
    (
        gettext_lazy("Installing and running"),
        [
            ("migrate", gettext_lazy("Create or update the database (Django)")),
            ("collectstatic", gettext_lazy("Gather the static files for serve (Django)")),
            ("createsuperuser", gettext_lazy("Create an administrator account (Django)")),
            ("serve", gettext_lazy("Serve OpenSIT with gunicorn")),
            ("worker", gettext_lazy("Run the background jobs and the periodic schedule")),
            ("demo", gettext_lazy("Load the demo catalog and print the demo logins")),
            ("synth", gettext_lazy("Generate a synthetic catalog (tests, benchmarks)")),
        ],
    ),
]


class OpenSITUtility(ManagementUtility):
    """Django's ManagementUtility, speaking the user's language and listing OpenSIT first."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.language_override: Any = None

    def use_locale_language(self) -> None:
        """Once the apps are loaded (Django's catalogs need them): the locale's language, for
        this run, and argparse's texts translated. Called before any command is imported, as
        the commands translate their help texts when their class is defined."""
        from django.apps import apps
        from django.utils import translation

        from opensit.core.command_line import cli_language, translate_argparse

        if self.language_override is not None or not apps.ready:
            return
        self.language_override = translation.override(cli_language())
        self.language_override.__enter__()
        translate_argparse()

    def restore_language(self) -> None:
        """The language active before the run again (for `main` called in-process)."""
        if self.language_override is not None:
            self.language_override.__exit__(None, None, None)
            self.language_override = None

    def main_help_text(self, commands_only: bool = False) -> str:
        self.use_locale_language()
        if commands_only or self.settings_exception is not None:
            return super().main_help_text(commands_only)
        from django.core.management import get_commands

        return grouped_help(self.prog_name, get_commands())

    def fetch_command(self, subcommand: str) -> Any:
        from django.apps import apps
        from django.core.management import get_commands

        self.use_locale_language()
        if apps.ready and subcommand not in get_commands():
            self.unknown_command(subcommand)
        return localized(super().fetch_command(subcommand))

    def unknown_command(self, subcommand: str) -> None:
        from difflib import get_close_matches

        from django.core.management import get_commands
        from django.utils.translation import gettext as _

        message = _("Unknown command: %(name)r.") % {"name": subcommand}
        close = get_close_matches(subcommand, list(get_commands()))
        if close:
            message += " " + _("Did you mean %(name)s?") % {"name": close[0]}
        message += "\n" + _("Type '%(prog)s help' for the list of commands.") % {
            "prog": self.prog_name
        }
        sys.stderr.write(message + "\n")
        sys.exit(1)


def localized(command: Any) -> Any:
    """The command with Django's option texts translated in its parser, and run with rich
    tables at full width when its output is not a terminal."""
    from opensit.core.command_line import full_width_output, translate_parser

    create_parser, execute = command.create_parser, command.execute

    def create_translated_parser(prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        return translate_parser(create_parser(prog_name, subcommand, **kwargs))

    def execute_full_width(*args: Any, **options: Any) -> Any:
        with full_width_output():
            return execute(*args, **options)

    command.create_parser = create_translated_parser
    command.execute = execute_full_width
    return command


def _first_line(app_name: str, name: str) -> str:
    from django.core.management import load_command_class

    help_text = str(getattr(load_command_class(app_name, name), "help", "") or "")
    return help_text.strip().split("\n")[0]


def grouped_help(prog_name: str, commands: dict[str, Any]) -> str:
    """OpenSIT's commands by purpose with a line each, then the others by app."""
    from django.core.management.color import color_style
    from django.utils.translation import gettext as _

    style = color_style()
    lines = [
        _("Usage: %(prog)s <command> [options]") % {"prog": prog_name},
        _("`%(prog)s help <command>` shows the options of a command.") % {"prog": prog_name},
    ]
    listed: set[str] = set()
    groups = [(title, [e for e in entries if e[0] in commands]) for title, entries in GROUPS]
    grouped = {name for _title, entries in GROUPS for name, _description in entries}
    ungrouped = sorted(
        name
        for name, app in commands.items()
        if str(app).startswith("opensit.") and name not in grouped
    )
    if ungrouped:
        extra = [(name, _first_line(commands[name], name)) for name in ungrouped]
        groups.append((_("Other OpenSIT commands"), extra))
    width = max((len(name) for _title, entries in groups for name, _d in entries), default=0) + 2
    for title, entries in groups:
        if not entries:
            continue
        lines += ["", style.NOTICE(str(title))]
        for name, description in entries:
            lines.append(f"  {name:<{width}}{description}")
            listed.add(name)
    by_app: dict[str, list[str]] = defaultdict(list)
    for name, app in commands.items():
        if name not in listed:
            by_app["django" if app == "django.core" else str(app).rpartition(".")[-1]].append(name)
    if by_app:
        lines += ["", style.NOTICE(_("Other commands (Django, Wagtail, axes...)"))]
        wrap = max(shutil.get_terminal_size().columns, 60)
        for app in sorted(by_app):
            names = ", ".join(sorted(by_app[app]))
            lines += textwrap.wrap(
                f"[{app}] {names}", wrap, initial_indent="  ", subsequent_indent="      "
            )
    return "\n".join(lines)


def make_database_folder() -> None:
    """The embedded SQLite file's folder (var/ by default), made on first use: `opensit migrate`
    on a new checkout answered a traceback, "unable to open database file", without it."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) not in ("", ":memory:"):
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings")
    make_database_folder()
    utility = OpenSITUtility(["opensit", *(sys.argv[1:] if argv is None else argv)])
    try:
        utility.execute()
    finally:
        utility.restore_language()


if __name__ == "__main__":
    main()
