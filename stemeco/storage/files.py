"""Writing files: atomically (temporary file, fsync, rename), UTF-8 with LF line ends.

Every file written is remembered (:func:`written`), so that a command stopped
by Ctrl-C can say exactly what it had written. When the system refuses a write
(a read-only folder, a full disk, no permission, a folder where the file
should be) the file is left as it was and :class:`~stemeco.errors.DiskError`
names it and says what to do.
"""

from __future__ import annotations

import os
from pathlib import Path

from stemeco.errors import DiskError

_written: list[Path] = []


def written(since: int = 0) -> list[Path]:
    """The files written so far (after the first ``since`` writes), in order, each one whole."""
    return list(dict.fromkeys(_written[since:]))


def write_count() -> int:
    """How many writes so far: a mark to pass to :func:`written` later."""
    return len(_written)


def atomic_write_text(path: Path, text: str, *, record: bool = True) -> None:
    """Write ``text`` (UTF-8, LF) to ``path`` so that a crash leaves old or new, never half.

    ``record=False`` keeps the write out of :func:`written` (a cache, not project data).
    Raises DiskError (the file unchanged) when the system refuses the write.
    """
    import tempfile

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


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Like :func:`atomic_write_text`, for a binary file (a Word review copy)."""
    import tempfile

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
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise DiskError.from_os_error(exc, path) from exc
