"""The project folder: finding it, its manifest, its studios and its sessions."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stemeco.errors import ProjectFileError, ProjectNotFound, UsageError
from stemeco.i18n import DEFAULT as DEFAULT_LANGUAGE
from stemeco.i18n import _, language_problem, set_language
from stemeco.resources import studios_dir
from stemeco.storage.cache import ParseCache
from stemeco.storage.files import check_inside
from stemeco.storage.read import read_yaml, read_yaml_with_lines

if TYPE_CHECKING:  # loaded when a command first asks for studios or sessions
    from stemeco.studios.definition import Studio
    from stemeco.studios.sessions import SessionState

MANIFEST = "stemeco.yaml"
SCHEMA_VERSION = 1
STUDIO_IDS = tuple(f"studio-{n}" for n in range(1, 5))


@dataclass(frozen=True)
class Manifest:
    municipality: str
    country: str = ""
    language: str = DEFAULT_LANGUAGE
    schema: int = SCHEMA_VERSION
    extra: dict[str, Any] = field(default_factory=dict)


def schema_problem(schema: object, present: bool = True) -> str | None:
    """Why a manifest's ``schema:`` is not one this stemeco reads, and what to do; else None.

    The schema is the format version of the project folder: a whole number,
    ``SCHEMA_VERSION`` for every project stemeco has made so far. A later
    change of the folder's layout raises it, and ``stemeco upgrade`` then
    migrates older projects; a number this stemeco does not know is refused,
    never guessed at.
    """
    fix = _("write 'schema: {schema}'").format(schema=SCHEMA_VERSION)
    if not present:
        return _(
            "'schema' is missing: stemeco writes the format version in every project; "
            "add the line 'schema: {schema}'"
        ).format(schema=SCHEMA_VERSION)
    if isinstance(schema, bool) or not isinstance(schema, int):
        meant = _whole(schema)
        if meant is not None and 1 <= meant < 1000:
            fix = _("write 'schema: {schema}'").format(schema=meant)
        if isinstance(schema, str):
            return _("'schema' is the text '{text}', not a number: {fix}").format(
                text=_short(schema), fix=fix
            )
        if isinstance(schema, float):
            return _("'schema' is {value}, not a whole number: {fix}").format(value=schema, fix=fix)
        if schema is None:
            return _("'schema' is empty, not a format version: {fix}").format(fix=fix)
        return _("'schema' is {value}, not a format version: {fix}").format(
            value=_short(str(schema).lower()), fix=fix
        )
    if schema > SCHEMA_VERSION:
        from stemeco import __version__

        return _(
            "schema {schema} is newer than this stemeco ({version}) reads "
            "(schema {known}): install a newer stemeco (pip install --upgrade stemeco)"
        ).format(schema=schema, version=__version__, known=SCHEMA_VERSION)
    if schema < 1:
        return _(
            "schema {schema} is not a format version stemeco ever wrote "
            "(they start at 1; this stemeco reads {known}): {fix}"
        ).format(schema=schema, known=SCHEMA_VERSION, fix=fix)
    return None


def _whole(value: object) -> int | None:
    """The whole number a person may have meant by ``"1"`` or ``1.0``, else None."""
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdecimal() and len(text) < 10:
        return int(text)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _short(text: str) -> str:
    """A value as one short line, for a message."""
    line = " ".join(text.split())
    return line if len(line) <= 40 else line[:39] + "…"


def read_manifest(path: Path) -> Manifest:
    """The manifest at ``path``; its language becomes the current one as soon as it is
    read, so that even a problem of the manifest is told in the project's language."""
    data = read_yaml(path)
    if isinstance(data, dict) and language_problem(data.get("language")) is None:
        set_language(data["language"])
    try:
        return _manifest(path, data, {})
    except ProjectFileError:
        data, lines = read_yaml_with_lines(path)  # again, to say on which line
        return _manifest(path, data, lines)


