"""The one exception family of stemeco.

Domain code raises these; the command line's single handler prints the message
as one line on stderr and exits with the class's code. Nothing else in the
package calls ``sys.exit``.

| class | exit code | meaning |
|---|---|---|
| StemecoError | 1 | generic failure |
| UsageError | 2 | the command was called wrongly |
| ProjectNotFound | 2 | no stemeco.yaml here or above |
| ProjectFileError | 3 | a project file is broken (YAML, manifest) |
| UnreadableFiles | 3 | the same, with every problem of the project listed |
| ValidationFailed | 4 | one or more values break the rules |
| TemplateError | 5 | a document template failed |
| NotATerminal | 6 | an interactive command without a terminal |
| DiskError | 7 | a file could not be written: read-only folder, full disk, no permission |
| ProjectBusy | 8 | another stemeco command is changing the project: try again in a moment |
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, replace
from pathlib import Path

from stemeco.i18n import N_, _


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is: ``file:line: where: message``.

    Every check, validation and refusal in stemeco speaks in Problems; the
    command line prints them one per line. ``where`` names the key or field
    (``answers.vision``, ``events[2].date``); ``path`` and ``line`` may be
    unknown (a value typed on the command line has neither).
    """

    message: str
    where: str = ""
    line: int | None = None
    path: Path | None = None

    def at(self, path: Path) -> Problem:
        """The same problem, in ``path`` (when it did not say already)."""
        return self if self.path is not None else replace(self, path=path)

    def render(self, root: Path | None = None) -> str:
        parts = []
        if self.path is not None:
            shown = str(self.path)
            if root is not None:
                try:
                    shown = self.path.relative_to(root).as_posix()
                except ValueError:
                    pass
            parts.append(f"{shown}:{self.line}" if self.line else shown)
        if self.where:
            parts.append(self.where)
        parts.append(self.message)
        return ": ".join(parts)

    def __str__(self) -> str:
        return self.render()


class StemecoError(Exception):
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(StemecoError):
    exit_code = 2


class ProjectNotFound(StemecoError):
    exit_code = 2


class ProjectFileError(StemecoError):
    """A file of the project cannot be read: names the file and, when known, the line."""

    exit_code = 3

    def __init__(
        self, path: Path | str, reason: str, *, line: int | None = None, hint: str | None = None
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {reason}", hint=hint)

    @property
    def problem(self) -> Problem:
        return Problem(self.reason, line=self.line, path=self.path)


class ValidationFailed(StemecoError):
    """Several problems at once; each is printed as one ``file:line: where: message`` line."""

    exit_code = 4

    def __init__(self, problems: list[Problem], *, summary: str, hint: str | None = None) -> None:
        self.problems = problems
        super().__init__(summary, hint=hint)


class UnreadableFiles(ValidationFailed):
    """Problems of a project of which some file cannot be read (YAML, a folder in its place)."""

    exit_code = 3


class TemplateError(StemecoError):
    exit_code = 5


class NotATerminal(StemecoError):
    exit_code = 6


#: What to do when the system refuses a write, by errno (in English: see :func:`_`).
_DISK_HINTS: dict[int, str] = {
    errno.ENOSPC: N_("the disk is full: free some space, then retry"),
    errno.EDQUOT: N_("your disk quota is used up: free some space, then retry"),
    errno.EROFS: N_("the folder is on a read-only disk: copy the project somewhere writable"),
    errno.EACCES: N_("permission denied: check the permissions of the file and its folder"),
    errno.EPERM: N_("permission denied: check the permissions of the file and its folder"),
    errno.EISDIR: N_("move the folder away or rename it, then retry"),
    errno.ENOTDIR: N_("move the file away or rename it, then retry"),
    errno.EEXIST: N_("move the file away or rename it, then retry"),
    errno.ENAMETOOLONG: N_("the name is too long for this disk: use a shorter one"),
    errno.EIO: N_("the disk reported an input/output error: check the disk, then retry"),
}
#: What the system refused, by the action stemeco was taking.
_CANNOT: dict[str, str] = {
    "write": N_("cannot write {path}: {reason}"),
    "use": N_("cannot use {path}: {reason}"),
    "lock": N_("cannot lock {path}: {reason}"),
}


class DiskError(StemecoError):
    """The system refused to write a file (read-only folder, full disk, no permission...).

    Names the file and what to do; the file itself is left as it was.
    """

    exit_code = 7

    def __init__(
        self, path: Path | str, reason: str, *, hint: str | None = None, action: str = "write"
    ) -> None:
        self.path = Path(path)
        self.reason = reason
        message = _(_CANNOT.get(action, _CANNOT["use"])).format(path=path, reason=reason)
        super().__init__(message, hint=hint)

    @classmethod
    def from_os_error(
        cls, exc: OSError, path: Path | str | None = None, *, action: str = "write"
    ) -> DiskError:
        """The DiskError for ``exc``, raised while writing (``action``) ``path``."""
        where = path if path is not None else exc.filename or _("a file")
        if exc.errno in (errno.EEXIST, errno.ENOTDIR) and exc.filename:
            reason = _("{path} is a file, not a folder").format(path=exc.filename)
        elif exc.errno == errno.EISDIR and exc.filename:
            reason = _("{path} is a folder, not a file").format(path=exc.filename)
        elif exc.strerror:
            reason = exc.strerror
        elif exc.errno:
            reason = os.strerror(exc.errno)
        else:
            reason = str(exc) or type(exc).__name__
        hint = _(_DISK_HINTS.get(exc.errno or 0, N_("check the disk and the folder, then retry")))
        return cls(where, reason, hint=hint, action=action)


class ProjectBusy(StemecoError):
    """Another stemeco command holds the project's lock (it is writing) for longer than we wait.

    Nothing was written by this command; running it again once the other one has
    finished is safe. The lock is the operating system's: it goes away with the
    process that held it, even after a crash.
    """

    exit_code = 8
