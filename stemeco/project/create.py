"""Creating a project folder (``stemeco init``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stemeco.errors import UsageError
from stemeco.i18n import N_, _
from stemeco.project.folder import MANIFEST, SCHEMA_VERSION, Project, find_root
from stemeco.resources import example_dir
from stemeco.storage.files import atomic_write_text
from stemeco.storage.lock import LOCK_FILE
from stemeco.storage.merging import GITATTRIBUTES

EXAMPLE_TOKEN = "Millbrook"

MILLBROOK = "millbrook"
#: The San Diego example: its roster (``stemeco/community/rosters/``) and built-in mapping.
SAN_DIEGO = "san-diego"
#: What ``stemeco init --example NAME`` can fill a project with; ``--example`` alone
#: is Millbrook.
EXAMPLES: dict[str, str] = {
    MILLBROOK: N_("a complete fictional municipality, and what --example alone gives"),
    SAN_DIEGO: N_("the real San Diego County asset map, 153 partners and 330 programs"),
}
SAN_DIEGO_FILES = ("partners.csv", "programs.csv")
SAN_DIEGO_COUNTRY = "United States"
SAN_DIEGO_README = """
The asset map in `assets/` was imported from the public listings of the San Diego
County STEM Ecosystem, which ship with stemeco (`stemeco/community/rosters/san-diego/`,
contact details removed), with the built-in mapping `--map san-diego`. Records marked
`needs_review` are the ones to check first, one at a time with suggestions:
`stemeco assets review`.
"""

PROJECT_README = """\
# {name} STEM Learning Ecosystem