def _manifest(path: Path, data: Any, lines: dict[tuple[str | int, ...], int]) -> Manifest:
    if not isinstance(data, dict):
        raise ProjectFileError(path, _("the manifest must be a mapping"), line=1)
    schema = data.get("schema")
    problem = schema_problem(schema, "schema" in data)
    if problem is not None:
        raise ProjectFileError(path, problem, line=lines.get(("schema",), 1))
    assert isinstance(schema, int)
    municipality = data.get("municipality")
    if not isinstance(municipality, str) or not municipality.strip():
        raise ProjectFileError(
            path,
            _("'municipality' must be a non-empty name"),
            line=lines.get(("municipality",), 1),
        )
    language = data.get("language")
    if language is None or language == "":  # older projects, and a blank line: English
        language = DEFAULT_LANGUAGE
    problem = language_problem(language)
    if problem is not None:
        raise ProjectFileError(path, problem, line=lines.get(("language",), 1))
    known = {"schema", "municipality", "country", "language"}
    return Manifest(
        municipality=municipality,
        country=str(data.get("country") or ""),
        language=str(language),
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
        set_language(self.manifest.language)  # every message of this command speaks it
        self._sessions: dict[str, SessionState] = {}

    @classmethod
    def locate(cls, explicit: Path | None = None) -> Project:
        """The project at ``explicit``, or the nearest folder upward holding stemeco.yaml."""
        if explicit is not None:
            if not (explicit / MANIFEST).is_file():
                raise ProjectNotFound(
                    _("{path}: not a stemeco project (no {manifest})").format(
                        path=explicit, manifest=MANIFEST
                    ),
                    hint=_("create one with 'stemeco init PATH --municipality NAME'"),
                )
            return cls(explicit.resolve())
        root = find_root(Path.cwd())
        if root is None:
            raise ProjectNotFound(
                _("no {manifest} in {folder} or any parent folder").format(
                    manifest=MANIFEST, folder=Path.cwd()
                ),
                hint=_(
                    "run inside a project, pass --project PATH, or create one with "
                    "'stemeco init PATH --municipality NAME'"
                ),
            )
        return cls(root)

    @property
    def name(self) -> str:
        return self.manifest.municipality

    @property
    def language(self) -> str:
        """The project's language (``language:`` of stemeco.yaml): ``en``, ``es`` or ``he``."""
        return self.manifest.language

    def path(self, *parts: str) -> Path:
        """A path inside the project; refuses anything that would escape it, ``..`` or a
        link that leads outside (ProjectFileError, as for every write: see check_inside)."""
        written = self.root.joinpath(*parts)
        if not Path(os.path.normpath(written)).is_relative_to(self.root):
            raise UsageError(
                _("'{path}' is outside the project folder").format(path="/".join(parts))
            )
        check_inside(written)
        return written.resolve()

    def forget(self) -> None:
        """Forget the sessions read so far (a writer re-reads them under the project lock)."""
        self._sessions.clear()

    # ------------------------------------------------------------------ studios

    @cached_property
    def studios(self) -> dict[str, Studio]:
        """Every session definition: packaged ones, overridden or added by the project's,
        with their text in the project's language."""
        return self.studios_in(self.manifest.language)

    def studios_in(self, language: str) -> dict[str, Studio]:
        """Every session definition with its text in ``language`` (documents written in a
        second language read their labels here)."""
        from stemeco.studios.definition import SESSION_ID_PATTERN
        from stemeco.studios.loader import load_definition

        if language == self.manifest.language and "studios" in self.__dict__:
            return self.studios
        files: dict[str, Path] = {p.stem: p for p in sorted(studios_dir().glob("*.yaml"))}
        local = self.root / "studios"
        if local.is_dir():
            for p in sorted(local.glob("*.yaml")):
                if not SESSION_ID_PATTERN.fullmatch(p.stem):
                    raise ProjectFileError(
                        p, _("a session file name uses lower-case letters, digits and dashes only")
                    )
                files[p.stem] = p
        studios = {stem: load_definition(p, language, self.root) for stem, p in files.items()}
        return dict(sorted(studios.items(), key=lambda kv: (kv[1].number or 99, kv[0])))

    def studio(self, studio_id: str) -> Studio:
        try:
            return self.studios[studio_id]
        except KeyError:
            raise UsageError(
                _("no session '{id}'").format(id=studio_id), hint=_("see 'stemeco studio list'")
            ) from None

    def numbered_studio(self, number: int) -> Studio:
        if not 1 <= number <= 4:
            raise UsageError(
                _("there is no Studio {number}").format(number=number),
                hint=_("the studios are 1 to 4"),
            )
        return self.studio(f"studio-{number}")

    def session_path(self, studio_id: str) -> Path:
        return self.path("sessions", f"{studio_id}.yaml")

    def session(self, studio_id: str) -> SessionState:
        """The session's saved state, read once per Project (the engine edits it in place)."""
        if studio_id not in self._sessions:
            from stemeco.studios.sessions import read_session

            self._sessions[studio_id] = read_session(self.session_path(studio_id), studio_id)
        return self._sessions[studio_id]

    def all_answers(self) -> dict[str, dict[str, Any]]:
        return {sid: self.session(sid).answers for sid in self.studios}
