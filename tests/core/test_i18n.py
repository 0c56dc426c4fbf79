"""All French (and all English): the catalogs are complete, up to date with the sources, and
templates hold no user-facing text outside the translation tags.

(a) every message of every French catalog is translated and not fuzzy (GNU `msgfmt`);
(b) `makemessages`, run on a copy of the sources, finds no message the catalogs lack: a string
    marked in code or a template but never added to its catalog fails here, named with its file;
(c) a scan of the templates finds no text node with letters outside {% trans %},
    {% blocktrans %} and {{ }}.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import opensit

SRC = Path(opensit.__file__).parent
CATALOGS = sorted(SRC.glob("**/locale/*/LC_MESSAGES/django.po"))
LANGUAGES = sorted({path.parts[-3] for path in CATALOGS})
pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")


_PO_LINE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")


def parse_po(path: Path) -> list[dict]:
    """The live entries of a .po file: msgctxt, msgid, msgstr(s), flags and references."""
    entries: list[dict] = []
    entry: dict = {}
    field = ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry and not entry.get("obsolete"):
                entries.append(entry)
            entry, field = {}, ""
            continue
        entry.setdefault("refs", [])
        entry.setdefault("flags", set())
        entry.setdefault("msgstr", {})
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#:"):
            entry["refs"] += line[2:].split()
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := _PO_LINE.match(line):
            key, index, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if key.startswith("msgstr"):
                field = f"msgstr:{index or 0}"
                entry["msgstr"][index or "0"] = text
            else:
                field = key
                entry[key] = text
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if field.startswith("msgstr:"):
                entry["msgstr"][field.split(":")[1]] += text
            else:
                entry[field] += text
    return entries


def _key(entry: dict) -> tuple[str | None, str]:
    return entry.get("msgctxt"), entry["msgid"]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(SRC)))
def test_catalog_is_complete(catalog: Path) -> None:
    """msgfmt --check accepts it, and counts no fuzzy or untranslated message."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(catalog)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    stats = [line for line in result.stderr.splitlines() if "translated message" in line]
    assert stats and "fuzzy" not in stats[0] and "untranslated" not in stats[0], stats
    compiled = catalog.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} missing: run opensit compilemessages"
    assert compiled.stat().st_mtime >= catalog.stat().st_mtime - 1, f"{compiled} is stale"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sources with fresh catalogs, as `makemessages` writes them."""
    copy = tmp_path_factory.mktemp("i18n") / "opensit"
    shutil.copytree(
        SRC,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po", "static", "migrations"),
    )
    for language in LANGUAGES:
        (copy / "locale" / language / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "django",
        "makemessages",
        *(f"--locale={language}" for language in LANGUAGES),
        "--settings=opensit.settings_test",
        "--no-obsolete",
    ]
    result = subprocess.run(command, cwd=copy, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return copy


def test_catalogs_hold_every_message(extracted: Path) -> None:
    """Each message makemessages finds is in the catalog it writes it to, translated."""
    missing = []
    for fresh in sorted(extracted.glob("**/locale/*/LC_MESSAGES/django.po")):
        relative = fresh.relative_to(extracted)
        real = SRC / relative
        known = {
            _key(e)
            for e in (parse_po(real) if real.exists() else [])
            if all(e["msgstr"].values()) and "fuzzy" not in e["flags"]
        }
        for entry in parse_po(fresh):
            if entry["msgid"] and _key(entry) not in known:
                where = ", ".join(entry["refs"][:3])
                missing.append(f"{relative}: {entry['msgid']!r} ({where})")
    assert not missing, "Messages missing from the catalogs (run makemessages):\n" + "\n".join(
        missing
    )


# -- (c) templates ---------------------------------------------------------------------------

_TAGS = re.compile(
    r"\{%\s*(blocktrans|blocktranslate)\b.*?\{%\s*end(blocktrans|blocktranslate)\s*%\}"
    r"|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}",
    re.S,
)
_SKIPPED = re.compile(r"<(script|style|pre|code)\b.*?</\1>|<!--.*?-->", re.S | re.I)
_HTML_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""", re.S)
_ATTRIBUTES = re.compile(r'\b(title|placeholder|aria-label|alt)="([^"{]*[A-Za-z][^"{]*)"', re.I)
#: Texts that are the same in every language: names, symbols, technical words.
ALLOWED = {
    "OpenSIT",
    "OpenStreetMap",
    "Leaflet",
    "Wagtail",
    "API",
    "RRULE",
    "INSEE",
    "JSON",
    "CSV",
    "GPX",
    "GeoJSON",
    "iCal",
    "UUID",
    "URL",
    "slug",
    "curl",
    "Facebook",
    "Instagram",
    "Apidae",
    "DATAtourisme",
    "catalog.",
    "#",
}


def template_texts(text: str) -> list[str]:
    """The user-facing words of a template outside the translation tags: text between HTML
    tags, and title/placeholder/aria-label/alt attributes."""
    text = _TAGS.sub(" ", text)
    text = _SKIPPED.sub(" ", text)
    found = [value for _name, value in _ATTRIBUTES.findall(text)]
    for node in _HTML_TAG.sub("\n", text).splitlines():
        node = node.strip()
        if re.search(r"[A-Za-zÀ-ÿ]", node):
            found.append(node)
    return [
        item
        for item in found
        if not all(
            word in ALLOWED or not re.search(r"[A-Za-zÀ-ÿ]", word)
            for word in re.split(r"[\s,;:()/·|]+", item)
        )
    ]


TEMPLATES = sorted(SRC.glob("**/templates/**/*.html"))


def test_templates_hold_no_untranslated_text() -> None:
    found = [
        f"{path.relative_to(SRC)}: {text!r}"
        for path in TEMPLATES
        for text in template_texts(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Unmarked text in templates:\n" + "\n".join(found)


def test_the_scan_finds_unmarked_text() -> None:
    """The scan itself: text outside the tags is found, marked text and names are not."""
    sample = (
        '{% load i18n %}<p>{% trans "Hello" %}</p><h2>Objects to review</h2>'
        '<input placeholder="Search here"><p>{{ obj.name }} · OpenSIT</p>'
        "{% blocktrans %}Hello {{ name }}{% endblocktrans %}<script>let a = 'x';</script>"
    )
    assert template_texts(sample) == ["Search here", "Objects to review"]
