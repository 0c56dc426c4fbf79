"""What the `opensit` command line needs beyond Django: the user's language, argparse and
Django's own option texts in that language, and full-width tables when the output is a file.

- The language follows the locale, as gettext programs do (POSIX precedence: `LC_ALL`, then
  `LC_MESSAGES`, then `LANG`; GNU's `LANGUAGE` list before them), among the languages the
  interface is translated into; French when the locale is unset, `C`/`POSIX` or another
  language (docs/cli.md).
- argparse translates its own texts ("usage:", "options", "show this help message and exit",
  its error messages) with the `gettext` module's default domain, which nothing fills:
  `translate_argparse` routes them through Django's catalogs instead, where the project's
  French catalog holds them (`ARGPARSE_MESSAGES`).
- Django's base options (`--verbosity`, `--settings`...) have English help texts that Django
  never translates: `translate_parser` looks every help text up in the same catalogs
  (`BASE_OPTIONS` lists Django's for makemessages).
- rich sizes a table to the terminal, and to 80 columns when there is none: cells were cut
  ("inchang…") in a file or a pipe. `full_width_output` gives rich a wide width then, unless
  `COLUMNS` says otherwise.
"""

import argparse
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_noop

CLI_LANGUAGES = ("fr", "en")
"""The languages the command line is translated into (English is the source)."""

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""POSIX: the first one set gives the locale of messages."""

NEUTRAL_LOCALES = {"c", "posix"}

WIDE_COLUMNS = 10_000
"""The width rich gets when the output is not a terminal: wider than any table we print, so
that no cell is cut; rich sizes tables to their content, so nothing gets wider for it."""


def _language_code(locale_name: str) -> str:
    """`en_US.UTF-8@euro` -> `en-us`: the language part of a locale name, as Django writes it."""
    name = locale_name.split(".")[0].split("@")[0]
    return translation.to_language(name.replace("-", "_")) if name else ""


def language_from_environment(
    environ: Mapping[str, str], available: Sequence[str], default: str
) -> str:
    """The language of messages the environment asks for, among `available`, else `default`.

    As GNU gettext: an explicit `C` or `POSIX` locale means no translation (so here the
    default) and `LANGUAGE` is then ignored; otherwise each entry of `LANGUAGE` (a colon
    list), then the locale, is tried, in full (`pt-br`) then as its base language (`pt`).
    Unlike GNU, `LANGUAGE` alone (no locale set at all) is honoured, as Python's gettext does.
    """
    locale_name = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    if locale_name.split(".")[0].lower() in NEUTRAL_LOCALES:
        return default
    for candidate in [*environ.get("LANGUAGE", "").split(":"), locale_name]:
        code = _language_code(candidate.strip())
        for wanted in (code, code.split("-")[0]):
            if wanted and wanted in available:
                return wanted
    return default


def cli_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the command line for this environment (settings must be loaded)."""
    from django.conf import settings

    default = settings.LANGUAGE_CODE.split("-")[0]
    platform = {code for code, _name in settings.LANGUAGES}
    available = [code for code in CLI_LANGUAGES if code in platform or code == default]
    return language_from_environment(os.environ if environ is None else environ, available, default)


# -- argparse's own texts ---------------------------------------------------------------------

ARGPARSE_MESSAGES = [
    # Listed for makemessages: argparse asks for these texts (Python 3.11 to 3.13).
    gettext_noop("usage: "),
    gettext_noop("positional arguments"),
    gettext_noop("options"),
    gettext_noop("show this help message and exit"),
    gettext_noop("subcommands"),
    gettext_noop("%(prog)s: error: %(message)s\n"),
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("one of the arguments %s is required"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("expected one argument"),
    gettext_noop("expected at most one argument"),
    gettext_noop("expected at least one argument"),
    gettext_noop("not allowed with argument %s"),
    gettext_noop("ignored explicit argument %r"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
    gettext_noop("unknown parser %(parser_name)r (choices: %(choices)s)"),
]


def _listed_plural(count: int) -> str:
    """Never called: lists argparse's one plural message for makemessages."""
    return translation.ngettext("expected %s argument", "expected %s arguments", count)


def _argparse_gettext(message: Any) -> Any:
    """argparse passes None for a missing description: keep it."""
    return translation.gettext(str(message)) if message else message


def translate_argparse() -> None:
    """argparse's texts through Django's catalogs, in the active language. argparse reads its
    module globals `_` and `ngettext` at each call, so this reaches every parser built after."""
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    argparse.ngettext = translation.ngettext  # type: ignore[attr-defined]


# -- Django's base options --------------------------------------------------------------------

BASE_OPTIONS = [
    # Django's help texts of the options every command has (django/core/management/base.py).
    gettext_noop("Show program's version number and exit."),
    gettext_noop(
        "Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, "
        "3=very verbose output"
    ),
    gettext_noop(
        'The Python path to a settings module, e.g. "myproject.settings.main". If this '
        "isn't provided, the DJANGO_SETTINGS_MODULE environment variable will be used."
    ),
    gettext_noop('A directory to add to the Python path, e.g. "/home/djangoprojects/myproject".'),
    gettext_noop("Display a full stack trace on CommandError exceptions."),
    gettext_noop("Don't colorize the command output."),
    gettext_noop("Force colorization of the command output."),
    gettext_noop("Skip system checks."),
]


def translate_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Every help text of the parser (and of its subcommands') looked up in the catalogs of
    the active language: Django's base options, and the texts of a command that left them
    unmarked (`serve`, `demo`, `synth`). A text already translated is no msgid: it stays."""
    if parser.description:
        parser.description = translation.gettext(str(parser.description))
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            action.help = translation.gettext(str(action.help))
        if isinstance(action, argparse._SubParsersAction):
            for listed in action._get_subactions():
                listed.help = translation.gettext(str(listed.help)) if listed.help else listed.help
            for subparser in action.choices.values():
                translate_parser(subparser)
    return parser


# -- width of rich's output -------------------------------------------------------------------


@contextmanager
def full_width_output(stream: Any = None) -> Iterator[None]:
    """While a command runs: when its output is not a terminal and `COLUMNS` is unset, rich
    consoles created meanwhile see `COLUMNS=WIDE_COLUMNS`, so a table keeps every cell whole.
    Help texts are formatted before, at the terminal's width."""
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    if "COLUMNS" in os.environ or (isatty is not None and isatty()):
        yield
        return
    os.environ["COLUMNS"] = str(WIDE_COLUMNS)
    try:
        yield
    finally:
        os.environ.pop("COLUMNS", None)
