"""Writing files: atomically (temporary file, fsync, rename), UTF-8 with LF line ends.

Every file written is remembered (:func:`written`), so that a command stopped
by Ctrl-C can say exactly what it had written.
"""

from __future__ import annotations

import os
from pathlib import Path

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
    """
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary = Path(tmp)
        temporary.chmod(path.stat().st_mode & 0o777 if path.exists() else 0o644)
        temporary.replace(path)
        if record:
            _written.append(path)
    except BaseException:
        if Path(tmp).exists():
            Path(tmp).unlink()
        elif record:  # renamed already (Ctrl-C came just after): the new text is in place
            _written.append(path)
        raise