This folder is managed with [stemeco](https://pypi.org/project/stemeco/): every
decision of the design team is plain YAML, and the documents in `docs/` are
rendered from it with `stemeco render`. Do not edit `docs/` by hand.

- `stemeco.yaml`: the project manifest
- `sessions/`: the answers of each Design Studio and guided session
- `docs/`: the rendered blueprint and other documents
- `templates/`, `studios/` (optional): your own versions of a document template
  or a session definition, by file name

Start with `stemeco status`.
"""

#: What git should never commit in a project: the lock every writing command holds,
#: and the temporary file a write killed half-way leaves (``stemeco check`` reports those).
GITIGNORE = f"""\
# Written by stemeco init: files that are not part of the project.
{LOCK_FILE}
.*.tmp
"""


@dataclass
class Created:
    path: Path
    files: list[str] = field(default_factory=list)
    git_commit: bool = False
    git_note: str = ""
    example: str | None = None
    #: for an example with an asset map: its organisations, programs and records to review
    assets: tuple[int, int, int] | None = None


def _manifest_text(municipality: str, country: str, language: str = "en") -> str:
    from ruamel.yaml.comments import CommentedMap

    from stemeco.storage.roundtrip import dump_document, to_yaml_value

    doc = CommentedMap()
    doc.yaml_set_start_comment(
        "stemeco project manifest. 'schema' is the format version "
        "of this folder; do not change it by hand."
    )
    doc["schema"] = SCHEMA_VERSION
    doc["municipality"] = to_yaml_value(municipality)
    doc["country"] = to_yaml_value(country)
    doc["language"] = language
    return dump_document(doc)


def _check_name(municipality: str) -> str:
    name = municipality.strip()
    if not name:
        raise UsageError(_("the municipality name is empty"), hint=_("pass --municipality NAME"))
    if any(ch in name for ch in "\r\n\t") or len(name) > 120:
        raise UsageError(_("the municipality name must be one line of at most 120 characters"))
    return name


def example_name(example: bool | str | None) -> str | None:
    """The example ``--example`` names (``True``: the first), or None; refused when unknown."""
    if example is True:
        return MILLBROOK
    if example is None or example is False:
        return None
    wanted = example.strip().casefold()
    if wanted not in EXAMPLES:
        shown = "; ".join(f"{key}, {_(text)}" for key, text in EXAMPLES.items())
        raise UsageError(
            _("there is no example '{name}'; nothing was changed").format(name=example),
            hint=_("use one of: {examples}").format(examples=shown),
        )
    return wanted


def create(
    path: Path,
    municipality: str,
    *,
    country: str = "",
    example: bool | str | None = False,
    git: bool = True,
    nested: bool = False,
    language: str = "en",
) -> Created:
    """Create a project at ``path``: refuse a non-empty folder and change nothing then.

    A folder inside another project is refused too (its commands would find the
    new project, and the outer one's ``check`` would not see it), unless ``nested``.
    ``example``: ``True`` or an example's name (:data:`EXAMPLES`) fills it with that
    example; an unknown name is refused before anything is made.
    """
    name = _check_name(municipality)
    chosen = example_name(example)
    if chosen == SAN_DIEGO and not country.strip():
        country = SAN_DIEGO_COUNTRY
    outer = find_root(path.resolve())
    if outer is not None and not nested:
        raise UsageError(
            _("{path} is inside the stemeco project in {outer}; nothing was changed").format(
                path=path, outer=outer
            ),
            hint=_("choose a folder outside it, or pass --nested to create one inside anyway"),
        )
    if path.exists() and not path.is_dir():
        raise UsageError(
            _("{path} exists and is not a folder").format(path=path),
            hint=_("choose another PATH"),
        )
    if path.is_dir() and any(path.iterdir()):
        raise UsageError(
            _("{path} is not empty; nothing was changed").format(path=path),
            hint=_("choose a new or empty folder"),
        )
    made_folder = not path.exists()
    try:
        path.mkdir(parents=True, exist_ok=True)
        created = _fill(path, name, country.strip(), chosen, language)
    except BaseException:
        _undo(path, made_folder)
        raise
    if git:
        created.git_commit, created.git_note = _git_commit(path, name)
    return created


def _fill(
    path: Path, name: str, country: str, example: str | None, language: str = "en"
) -> Created:
    created = Created(path, example=example)

    def write(relative: str, text: str) -> None:
        atomic_write_text(path / relative, text)
        created.files.append(relative)

    write(MANIFEST, _manifest_text(name, country, language))
    write(".gitattributes", GITATTRIBUTES)  # LF endings; union merges (storage.merging)
    write(".gitignore", GITIGNORE)
    readme = PROJECT_README.format(name=name)
    write("README.md", readme + (SAN_DIEGO_README if example == SAN_DIEGO else ""))
    (path / "sessions").mkdir()
    from stemeco import registry

    for scaffold in registry.scaffolders():  # folders and files each feature adds
        scaffold(path, example == MILLBROOK)
    if example == SAN_DIEGO:
        created.assets = _import_san_diego(path)
    elif example == MILLBROOK:
        from stemeco.project.example import Shift
        from stemeco.text import today

        shift = Shift.for_day(today())  # the story told as seen today (see project.example)
        for source in sorted(example_dir().rglob("*.yaml")):
            relative = shift.path(source.relative_to(example_dir()).as_posix())
            write(relative, shift.text(source.read_text(encoding="utf-8")))
            if name != EXAMPLE_TOKEN:
                atomic_write_text(path / relative, _personalise(path / relative, name))
        for finish in registry.example_finishers():  # data derived from the copied files
            finish(path)
    from stemeco.documents.output import write_documents

    result = write_documents(Project(path))
    created.files.extend(result.written)
    return created


def _import_san_diego(path: Path) -> tuple[int, int, int]:
    """The San Diego roster imported as ``stemeco assets import ... --map san-diego`` would:
    (organisations, programs, records to review)."""
    from stemeco.community.assets import load_assets
    from stemeco.community.importer import import_csv
    from stemeco.resources import roster_dir

    for file in SAN_DIEGO_FILES:
        import_csv(path, roster_dir(SAN_DIEGO) / file, mapping_spec=SAN_DIEGO)
    orgs = load_assets(path)
    review = sum(1 for o in orgs if o.needs_review or any(p.needs_review for p in o.programs))
    return len(orgs), sum(len(o.programs) for o in orgs), review


def _personalise(source: Path, name: str) -> str:
    """The example's text with the fictional city's name replaced, quoting kept safe."""
    from stemeco.storage.roundtrip import dump_document, load_document, to_yaml_value

    doc = load_document(source)

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return (
                to_yaml_value(node.replace(EXAMPLE_TOKEN, name)) if EXAMPLE_TOKEN in node else node
            )
        if isinstance(node, dict):
            for key in list(node):
                node[key] = walk(node[key])
        elif isinstance(node, list):
            for index, item in enumerate(node):
                node[index] = walk(item)
        return node

    return dump_document(walk(doc))


def _undo(path: Path, made_folder: bool) -> None:
    if made_folder:
        shutil.rmtree(path, ignore_errors=True)
    else:
        for child in path.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


def _git_commit(path: Path, name: str) -> tuple[bool, str]:
    git = shutil.which("git")
    if git is None:
        return False, _("git is not installed: the folder is not a repository yet")
    env = dict(os.environ)
    identity: list[str] = []
    probe = subprocess.run(
        [git, "config", "user.email"],
        cwd=path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if not probe.stdout.strip():
        identity = ["-c", "user.name=stemeco", "-c", "user.email=stemeco@localhost"]
    steps = [
        [git, "init", "-q"],
        [git, "add", "-A"],
        [
            git,
            *identity,
            "commit",
            "-q",
            "-m",
            _("Start the {municipality} STEM ecosystem project").format(municipality=name),
        ],
    ]
    for command in steps:
        done = subprocess.run(
            command, cwd=path, capture_output=True, text=True, env=env, check=False
        )
        if done.returncode != 0:
            reason = (done.stderr or done.stdout).strip().splitlines()
            return False, _("git {step} failed: {reason}").format(
                step=command[-1] if len(command) < 4 else "commit",
                reason=reason[-1] if reason else _("unknown error"),
            )
    return True, _("made a git repository with a first commit")
