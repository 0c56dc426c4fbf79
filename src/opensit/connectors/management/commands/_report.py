"""What `opensit import` and `opensit import-report` print about a run's issues: grouped by
level, field path and kind of message, with counts, so that 2,000 warnings read as the five
problems they are (`12× media[].url: not an http(s) URL`)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.console import Console
from rich.markup import escape

from opensit.connectors.models import ImportIssue, ImportRun

_INDEX = re.compile(r"\[\d+\]|(?<=\.)\d+(?=\.|$)|^\d+(?=\.)")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:[.,]\d+)?(?![\w])")


def issue_path(field_name: str) -> str:
    """A field path with its list positions folded: `media.3.url` and `media[3].url` are
    `media[].url`, so the same problem in every record counts as one kind."""
    folded = _INDEX.sub("[]", field_name)
    return folded.replace(".[]", "[]")


def issue_kind(message: str) -> str:
    """A message with the values it quotes left out, so that messages differing only in the
    faulty value group together (`invalid INSEE code '7501', kept in extra`)."""
    return _NUMBER.sub("…", _QUOTED.sub("…", message)).strip()


@dataclass
class IssueGroup:
    """The issues of one level, path and kind: how many, and where the first one is."""

    level: str
    path: str
    kind: str
    count: int
    example: str
    where: str


def group_issues(issues: Iterable[tuple[str, str, str, str, str]]) -> list[IssueGroup]:
    """Group (level, file, source_id, field, message) rows, errors first, then by count."""
    groups: dict[tuple[str, str, str], IssueGroup] = {}
    for level, file, source_id, field_name, message in issues:
        key = (level, issue_path(field_name), issue_kind(message))
        group = groups.get(key)
        if group is None:
            where = " ".join(part for part in (file, source_id) if part)
            groups[key] = IssueGroup(level, key[1], key[2], 1, message, where)
        else:
            group.count += 1
    return sorted(groups.values(), key=lambda g: (g.level != "error", -g.count, g.path, g.kind))


def run_groups(run: ImportRun) -> list[IssueGroup]:
    """The grouped issues of a stored run."""
    rows = ImportIssue.objects.filter(run=run).order_by("id")
    return group_issues(
        rows.values_list("level", "file", "source_id", "field", "message").iterator(chunk_size=5000)
    )


def level_label(level: str) -> str:
    return _("error") if level == "error" else _("warning")


def print_group(console: Console, group: IssueGroup) -> None:
    """One line: `12× media[].url: not an http(s) URL (first: file.json 123)`."""
    colour = "red" if group.level == "error" else "yellow"
    path = group.path or _("(record)")
    text = group.example if group.count == 1 else group.kind
    line = f"[{colour}]{escape(level_label(group.level))}[/{colour}] {group.count}× "
    line += f"{escape(path)}: {escape(text)}"
    if group.where:
        line += " " + escape(_("(first: %(where)s)") % {"where": group.where})
    console.print(line, markup=True)


def print_groups(console: Console, run: ImportRun, limit: int) -> None:
    """The first `limit` kinds of issue, then where to read them all."""
    groups = run_groups(run)
    if not groups:
        return
    issues = sum(g.count for g in groups)
    console.print(
        ngettext(
            "%(n)d issue, by kind and field:",
            "%(n)d issues, by kind and field:",
            issues,
        )
        % {"n": issues}
    )
    for group in groups[:limit]:
        print_group(console, group)
    if len(groups) > limit:
        console.print(
            ngettext(
                "… and %(n)d more kind of issue.",
                "… and %(n)d more kinds of issue.",
                len(groups) - limit,
            )
            % {"n": len(groups) - limit}
        )
    console.print(
        _("Every issue of this run: opensit import-report %(id)d") % {"id": run.pk},
        markup=False,
    )


def print_unknown_keys(console: Console, run: ImportRun, limit: int) -> None:
    """Source fields no mapping reads, by path and count (`47× offers.hasFoo`)."""
    if not run.unknown_keys:
        return
    keys = sorted(run.unknown_keys.items(), key=lambda kv: (-kv[1], kv[0]))
    console.print(
        ngettext(
            "%(n)d source field with no mapping (kept in the raw payload):",
            "%(n)d source fields with no mapping (kept in the raw payload):",
            len(keys),
        )
        % {"n": len(keys)}
    )
    for key, count in keys[:limit]:
        console.print(f"  {count}× {escape(key)}", markup=True)
    if len(keys) > limit:
        console.print(
            ngettext("  … and %(n)d more field.", "  … and %(n)d more fields.", len(keys) - limit)
            % {"n": len(keys) - limit}
        )
