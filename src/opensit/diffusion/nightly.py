"""What a selection or a project reads, as ids to export, and the nightly dumps of every project.

The formats app writes dumps of any set of objects (`formats.export.write_dumps`); which
objects a selection or a project may read is diffusion's to say, so the project-scoped part of
the nightly run lives here (`opensit export nightly`, served by `diffusion.dumps`).
"""

import shutil
from collections.abc import Iterable
from pathlib import Path

from django.utils.translation import gettext as _

from opensit.diffusion.models import DiffusionProject, Selection
from opensit.diffusion.selections import evaluate, project_scope
from opensit.formats.export import ExportError, write_dumps

PROJECTS_DIR = "projects"


def scope_ids(selection: str | None = None, project: str | None = None) -> set[str] | None:
    """The ids a selection or a project's scope holds; None means the whole public catalog."""
    if not selection and not project:
        return None
    ids: set[str] | None = None
    if selection:
        found = Selection.objects.filter(slug=selection).first()
        if found is None:
            raise ExportError(_("Unknown selection %(slug)r (--selection).") % {"slug": selection})
        ids = set(evaluate(found))
    if project:
        lookup = {"pk": int(project)} if project.isdigit() else {"name": project}
        found_project = DiffusionProject.objects.filter(**lookup).first()
        if found_project is None:
            raise ExportError(_("Unknown project %(name)r (--project).") % {"name": project})
        scope = project_scope(found_project)
        if scope is not None:
            ids = scope if ids is None else ids & scope
    return ids


def project_dump_dir(output_dir: Path, project_id: int) -> Path:
    """Where the dumps of a project reading only some selections live."""
    return output_dir / PROJECTS_DIR / str(project_id)


def nightly(
    output_dir: Path,
    *,
    formats: Iterable[str] | None = None,
    lang: str | None = None,
    projects: bool = True,
) -> dict:
    """The dumps of the whole public catalog in `output_dir`, and, with `projects`, those of
    every active project whose scope is some selections in `projects/<id>/` (the diffusion API
    serves each project its own). Folders of projects no longer scoped are removed. The
    `report` of every folder written is in `index["report"]` (projects under their id)."""
    index = write_dumps(output_dir, formats=formats, lang=lang)
    if not projects:
        return index
    scoped = DiffusionProject.objects.filter(
        status=DiffusionProject.Status.ACTIVE, scope=DiffusionProject.Scope.SELECTIONS
    ).order_by("pk")
    written = set()
    index["projects"] = {}
    index["report"]["projects"] = {}
    for project in scoped:
        target = project_dump_dir(output_dir, project.pk)
        sub = write_dumps(target, ids=project_scope(project) or set(), formats=formats, lang=lang)
        index["projects"][str(project.pk)] = sub["files"]
        index["report"]["projects"][str(project.pk)] = sub["report"]
        written.add(target.name)
    root = output_dir / PROJECTS_DIR
    if root.is_dir():
        for folder in root.iterdir():
            if folder.is_dir() and folder.name.isdigit() and folder.name not in written:
                shutil.rmtree(folder)
    return index
