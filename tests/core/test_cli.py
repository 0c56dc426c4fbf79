"""The `opensit` command line: the locale's language (French by default) for messages and for
the whole `--help`, argparse's and Django's own texts included; OpenSIT's commands listed
first, grouped; tables written to a pipe keep every cell whole.

Most tests run the real console script in a child process with a controlled environment; the
export test runs `cli.main` in-process on the test database."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands
from icalendar import Calendar

import opensit
from opensit import cli
from opensit.core.command_line import language_from_environment
from tests.formats.conftest import catalog, editor, office, publish  # noqa: F401  (fixtures)

LOCALE_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "COLUMNS")
OPENSIT_COMMANDS = sorted(n for n, app in get_commands().items() if app.startswith("opensit."))


# -- which language ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "fr"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "en_GB"}, "en"),
        ({"LANG": "C"}, "fr"),
        ({"LANG": "C.UTF-8"}, "fr"),
        ({"LC_ALL": "POSIX"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),  # not a language of the interface
        ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "fr_FR"}, "en"),
        ({"LANGUAGE": "en"}, "en"),  # as Python's gettext: LANGUAGE alone is honoured
        ({"LANGUAGE": "en", "LANG": "fr_FR.UTF-8"}, "en"),  # GNU: LANGUAGE first
        ({"LANGUAGE": "de:en", "LANG": "fr_FR.UTF-8"}, "en"),  # the first one available
        ({"LANGUAGE": "de", "LANG": "en_US.UTF-8"}, "en"),  # none: the locale
        ({"LANGUAGE": "en", "LC_ALL": "C"}, "fr"),  # GNU: an explicit C locale ignores it
        ({"LANG": "en_US.UTF-8@euro"}, "en"),
        ({"LANG": ""}, "fr"),
    ],
)
def test_language_follows_the_locale(environ, expected):
    assert language_from_environment(environ, ["fr", "en"], "fr") == expected


def test_a_full_locale_is_tried_before_its_language():
    assert language_from_environment({"LANG": "pt_BR.UTF-8"}, ["pt", "pt-br"], "fr") == "pt-br"
    assert language_from_environment({"LANG": "pt_PT.UTF-8"}, ["pt", "pt-br"], "fr") == "pt"


# -- the real console script ------------------------------------------------------------------


def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("opensit")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "opensit.cli"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """`opensit ARGS` in a child process with exactly the locale variables given, its standard
    output a pipe (not a terminal), stdin closed."""
    var = tmp_path_factory.mktemp("var")
    base = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    base = {k: v for k, v in base.items() if k != "OPENSIT_TESTING"}
    base.update(
        DJANGO_SETTINGS_MODULE="opensit.settings",
        OPENSIT_VAR_DIR=str(var),
        OPENSIT_DATABASE_URL=f"sqlite:///{var / 'cli.sqlite3'}",
        PYTHONPATH=os.pathsep.join(
            [str(Path(opensit.__file__).parents[1]), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
    )

    def run(*args: str, **locale: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*_console_script(), *args],
            env={**base, **locale},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


ENGLISH_HELP = [
    "usage: opensit export",
    "positional arguments:",
    "options:",
    "show this help message and exit",
    "Output format: jsonld",  # the command's own option
    "Verbosity level; 0=minimal output",  # Django's base options
    "Display a full stack trace on CommandError exceptions.",
    "Skip system checks.",
]
FRENCH_HELP = [
    "utilisation : opensit export",
    "arguments positionnels\u00a0:",
    "options\u00a0:",
    "afficher ce message d’aide et quitter",
    "Format de sortie : jsonld",
    "Niveau de détail : 0 = minimal",
    "Afficher la pile d’appels complète",
    "Ne pas lancer les vérifications du système.",
]


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANGUAGE": "en"}, "en"),
        ({"LC_ALL": "C"}, "fr"),
        ({"LC_ALL": "C", "LANGUAGE": "en"}, "fr"),
        ({}, "fr"),
    ],
)
def test_help_is_all_in_one_language(run, locale, language):
    done = run("export", "--help", **locale)
    assert done.returncode == 0, done.stderr
    wanted, other = (ENGLISH_HELP, FRENCH_HELP) if language == "en" else (FRENCH_HELP, ENGLISH_HELP)
    for text in wanted:
        assert text in done.stdout, (text, done.stdout)
    for text in other:
        assert text not in done.stdout, (text, done.stdout)


def test_messages_follow_the_locale(run):
    english = run("export", "--format", "xml", LANG="en_US.UTF-8")
    french = run("export", "--format", "xml", LANG="fr_FR.UTF-8")
    assert english.returncode == french.returncode == 1
    assert "Unknown format 'xml': choose one of jsonld" in english.stderr
    assert "Format 'xml' inconnu : choisissez" in french.stderr


def test_argparse_errors_follow_the_locale(run):
    english = run("export", "--format", LANGUAGE="en")
    french = run("export", "--format")
    assert english.returncode == french.returncode == 2
    assert "opensit export: error: argument --format/-f: expected one argument" in english.stderr
    assert "opensit export : erreur : argument --format/-f : un argument attendu" in french.stderr
    assert "utilisation : opensit export" in french.stderr


def test_an_unknown_command_is_named_with_a_suggestion(run):
    english = run("exprt", LANG="en_US.UTF-8")
    french = run("exprt", LANG="fr_FR.UTF-8")
    assert english.returncode == french.returncode == 1
    assert "Unknown command: 'exprt'. Did you mean export?" in english.stderr
    assert "Commande inconnue : 'exprt'. Vouliez-vous dire export ?" in french.stderr


def _heading_positions(text: str, headings: list[str]) -> list[int]:
    return [text.index(f"\n{heading}\n") for heading in headings]


def test_main_help_lists_opensit_commands_first_grouped(run):
    done = run("--help", LANG="en_US.UTF-8")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("Usage: opensit <command> [options]\n")
    others = text.index("\nOther commands (Django, Wagtail, axes...)\n")
    groups = _heading_positions(
        text, ["Import and export", "Diffusion and partners", "Installing and running"]
    )
    assert groups == sorted(groups) and groups[-1] < others
    for name in OPENSIT_COMMANDS:  # each on its own line, with a description, before the rest
        line = re.search(rf"^  {re.escape(name)} +(\S.*)$", text, re.M)
        assert line and line.start() < others, name
    assert "Other OpenSIT commands" not in text  # every OpenSIT command has its group
    assert "import           Import tourism objects" in text
    for django_command in ("dumpdata", "axes_reset", "fixtree", "changepassword"):
        assert text.index(django_command) > others, django_command
    assert run(LANG="en_US.UTF-8").stdout == text  # `opensit` alone: the same
    assert run("help", LANG="en_US.UTF-8").stdout == text


def test_main_help_in_french(run):
    text = run("help").stdout
    assert text.startswith("Utilisation : opensit <commande> [options]\n")
    assert "\nImporter et exporter\n" in text and "\nDiffusion et partenaires\n" in text
    assert "Exporter le catalogue : formats" in text
    assert text.index("\nImporter et exporter\n") < text.index("\nAutres commandes (Django")


def test_help_commands_stays_a_plain_list(run):
    names = run("help", "--commands", LANG="en_US.UTF-8").stdout.split()
    assert names == sorted(get_commands()) and "export" in names


def test_a_table_written_to_a_pipe_is_not_cut(run):
    """rich used 80 columns when the output was no terminal: `(Attribution-NonCommercial-Sha…`."""
    whole = "CC BY-NC-SA (Attribution-NonCommercial-ShareAlike, version not stated)"
    done = run("source-policy", "--licences", LANG="en_US.UTF-8")
    assert done.returncode == 0, done.stderr
    assert whole in done.stdout and "…" not in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) > 80
    narrow = run("source-policy", "--licences", LANG="en_US.UTF-8", COLUMNS="60")
    assert whole not in narrow.stdout and "…" in narrow.stdout  # COLUMNS, when set, is obeyed


_HELP_TEXTS = """
import json
from django.core.management import get_commands
from opensit.cli import OpenSITUtility
utility = OpenSITUtility(["opensit"])
utility.use_locale_language()
texts = {}
def walk(command, parser, path):
    texts[f"{command} {path} description"] = parser.description
    for action in parser._actions:
        texts[f"{command} {path}{'/'.join(action.option_strings) or action.dest}"] = action.help
        for listed in getattr(action, "_choices_actions", []):
            texts[f"{command} {path}{listed.dest} (listed)"] = listed.help
        if isinstance(action.choices, dict):
            for name, sub in action.choices.items():
                walk(command, sub, path + name + ":")
