"""``stemeco upgrade``: bring a project made by an older stemeco up to this one.

What an older project may lack, each reported by ``stemeco check`` with this
command as the fix, and nothing else changed:

- the ``merge=union`` lines of ``.gitattributes`` (see :mod:`stemeco.storage.merging`),
  without which records added on two git branches conflict when they merge;
- safe file names: a record file named after a name Windows keeps for a device
  (``assets/con.yaml``) cannot be checked out on Windows; it is renamed to the
  name :func:`stemeco.text.slugify` gives today (``assets/con-1.yaml``), an
  indicator together with its measurements.

The folder's layout is the same, so the manifest's ``schema`` stays; a later
change of layout raises ``SCHEMA_VERSION`` and adds its migration here. The
command changes files only; committing them is the team's (``git commit``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from stemeco.errors import Problem, ProjectFileError, UsageError
from stemeco.i18n import _
from stemeco.storage.files import atomic_write_text
from stemeco.storage.lock import writes
from stemeco.storage.merging import UNION_COMMENT, UNION_EXAMPLES, UNION_PATTERNS
from stemeco.text import reserved_on_windows, slugify

ATTRIBUTES = ".gitattributes"
#: Folders of records whose file names stemeco makes from a person's text.
RECORD_FOLDERS: tuple[str, ...] = ("assets", "interviews", "indicators", "measurements")
ASSESSMENTS = "assessments"  # assessments/<round date>/<respondent>.yaml


# ------------------------------------------------------------------ .gitattributes


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A ``.gitattributes`` pattern as a regular expression over project paths."""
    anchored = "/" in pattern.rstrip("/")
    body = pattern.lstrip("/")
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if body.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[" and "]" in body[i + 2 :]:
            end = body.index("]", i + 2)
            inner = body[i + 1 : end].replace("\\", "\\\\")
            out.append(f"[{'^' + inner[1:] if inner[:1] == '!' else inner}]")
            i = end + 1
            continue
        else:
            out.append(re.escape(ch))
        i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(prefix + "".join(out))


def merge_driver(text: str, path: str) -> str | None:
    """The ``merge`` attribute that ``text`` (a ``.gitattributes``) gives ``path``.

    ``"union"`` or another driver's name; ``"text"`` when set without a value,
    ``"binary"`` when unset, None when unspecified. The last matching line wins.
    """
    found: str | None = None
    for raw in text.splitlines():
        words = raw.split()
        if not words or words[0].startswith("#"):
            continue
        if not _pattern_regex(words[0]).fullmatch(path):
            continue
        for attribute in words[1:]:
            if attribute in ("merge", "-merge", "binary", "!merge"):
                found = {"merge": "text", "!merge": None}.get(attribute, "binary")
            elif attribute.startswith("merge="):
                found = attribute.removeprefix("merge=")
    return found


def _attributes(root: Path) -> str:
    """The project's ``.gitattributes`` ("" when there is none)."""
    path = root / ATTRIBUTES
    if not path.exists():
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProjectFileError(
            path, _("not UTF-8 text"), hint=_("save the file as UTF-8")
        ) from None
    except OSError as exc:
        raise ProjectFileError(
            path, _("cannot be read: {reason}").format(reason=exc.strerror or exc)
        ) from None


def missing_union(root: Path) -> list[str]:
    """The patterns of :data:`UNION_PATTERNS` the project's ``.gitattributes`` does not merge
    by union (or by a driver of the team's own)."""
    text = _attributes(root)
    return [
        pattern
        for pattern in UNION_PATTERNS
        if merge_driver(text, UNION_EXAMPLES[pattern]) in (None, "text", "binary")
    ]


def _with_union(text: str, patterns: list[str]) -> str:
    if text and not text.endswith("\n"):
        text += "\n"
    lines = "".join(f"{pattern} merge=union\n" for pattern in patterns)
    return f"{text}{UNION_COMMENT}\n{lines}"


# ------------------------------------------------------------------ file names


def _reserved_in(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries]
    except OSError:  # not a folder (check reports it), or gone
        return []
    found = (folder / n for n in names if n.endswith(".yaml") and reserved_on_windows(n))
    return sorted(p for p in found if p.is_file())


def unsafe_names(root: Path) -> list[tuple[Path, Path]]:
    """Record files Windows cannot check out, each with the name it gets."""
    found: list[Path] = []
    for name in RECORD_FOLDERS:
        found += _reserved_in(root / name)
    rounds = root / ASSESSMENTS
    for round_folder in sorted(rounds.iterdir()) if rounds.is_dir() else []:
        if round_folder.is_dir():
            found += _reserved_in(round_folder)
    return [(p, p.with_name(f"{slugify(p.stem, fallback='record')}.yaml")) for p in found]


# ------------------------------------------------------------------ check and upgrade


def needed(root: Path) -> list[Problem]:
    """What ``stemeco upgrade`` would change, as problems for ``stemeco check``."""
    problems: list[Problem] = []
    try:
        missing = missing_union(root)
    except ProjectFileError as exc:
        missing, problems = [], [exc.problem]
    if missing:
        what = ", ".join(p.lstrip("/") for p in missing)
        problems.append(
            Problem(
                _(
                    "records added on two git branches will conflict when merged: run "
                    "'stemeco upgrade' (it adds 'merge=union' for {patterns})"
                ).format(patterns=what),
                path=root / ATTRIBUTES,
            )
        )
    for path, target in unsafe_names(root):
        problems.append(
            Problem(
                _(
                    "Windows cannot check out a file of this name: run 'stemeco upgrade' "
                    "to rename it {name}"
                ).format(name=target.name),
                path=path,
            )
        )
    return problems


@dataclass
class Upgrade:
    """What ``stemeco upgrade`` changed: lines added, files renamed (old, new)."""

    attributes: list[str] = field(default_factory=list)
    renamed: list[tuple[Path, Path]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.attributes or self.renamed)


@writes
def upgrade(root: Path) -> Upgrade:
    """Make the changes :func:`needed` lists. A rename onto an existing file is
    refused before anything is changed."""
    renames = unsafe_names(root)
    for source, target in renames:
        if target.exists():
            shown = target.relative_to(root).as_posix()
            raise UsageError(
                _("cannot rename {file}: {other} exists already; nothing was changed").format(
                    file=source.relative_to(root).as_posix(), other=shown
                ),
                hint=_("rename one of the two by hand, then run 'stemeco upgrade' again"),
            )
    done = Upgrade()
    missing = missing_union(root)
    if missing:
        atomic_write_text(root / ATTRIBUTES, _with_union(_attributes(root), missing))
        done.attributes = [f"{pattern} merge=union" for pattern in missing]
    for source, target in renames:
        source.rename(target)
        done.renamed.append((source, target))
    return done
