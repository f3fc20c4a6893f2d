"""Templates compiled once: a Jinja bytecode cache in the user's cache folder.

Kept apart from :mod:`stemeco.documents.render`, which uses it for every environment.
"""

from __future__ import annotations

import contextlib
import functools
import os
import zlib
from pathlib import Path
from types import CodeType
from typing import ClassVar

import jinja2
import jinja2.bccache

from stemeco import __version__
from stemeco.documents import sandbox
from stemeco.storage.cache import cache_folder


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by earlier runs, kept in the user's cache folder.

    Jinja finds an entry by the template's name and file, and uses it only while
    the checksum of the template's text is the one it was compiled from: an edited
    template (a project's own included) is compiled again, whatever its time. The
    folder's name holds stemeco's version, Jinja's and a checksum of the code that
    shapes the compiled code (the bounded sandbox and this module), so that no
    entry outlives them. The cache folder is looked up at each use, as the parse
    cache's is; a cache that cannot be read or written only makes rendering slower.
    What a process compiled or read is also kept in memory under the same key and
    checksum, for the next environment of the same process (another project).
    """

    #: (key, checksum of the text) -> compiled code, in this process.
    memory: ClassVar[dict[tuple[str, str], CodeType]] = {}

    def __init__(self, suffix: str) -> None:
        self.name = f"templates-{__version__}-{jinja2.__version__}-{_code_checksum()}{suffix}"

    def _file(self, bucket: jinja2.bccache.Bucket) -> Path | None:
        folder = cache_folder()
        return None if folder is None else folder / self.name / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        known = self.memory.get((bucket.key, bucket.checksum))
        if known is not None:
            bucket.code = known
            return
        file = self._file(bucket)
        if file is None:
            return
        try:
            data = file.read_bytes()
        except OSError:
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # a damaged entry (marshal and pickle raise many kinds): compile again
            bucket.reset()
        self._remember(bucket)

    def _remember(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            if len(self.memory) >= 256:
                self.memory.clear()
            self.memory[(bucket.key, bucket.checksum)] = bucket.code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._remember(bucket)
        file = self._file(bucket)
        if file is None:
            return
        tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        try:
            file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp.write_bytes(bucket.bytecode_to_string())
            tmp.replace(file)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


#: The module whose environments compile the templates.
_RENDER = str(Path(__file__).with_name("render.py"))


@functools.cache
def _code_checksum() -> str | None:
    """A checksum of the code that shapes compiled templates: the sandbox, render.py and this module
    (None where that code cannot be read: then nothing is cached)."""
    try:
        code = b"".join(
            Path(module).read_bytes() for module in (sandbox.__file__, __file__, _RENDER)
        )
    except OSError:
        return None
    return f"{zlib.crc32(code):08x}{zlib.adler32(code):08x}"
