"""Writing files: atomically (temporary file, fsync, rename), UTF-8 with LF line ends.

Many files at once (an import) share one flush to disk: :func:`atomic_write_many`.

Every file written is remembered (:func:`written`), so that a command stopped
by Ctrl-C can say exactly what it had written. When the system refuses a write
(a read-only folder, a full disk, no permission, a folder where the file
should be) the file is left as it was and :class:`~stemeco.errors.DiskError`
names it and says what to do.

Nothing is written outside the project: a file of a project (a folder holding
``stemeco.yaml`` above it) is written or deleted only where it really lands
inside that folder, so a symbolic link such as ``assets -> /elsewhere`` is
refused (:func:`check_inside`) instead of followed.

A write killed between its temporary file and the rename (``kill -9``, a power
cut) leaves the old file whole and a temporary ``.NAME.XXXXXXXX.tmp`` beside
it: ``stemeco init`` lists those in the project's ``.gitignore``, ``stemeco
check`` reports them and ``stemeco check --clean`` deletes them
(:func:`leftover_temporary_files`).
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from stemeco.errors import DiskError, ProjectFileError
from stemeco.i18n import _

#: The file that makes a folder a stemeco project (the manifest).
MANIFEST = "stemeco.yaml"
#: The name of a temporary file of :func:`atomic_write_text`: ``.team.yaml.k2j3x9ab.tmp``.
TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
#: A test sets this to stop a writer for good just after its temporary file is
#: complete (it prints the temporary file's path on stderr first), so that it can
#: be killed there: the state a crash mid-write leaves. Never set otherwise.
_STOP_AFTER_TEMPORARY = "STEMECO_TEST_STOP_AFTER_TEMPORARY"

_written: list[Path] = []


def written(since: int = 0) -> list[Path]:
    """The files written so far (after the first ``since`` writes), in order, each one whole."""
    return list(dict.fromkeys(_written[since:]))


def write_count() -> int:
    """How many writes so far: a mark to pass to :func:`written` later."""
    return len(_written)


#: Folders known to be project roots (they hold stemeco.yaml).
_roots: set[str] = set()


def project_root_of(path: Path) -> Path | None:
    """The project ``path`` belongs to: the nearest folder above it holding stemeco.yaml."""
    for folder in _absolute(path).parents:
        key = str(folder)
        if key in _roots:
            return folder
        if (folder / MANIFEST).is_file():
            _roots.add(key)
            return folder
    return None


def _absolute(path: Path) -> Path:
    """``path`` made absolute without following links (``..`` taken away as written)."""
    return Path(os.path.normpath(path.absolute()))


def link_outside(root: Path, path: Path) -> Path | None:
    """The link that takes ``path`` out of the project at ``root``; None when it stays inside."""
    if Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
        return None
    where = _absolute(path)
    return next((p for p in (where, *where.parents) if p.is_symlink()), where)


def check_inside(path: Path) -> None:
    """Refuse to write or delete ``path`` when a link takes it out of its project folder.

    A path that belongs to no project (an export the user named, a cache) is left alone.
    """
    root = project_root_of(path)
    link = None if root is None else link_outside(root, path)
    if link is not None:
        raise ProjectFileError(
            link,
            _(
                "is a link to {target}, outside the project: stemeco writes "
                "nothing outside the project folder"
            ).format(target=os.path.realpath(link)),
            hint=_("replace the link with a real folder or file inside the project"),
        )


def atomic_write_text(
    path: Path, text: str, *, record: bool = True, exclusive: bool = False
) -> None:
    """Write ``text`` (UTF-8, LF) to ``path`` so that a crash leaves old or new, never half.

    ``record=False`` keeps the write out of :func:`written` (a cache, not project data).
    ``exclusive=True`` creates a new file and never replaces one that exists (it
    raises DiskError then), even one another program made a moment ago.
    Raises DiskError (the file unchanged) when the system refuses the write, and
    ProjectFileError when a link would take the write out of the project.
    """
    import tempfile

    check_inside(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary = Path(tmp)
        temporary.chmod(path.stat().st_mode & 0o777 if path.exists() else 0o644)
        if os.environ.get(_STOP_AFTER_TEMPORARY):
            _stop_here(temporary)
        if exclusive:
            _create(temporary, path)
        else:
            temporary.replace(path)
        if record:
            _written.append(path)
    except BaseException as exc:
        if tmp is not None and Path(tmp).exists():
            try:
                Path(tmp).unlink()
            except OSError:
                pass  # the folder refuses even this: the temporary file is all that is left
        elif tmp is not None and record and path.exists():
            _written.append(path)  # renamed already (Ctrl-C came just after): new text in place
        if isinstance(exc, OSError):
            raise DiskError.from_os_error(exc, path) from exc
        raise


def _create(temporary: Path, path: Path) -> None:
    """Put ``temporary`` at ``path`` unless a file is there already (no rename replaces it)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise DiskError(
            path,
            _("it exists already (another program wrote it a moment ago); nothing was replaced"),
            hint=_("look at that file, then retry"),
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # A file system without hard links: claim the name first, then fill it.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        temporary.replace(path)
        return
    temporary.unlink()


def _stop_here(temporary: Path) -> None:  # pragma: no cover - the process is killed here
    import signal
    import sys

    print(temporary, file=sys.stderr, flush=True)
    while True:
        signal.pause()


def leftover_temporary_files(root: Path) -> list[Path]:
    """Temporary files of interrupted writes in the project at ``root`` (``.git`` left out).

    Call it while holding the project lock (:mod:`stemeco.storage.lock`): then no
    write is under way, and every temporary file found is a leftover.
    """
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        if folder == str(root):
            dirs[:] = [d for d in dirs if d != ".git"]
        found.extend(Path(folder, name) for name in names if TEMPORARY.match(name))
    return sorted(found)


def atomic_write_many(texts: list[tuple[Path, str]]) -> None:
    """Write many files so that a crash leaves each one old or new, never half, with one
    flush to disk for all of them instead of one per file (an import of thousands).

    Every text goes to a temporary file beside its target first; when one cannot be
    written, every temporary file is removed and DiskError raised: nothing changed.
    Then one ``os.sync()`` puts every temporary file on disk, each is renamed over
    its target (a rename is atomic), and a last ``os.sync()`` puts the renames on disk
    before the command reports them. Ctrl-C on the way removes the temporary files
    not yet renamed; :func:`written` names the files renamed so far, each one whole.
    """
    import tempfile

    pending: list[tuple[Path, Path]] = []
    renamed = 0
    try:
        for path, _text in texts:
            check_inside(path)  # refuse a link out of the project before writing anything
        for path, text in texts:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                temporary = Path(tmp)
                pending.append((temporary, path))
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
                    if not hasattr(os, "sync"):  # pragma: no cover - not on Linux or macOS
                        handle.flush()
                        os.fsync(handle.fileno())
                temporary.chmod(path.stat().st_mode & 0o777 if path.exists() else 0o644)
            except OSError as exc:
                raise DiskError.from_os_error(exc, path) from exc
        if hasattr(os, "sync"):
            os.sync()
        for temporary, path in pending[renamed:]:
            try:
                _move(temporary, path)
            except OSError as exc:
                raise DiskError.from_os_error(exc, path) from exc
            renamed += 1
            _written.append(path)
        if hasattr(os, "sync"):
            os.sync()
    finally:
        for temporary, path in pending[renamed:]:
            if not temporary.exists():  # renamed just before Ctrl-C: the new text is in place
                _written.append(path)
                continue
            try:
                temporary.unlink()
            except OSError:
                pass  # the folder refuses even this: the temporary file is all that is left


def _move(temporary: Path, path: Path) -> None:
    """Put a written temporary file in place of ``path`` (atomic)."""
    temporary.replace(path)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Like :func:`atomic_write_text`, for a binary file (a Word review copy)."""
    import tempfile

    check_inside(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary = Path(tmp)
        temporary.chmod(path.stat().st_mode & 0o777 if path.exists() else 0o644)
        temporary.replace(path)
        _written.append(path)
    except BaseException as exc:
        if tmp is not None and Path(tmp).exists():
            try:
                Path(tmp).unlink()
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise DiskError.from_os_error(exc, path) from exc
        raise


def remove_file(path: Path) -> None:
    """Delete ``path`` (nothing when it is gone); DiskError when the system refuses."""
    check_inside(path)
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise DiskError.from_os_error(exc, path) from exc
