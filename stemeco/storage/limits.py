"""Bounds on the YAML stemeco reads: hostile files are refused in bounded time and memory.

A few hundred bytes of YAML can describe billions of values through aliases
(``a: &a [x, x]``, ``b: &b [*a, *a]``, ... the "billion laughs"), and a long
run of ``[[[[`` nests deeper than the reader's recursion goes (a crash, not
an error). No file stemeco reads needs either, so :func:`check_yaml` refuses:

- aliases (``*name``) that would repeat more than :data:`ALIAS_BUDGET` values
  in all, and
- nesting deeper than :data:`MAX_DEPTH` lists and mappings (the formats need
  fewer than ten),

each as :class:`~stemeco.errors.ProjectFileError` (exit 3) naming the file and
the line. The check walks libyaml's event stream, which is not recursive and
builds nothing, and it runs only when the text could hold either danger (an
anchor, many brackets or a deeply indented line): an ordinary file costs two
searches of its text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from stemeco.errors import ProjectFileError
from stemeco.i18n import N_, _

#: The most lists and mappings one inside another (far below what would exhaust a
#: reader's recursion; the formats need fewer than ten).
MAX_DEPTH = 128
#: The most values that aliases may repeat in one file (a value inside a repeated
#: list counts once for each time the list is repeated).
ALIAS_BUDGET = 10_000

# A file can only nest deeper than MAX_DEPTH with many flow brackets or a line
# indented far (each two levels of block nesting need one more column): below
# both thresholds the event walk is skipped. 2 * INDENT + BRACKETS < MAX_DEPTH.
_BRACKETS = 64
_INDENT = 31
_DEEP_LINE = re.compile(rf"^[ \t?:-]{{{_INDENT}}}", re.MULTILINE)
# An anchor (``&name`` after a space, a bracket, a comma or at the start): without
# one there is nothing for an alias to repeat.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")

_HINT = N_("stemeco's files need neither; write the values out, then retry")


def could_be_hostile(text: str) -> bool:
    """Whether ``text`` might nest too deep or expand through aliases (cheap, no parsing)."""
    if _ANCHOR.search(text) is not None:
        return True
    if text.count("[") + text.count("{") >= _BRACKETS:
        return True
    return _DEEP_LINE.search(text) is not None


def check_yaml(text: str, path: Path) -> None:
    """Refuse ``text`` (the content of ``path``) when it nests too deep or its aliases
    expand too far, with the line where it happens. A syntax error is left to the reader."""
    if not could_be_hostile(text):
        return
    import yaml

    loader_base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    parser = loader_base(text)
    try:
        _walk(parser, path)
    except yaml.YAMLError:
        return  # not valid YAML: the reader says where
    finally:
        parser.dispose()


def _walk(parser: Any, path: Path) -> None:
    import yaml

    sizes: dict[str, int] = {}  # anchor -> how many values the anchored node holds, expanded
    open_nodes: list[list[Any]] = []  # [anchor, values so far] of each list or mapping open
    repeated = 0
    while parser.check_event():
        event = parser.get_event()
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_nodes) >= MAX_DEPTH:
                raise ProjectFileError(
                    path,
                    _("lists and mappings nest more than {depth} deep").format(depth=MAX_DEPTH),
                    line=_line(event),
                    hint=_(_HINT),
                )
            open_nodes.append([event.anchor, 1])
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, size = open_nodes.pop()
        elif isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor or "", 1)
            repeated += size
            if repeated > ALIAS_BUDGET:
                raise ProjectFileError(
                    path,
                    _("aliases (*{anchor}) repeat more than {count} values").format(
                        anchor=event.anchor, count=f"{ALIAS_BUDGET:,}"
                    ),
                    line=_line(event),
                    hint=_(_HINT),
                )
            anchor = None
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        if open_nodes:
            open_nodes[-1][1] += size


def _line(event: Any) -> int | None:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else None
