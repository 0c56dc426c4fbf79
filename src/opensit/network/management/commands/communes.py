"""`opensit communes`: load the official French communes (INSEE code, name, postal codes) into
`network.Commune`, from Etalab's `@etalab/decoupage-administratif` package.

Why: sources such as Apidae may name a commune by their own id, its postal code and name only;
resolving it to an INSEE code needs the official reference. The package tarball is fetched from
the npm registry on first use (checked against its published sha512), cached under the var
dir, and loaded idempotently: a second run changes nothing.
"""

import base64
import hashlib
import tarfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from opensit.network.models import Commune, department_of

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
TARBALL_URL = (
    "https://registry.npmjs.org/@etalab/decoupage-administratif/-/"
    f"decoupage-administratif-{VERSION}.tgz"
)
#: `dist.integrity` of the package on the npm registry: a changed file is refused.
INTEGRITY = (
    "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/"
    "7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
)
MEMBER = "package/data/communes.json"
#: Entries that are communes of their own (the Paris, Lyon and Marseille districts included:
#: sources locate objects in them); delegated and associated communes have no postal codes.
KINDS = ("commune-actuelle", "arrondissement-municipal")
BATCH = 2_000


def cache_path() -> Path:
    return Path(settings.VAR_DIR) / "references" / f"decoupage-administratif-{VERSION}.tgz"


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(refresh: bool = False, timeout: float = 60) -> Path:
    """The cached tarball, downloaded first if missing (OSError when it cannot be)."""
    path = cache_path()
    if path.is_file() and not refresh:
        return path
    with urllib.request.urlopen(TARBALL_URL, timeout=timeout) as answer:
        data = answer.read()
    if _integrity(data) != INTEGRITY:
        raise OSError(
            _("%(url)s: the file does not match its published sha512") % {"url": TARBALL_URL}
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(path)
    return path


def read_communes(tarball: Path) -> list[dict[str, Any]]:
    """The communes of the package: code, name, postal codes."""
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise OSError(_("%(file)s: no %(member)s inside") % {"file": tarball, "member": MEMBER})
        entries = orjson.loads(member.read())
    return [
        e
        for e in entries
        if isinstance(e, dict) and e.get("type") in KINDS and e.get("code") and e.get("nom")
    ]


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def load(rows: list[dict[str, Any]], advance=lambda n: None) -> tuple[int, int, int]:
    """Create or update the communes (name, postal codes, department). Returns (created,
    updated, unchanged). Coordinates set by other means are left alone."""
    created = updated = unchanged = 0
    for batch in _batches(rows):
        with transaction.atomic():
            existing = Commune.objects.in_bulk([str(r["code"]) for r in batch])
            new, changed = [], []
            for row in batch:
                code = str(row["code"])
                values = {
                    "name": str(row["nom"]),
                    "postal_codes": sorted({str(p) for p in row.get("codesPostaux") or []}),
                    "department": str(row.get("departement") or department_of(code)),
                }
                commune = existing.get(code)
                if commune is None:
                    new.append(Commune(insee=code, **values))
                elif any(getattr(commune, k) != v for k, v in values.items()):
                    for key, value in values.items():
                        setattr(commune, key, value)
                    changed.append(commune)
                else:
                    unchanged += 1
            Commune.objects.bulk_create(new)
            Commune.objects.bulk_update(changed, ["name", "postal_codes", "department"])
        created += len(new)
        updated += len(changed)
        advance(len(batch))
    return created, updated, unchanged


def ensure_loaded(refresh: bool = False) -> tuple[int, int, int]:
    """Fetch (once) and load the reference: what `opensit communes` does, for callers."""
    return load(read_communes(fetch(refresh)))


class Command(BaseCommand):
    help = _("Load the official French communes (INSEE codes, names, postal codes).")

    def add_arguments(self, parser):
        parser.add_argument("--file", help=_("A local copy of the package tarball (no download)"))
        parser.add_argument("--refresh", action="store_true", help=_("Download the package again"))
        parser.add_argument("--no-progress", action="store_true", help=_("Hide the progress bar"))

    def handle(self, *args, file, refresh, no_progress, **options):
        console = Console(file=self.stdout._out, highlight=False, soft_wrap=True)
        try:
            tarball = Path(file) if file else fetch(refresh)
            rows = read_communes(tarball)
        except (OSError, tarfile.TarError, orjson.JSONDecodeError) as exc:
            raise CommandError(
                _("Cannot read the communes reference (%(package)s %(version)s): %(error)s")
                % {"package": PACKAGE, "version": VERSION, "error": exc}
            ) from exc
        if no_progress:
            counts = load(rows)
        else:
            progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn()
            )
            with progress:
                task = progress.add_task(_("Communes"), total=len(rows))
                counts = load(rows, lambda n: progress.advance(task, n))
        console.print(
            _("Communes: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % dict(zip(("created", "updated", "unchanged"), counts, strict=True))
        )
