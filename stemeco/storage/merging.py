"""Records that people add on two git branches at once, merged without a conflict.

One file per record (``assets/``, ``interviews/``) merges by itself. The lists
that many people append to, ``team.yaml``, ``calendar.yaml`` and
``measurements/<id>.yaml``, are merged by git's built-in *union* driver, set in
the project's ``.gitattributes`` (which ``stemeco init`` writes, so every clone
has it and nobody configures git): where both branches changed the same place,
git keeps the lines of both instead of stopping with a conflict.

That is only safe when a record is one line, so stemeco appends each record as
one flow-style line (``- {name: Ann Lee, sector: business, role: Chair}``):
union keeps or drops whole records and never mixes the fields of two. What a
person writes by hand keeps its own layout. A true conflict, the same record
changed on both branches, keeps both versions; ``stemeco check`` then reports
the record (or the key) written twice, with both lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The files merged by union, as ``.gitattributes`` patterns (relative to the project).
UNION_PATTERNS: tuple[str, ...] = ("/team.yaml", "/calendar.yaml", "/measurements/*.yaml")
#: A path of the project for each pattern, to test what a ``.gitattributes`` sets.
UNION_EXAMPLES: dict[str, str] = {
    "/team.yaml": "team.yaml",
    "/calendar.yaml": "calendar.yaml",
    "/measurements/*.yaml": "measurements/an-indicator.yaml",
}

UNION_COMMENT = (
    "# Records added on two branches are all kept when git merges them (union merge).\n"
    "# After a merge, run 'stemeco check', then 'stemeco render'."
)

GITATTRIBUTES = (
    "# Written by stemeco: LF line endings on every computer.\n"
    "* text=auto eol=lf\n"
    + UNION_COMMENT
    + "\n"
    + "".join(f"{pattern} merge=union\n" for pattern in UNION_PATTERNS)
)


def one_line(record: Mapping[str, Any]) -> Any:
    """``record`` ready to append to a union-merged list: written on one line.

    (Text of several lines is written with ``\\n`` inside double quotes there.)
    """
    from stemeco.storage.roundtrip import to_yaml_value

    out = to_yaml_value(dict(record))
    out.fa.set_flow_style()
    return out
