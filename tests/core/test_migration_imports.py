"""Migrations never import live code (docs/architecture.md): a migration must do the same thing
on every database that ever runs it, so the helpers it needs are frozen copies inside it. Any
`opensit` import in a migration file fails here, listed by file and line."""

import ast
from pathlib import Path

import opensit

PACKAGE = Path(opensit.__file__).resolve().parent


def migration_files() -> list[Path]:
    return sorted(PACKAGE.glob("*/migrations/**/*.py"))


def _is_opensit(name: str | None) -> bool:
    return name is not None and (name == "opensit" or name.startswith("opensit."))


def live_imports(source: str) -> list[tuple[int, str]]:
    """(line, statement) of each import of the project's code: `import opensit...`, `from
    opensit... import`, a relative import leaving the migrations package (`from ..models`), or
    `importlib.import_module` / `__import__` of an `opensit` name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            hits = [alias.name for alias in node.names if _is_opensit(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            hits = [node.module or "."] if _is_opensit(node.module) or node.level > 1 else []
        elif isinstance(node, ast.Call) and node.args:
            func, first = node.func, node.args[0]
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            dynamic = name in ("import_module", "__import__")
            text = first.value if isinstance(first, ast.Constant) else None
            hits = [text] if dynamic and isinstance(text, str) and _is_opensit(text) else []
        else:
            continue
        found += [(node.lineno, ast.get_source_segment(source, node) or hit) for hit in hits]
    return found


def test_the_detector_finds_every_form_of_live_import():
    source = (
        "import json\n"
        "from django.db import migrations\n"
        "import opensit.search.backends\n"
        "def f(apps, schema_editor):\n"
        "    from opensit.search.indexer import rewrite_documents\n"
        "    from ..backends import type_tags\n"
        "    importlib.import_module('opensit.catalog.types')\n"
        "from . import helpers\n"
    )
    assert [line for line, _statement in live_imports(source)] == [3, 5, 6, 7]


def test_no_migration_imports_opensit():
    files = migration_files()
    assert len(files) > 20, f"no migrations found under {PACKAGE}"
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {statement}"
        for path in files
        for line, statement in live_imports(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "migrations import live code (copy what they need):\n" + "\n".join(
        offenders
    )
