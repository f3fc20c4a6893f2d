"""The project lock: one stemeco command changes a project at a time.

Every command that writes holds its project's lock around the whole change: it
reads what it changes under the lock, checks it, and writes. So two people (or
two scripts) adding team members at once both keep their member, and a
second writer never works from what the first one is about to replace.

The lock is the operating system's (``flock``, through the well-kept ``filelock``
library) on ``.stemeco.lock`` in the project folder, which ``stemeco init``
lists in the project's ``.gitignore``. The system releases it when the process
that held it ends, so a crash or ``kill -9`` never leaves a project locked.

A command that finds the project locked waits ``STEMECO_LOCK_TIMEOUT`` seconds
(5 by default) for it, then stops with :class:`~stemeco.errors.ProjectBusy`
(exit 8) without writing anything. The lock is re-entrant within a process:
a writer may call another writer. ``filelock`` is imported only when a command
writes.
"""

from __future__ import annotations

import errno
import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from stemeco.errors import DiskError, ProjectBusy
from stemeco.i18n import _

LOCK_FILE = ".stemeco.lock"
WAIT_VARIABLE = "STEMECO_LOCK_TIMEOUT"
DEFAULT_WAIT = 5.0

P = ParamSpec("P")
R = TypeVar("R")

#: How deep each project's lock is held by this process (real path of the root -> depth).
_depth: dict[str, int] = {}


def wait_seconds() -> float:
    """How long a writer waits for a busy project: ``STEMECO_LOCK_TIMEOUT`` or 5 seconds."""
    raw = os.environ.get(WAIT_VARIABLE, "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_WAIT
    except ValueError:
        return DEFAULT_WAIT
    return seconds if seconds >= 0 else DEFAULT_WAIT


@contextmanager
def project_lock(root: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the lock of the project at ``root`` (re-entrant); ProjectBusy after ``wait`` seconds.

    In a folder where no file can be created (a read-only disk or folder) there is
    no lock to take and nothing can be written either: the block runs unlocked,
    and its first write reports the folder as it would have.
    """
    key = os.path.realpath(root)
    if _depth.get(key):
        _depth[key] += 1
        try:
            yield
        finally:
            _depth[key] -= 1
        return
    lock = _acquire(key, wait_seconds() if wait is None else wait)
    _depth[key] = 1
    try:
        yield
    finally:
        _depth.pop(key, None)
        if lock is not None:
            lock.release()


def _acquire(root: str, seconds: float) -> Any:
    from filelock import FileLock, Timeout

    path = str(Path(root, LOCK_FILE))
    lock = FileLock(path, timeout=seconds)
    try:
        lock.acquire()
    except Timeout:
        raise ProjectBusy(
            _(
                "the project is busy: another stemeco command is changing it "
                "(waited {seconds} s); nothing was written"
            ).format(seconds=f"{seconds:g}"),
            hint=_("run this command again when the other one has finished"),
        ) from None
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and not os.access(root, os.W_OK):
            return None  # nothing can be written here: the write itself will say so
        raise DiskError.from_os_error(exc, path, action="lock") from exc
    return lock


def writes(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` under its project's lock.

    Its first argument is the project root or a Project (anything with ``root``);
    a Project forgets what it read before the lock (``forget``), so the change
    is made to what is on disk now.
    """

    @functools.wraps(func)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        first: Any = args[0]
        root = first if isinstance(first, Path) else first.root
        with project_lock(root):
            forget = getattr(first, "forget", None)
            if forget is not None:
                forget()
            return func(*args, **kwargs)

    return locked