for name, app in sorted(get_commands().items()):
    if app.startswith("opensit."):
        walk(name, utility.fetch_command(name).create_parser("opensit", name), "")
print(json.dumps(texts))
"""


def test_every_help_text_of_every_opensit_command_is_translated(run):
    """Each description and option text of OpenSIT's commands differs between English and
    French (Django's base options included)."""

    def texts(**locale: str) -> dict[str, str]:
        done = run("shell", "--no-imports", "-c", _HELP_TEXTS, **locale)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    english, french = texts(LANG="en_US.UTF-8"), texts(LANG="fr_FR.UTF-8")
    assert english.keys() == french.keys()
    same = {
        key
        for key, text in english.items()
        if text and re.search("[a-z]{3}", text) and french[key] == text
    }
    assert same == set()
    assert {key.split()[0] for key in english} == set(OPENSIT_COMMANDS)


# -- in-process, on the test database --------------------------------------------------------


@pytest.fixture
def locale_env(monkeypatch):
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalog")
def test_main_reports_the_vevents_written_in_the_locale(locale_env, tmp_path, capsys):
    target = tmp_path / "events.ics"
    locale_env.setenv("LANG", "fr_FR.UTF-8")
    cli.main(["export", "--format", "ical", "--output", str(target)])
    vevents = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert f"ical : {len(vevents)} événements (VEVENT) écrits, 3 objets lus (" in (
        capsys.readouterr().err
    )
    locale_env.setenv("LANG", "en_US.UTF-8")
    cli.main(["export", "--format", "gpx", "--output", str(tmp_path / "t.gpx")])
    assert "gpx: 1 track written, 3 objects read (" in capsys.readouterr().err


def test_main_leaves_the_language_it_found(locale_env, capsys):
    """In-process, `main` switches language for its run only (here: the suite's English)."""
    from django.utils import translation

    locale_env.setenv("LANG", "fr_FR.UTF-8")
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    assert "utilisation : opensit export" in capsys.readouterr().out
    assert translation.get_language() == "en"
    assert "COLUMNS" not in os.environ


def test_wide_output_only_while_the_command_runs(locale_env):
    from opensit.core.command_line import WIDE_COLUMNS, full_width_output

    with full_width_output(io.StringIO()):
        assert os.environ["COLUMNS"] == str(WIDE_COLUMNS)
    assert "COLUMNS" not in os.environ
    locale_env.setenv("COLUMNS", "100")
    with full_width_output(io.StringIO()):
        assert os.environ["COLUMNS"] == "100"


def test_the_database_folder_is_made_on_first_use(tmp_path):
    """`opensit migrate` on a new checkout, before any `mkdir var`: no traceback."""
    var = tmp_path / "new" / "var"
    env = {k: v for k, v in os.environ.items() if k not in ("OPENSIT_DATABASE_URL",)}
    env.update(
        DJANGO_SETTINGS_MODULE="opensit.settings",
        OPENSIT_VAR_DIR=str(var),
        PYTHONPATH=os.pathsep.join(
            [str(Path(opensit.__file__).parents[1]), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
    )
    result = subprocess.run(
        [*_console_script(), "migrate", "-v", "0"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (var / "opensit.sqlite3").is_file()
