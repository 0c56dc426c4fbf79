"""The app map: imports between OpenSIT's apps go one way only.

Every non-migration module under src/opensit is read with `ast` (imports at module level and
inside functions alike: a lazy import is still a dependency). An app is the first package
under `opensit`; the project-level modules (`opensit/*.py`: urls, the composed API, the home
view, settings) may import any app and are no app. A cycle between two apps fails with the
file:line of every import on both sides; an import that goes up the layers of `LAYERS` fails
too; and docs/architecture.md ("The app map") must show the table written from `LAYERS`.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "opensit"
DOCS = ROOT / "docs" / "architecture.md"

#: Lowest first. An app may import the apps of the layers below its own, never those of its
#: own layer or above (the lists within a layer are alphabetical).
LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("network",),
    ("catalog",),
    ("formats", "media", "search"),
    ("diffusion", "quality"),
    ("jobs",),
    ("connectors", "demo", "partners"),
    ("sites",),
    ("widgets",),
    ("backoffice",),
]
LAYER_OF = {app: depth for depth, apps in enumerate(LAYERS) for app in apps}

Edges = dict[tuple[str, str], list[str]]


def apps() -> set[str]:
    return {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}


def _modules(node: ast.AST, package: list[str]) -> list[str]:
    """The dotted names an import statement reads (relative ones resolved from `package`)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = package[: len(package) - node.level + 1] if node.level else []
    module = ".".join([*base, *([node.module] if node.module else [])])
    # `from opensit import catalog` names the app in the imported names.
    return [f"{module}.{alias.name}" for alias in node.names] if module == "opensit" else [module]


def import_graph() -> Edges:
    """(importing app, imported app) -> the file:line of each import, migrations left out."""
    known = apps()
    edges: Edges = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) == 1 or "migrations" in relative.parts:
            continue
        app = relative.parts[0]
        package = ["opensit", *relative.parts[:-1]]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for module in _modules(node, package):
                parts = module.split(".")
                other = parts[1] if len(parts) > 1 and parts[0] == "opensit" else None
                if other in known and other != app:
                    edges[(app, other)].append(f"src/opensit/{relative.as_posix()}:{node.lineno}")
    return edges


def cycles(edges: Edges) -> list[str]:
    """One line per import that closes a cycle between two apps (A imports B, B imports A)."""
    lines = []
    for (a, b), places in sorted(edges.items()):
        if (b, a) in edges:
            lines += [f"{place}: {a} imports {b}, which imports {a}" for place in places]
    return lines


def app_map_table() -> str:
    """The section's table, written from `LAYERS`."""
    rows = ["| Layer | Apps | May import |", "| --- | --- | --- |"]
    below: list[str] = []
    for depth, layer in enumerate(LAYERS):
        allowed = ", ".join(sorted(below)) or "(no other app)"
        rows.append(f"| {depth} | {', '.join(layer)} | {allowed} |")
        below += layer
    return "\n".join(rows)


def test_the_walk_sees_the_imports_it_checks():
    edges = import_graph()
    # Known imports, each way the walker must read: module level, and `from opensit.x import`.
    assert any(p.startswith("src/opensit/catalog/") for p in edges[("catalog", "core")])
    assert ("partners", "diffusion") in edges
    assert not any(a == b for a, b in edges)


def test_no_two_apps_import_each_other():
    found = cycles(import_graph())
    assert not found, "Imports closing a cycle between two apps:\n" + "\n".join(found)


def test_cycles_are_reported_with_file_and_line():
    edges = {("a", "b"): ["src/opensit/a/x.py:3"], ("b", "a"): ["src/opensit/b/y.py:7"]}
    assert cycles(edges) == [
        "src/opensit/a/x.py:3: a imports b, which imports a",
        "src/opensit/b/y.py:7: b imports a, which imports b",
    ]


def test_every_app_is_on_the_map():
    assert apps() == set(LAYER_OF), "Place the new app in LAYERS and docs/architecture.md"


def test_imports_go_down_the_map():
    upward = [
        f"{place}: {a} (layer {LAYER_OF[a]}) imports {b} (layer {LAYER_OF[b]})"
        for (a, b), places in sorted(import_graph().items())
        if LAYER_OF[b] >= LAYER_OF[a]
        for place in places
    ]
    assert not upward, "Imports against the app map (docs/architecture.md):\n" + "\n".join(upward)


def test_the_docs_show_the_map():
    text = DOCS.read_text(encoding="utf-8")
    assert "## The app map" in text
    assert app_map_table() in text, "docs/architecture.md: write this table\n" + app_map_table()
