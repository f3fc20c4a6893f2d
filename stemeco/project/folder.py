"""The project folder: finding it, its manifest, its studios and its sessions."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from stemeco.errors import ProjectFileError, ProjectNotFound, UsageError
from stemeco.resources import studios_dir
from stemeco.storage.cache import ParseCache
from stemeco.storage.files import check_inside
from stemeco.storage.read import read_yaml, read_yaml_with_lines
from stemeco.studios.definition import SESSION_ID_PATTERN, Studio
from stemeco.studios.loader import load_definition
from stemeco.studios.sessions import SessionState, read_session

MANIFEST = "stemeco.yaml"
SCHEMA_VERSION = 1
STUDIO_IDS = tuple(f"studio-{n}" for n in range(1, 5))


@dataclass(frozen=True)
class Manifest:
    municipality: str
    country: str = ""
    language: str = "en"
    schema: int = SCHEMA_VERSION
    extra: dict[str, Any] = field(default_factory=dict)


def read_manifest(path: Path) -> Manifest:
    data = read_yaml(path)
    try:
        return _manifest(path, data, {})
    except ProjectFileError:
        data, lines = read_yaml_with_lines(path)  # again, to say on which line
        return _manifest(path, data, lines)


def _manifest(path: Path, data: Any, lines: dict[tuple[str | int, ...], int]) -> Manifest:
    if not isinstance(data, dict):
        raise ProjectFileError(path, "the manifest must be a mapping", line=1)
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise ProjectFileError(
            path,
            "'schema' must be a whole number",
            line=lines.get(("schema",)),
            hint=f"this stemeco writes schema {SCHEMA_VERSION}",
        )
    if schema > SCHEMA_VERSION:
        raise ProjectFileError(
            path,
            f"schema {schema} is newer than this stemeco understands ({SCHEMA_VERSION})",
            line=lines.get(("schema",)),
            hint="upgrade stemeco",
        )
    municipality = data.get("municipality")
    if not isinstance(municipality, str) or not municipality.strip():
        raise ProjectFileError(
            path, "'municipality' must be a non-empty name", line=lines.get(("municipality",), 1)
        )
    known = {"schema", "municipality", "country", "language"}
    return Manifest(
        municipality=municipality,
        country=str(data.get("country") or ""),
        language=str(data.get("language") or "en"),
        schema=schema,
        extra={k: v for k, v in data.items() if k not in known},
    )


def find_root(start: Path) -> Path | None:
    current = start.resolve()
    for folder in (current, *current.parents):
        if (folder / MANIFEST).is_file():
            return folder
    return None


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        ParseCache.use_for(root.resolve())
        self.manifest_path = root / MANIFEST
        self.manifest = read_manifest(self.manifest_path)
        self._sessions: dict[str, SessionState] = {}

    @classmethod
    def locate(cls, explicit: Path | None = None) -> Project:
        """The project at ``explicit``, or the nearest folder upward holding stemeco.yaml."""
        if explicit is not None:
            if not (explicit / MANIFEST).is_file():
                raise ProjectNotFound(
                    f"{explicit}: not a stemeco project (no {MANIFEST})",
                    hint="create one with 'stemeco init PATH --municipality NAME'",
                )
            return cls(explicit.resolve())
        root = find_root(Path.cwd())
        if root is None:
            raise ProjectNotFound(
                f"no {MANIFEST} in {Path.cwd()} or any parent folder",
                hint="run inside a project, pass --project PATH, or create one with "
                "'stemeco init PATH --municipality NAME'",
            )
        return cls(root)

    @property
    def name(self) -> str:
        return self.manifest.municipality

    def path(self, *parts: str) -> Path:
        """A path inside the project; refuses anything that would escape it, ``..`` or a
        link that leads outside (ProjectFileError, as for every write: see check_inside)."""
        written = self.root.joinpath(*parts)
        if not Path(os.path.normpath(written)).is_relative_to(self.root):
            raise UsageError(f"'{'/'.join(parts)}' is outside the project folder")
        check_inside(written)
        return written.resolve()

    def forget(self) -> None:
        """Forget the sessions read so far (a writer re-reads them under the project lock)."""
        self._sessions.clear()

    # ------------------------------------------------------------------ studios

    @cached_property
    def studios(self) -> dict[str, Studio]:
        """Every session definition: packaged ones, overridden or added by the project's."""
        files: dict[str, Path] = {p.stem: p for p in sorted(studios_dir().glob("*.yaml"))}
        local = self.root / "studios"
        if local.is_dir():
            for p in sorted(local.glob("*.yaml")):
                if not SESSION_ID_PATTERN.fullmatch(p.stem):
                    raise ProjectFileError(
                        p, "a session file name uses lower-case letters, digits and dashes only"
                    )
                files[p.stem] = p
        studios = {stem: load_definition(p) for stem, p in files.items()}
        return dict(sorted(studios.items(), key=lambda kv: (kv[1].number or 99, kv[0])))

    def studio(self, studio_id: str) -> Studio:
        try:
            return self.studios[studio_id]
        except KeyError:
            raise UsageError(
                f"no session '{studio_id}'", hint="see 'stemeco studio list'"
            ) from None

    def numbered_studio(self, number: int) -> Studio:
        if not 1 <= number <= 4:
            raise UsageError(f"there is no Studio {number}", hint="the studios are 1 to 4")
        return self.studio(f"studio-{number}")

    def session_path(self, studio_id: str) -> Path:
        return self.path("sessions", f"{studio_id}.yaml")

    def session(self, studio_id: str) -> SessionState:
        """The session's saved state, read once per Project (the engine edits it in place)."""
        if studio_id not in self._sessions:
            self._sessions[studio_id] = read_session(self.session_path(studio_id), studio_id)
        return self._sessions[studio_id]

    def all_answers(self) -> dict[str, dict[str, Any]]:
        return {sid: self.session(sid).answers for sid in self.studios}
