"""The review copy of a document: its Markdown read as a token stream, and what surrounds it.

A review copy (``stemeco export``) is made from the very Markdown that
``stemeco render`` writes to ``docs/``: one content model for every format.
That Markdown is parsed once by a CommonMark parser with GFM tables
(markdown-it-py) and the same tokens feed the HTML page (:mod:`.html`) and the
Word document (:mod:`.word`), so the two have the same headings, lists and
tables as the Markdown, and typed text stays text: the Markdown escaped it, the
parser reads it back as text, and each writer escapes it again for its format.

Two kinds of blocks become drawings (:mod:`.svg`): a Mermaid block (the
gantt chart of the design calendar, the partnership network) and a figure
marker, an HTML comment the templates write where a drawing belongs and that
git hosts do not show, such as ``<!-- figure: gap-map -->`` or
``<!-- figure: indicator 3 -->``. Any other raw HTML in a project's own
template is shown as text, never passed through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stemeco.text import slugify

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from stemeco.documents.svg import Figure

#: A figure marker: ``<!-- figure: KIND -->`` or ``<!-- figure: KIND NUMBER -->``.
MARKER = re.compile(r"\A<!--\s*figure:\s*([a-z][a-z-]*(?: [0-9]{1,4})?)\s*-->\s*\Z")
#: A line break a template writes inside a table cell (escape_cell).
BREAK = re.compile(r"\A<br\s*/?>\Z", re.IGNORECASE)


@dataclass(frozen=True)
class State:
    """Where the document stands with the Leadership Team, for its first page."""

    kind: str  # approved | stale | not-approved | not-covered
    label: str  # a few words, e.g. "Approved"
    text: str  # one sentence


@dataclass
class Review:
    """Everything a writer needs for one document."""

    name: str  # blueprint, business-plan, ...
    municipality: str
    language: str
    state: State
    tokens: list[Token]
    figures: Callable[[str], list[Figure]]
    #: The answers changed since the approval (``approval_changes`` of the render context)
    #: when the approval is stale; None otherwise.
    changes: Mapping[str, Any] | None = None
    ids: dict[str, str] = field(default_factory=dict)  # heading text -> anchor id

    @property
    def title(self) -> str:
        for index, token in enumerate(self.tokens):
            if token.type == "heading_open":
                return inline_text(self.tokens[index + 1])
        return self.name

    def parts(self) -> tuple[list[Token], list[Token], list[Token]]:
        """The document's title (its first heading), what comes before the first
        section (``##``), and the sections."""
        tokens = self.tokens
        title: list[Token] = []
        if tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
            end = next(i for i, t in enumerate(tokens) if t.type == "heading_close")
            title, tokens = tokens[: end + 1], tokens[end + 1 :]
        first = next(
            (i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"),
            len(tokens),
        )
        return title, tokens[:first], tokens[first:]

    def sections(self) -> list[tuple[str, str]]:
        """The ``##`` sections: (anchor id, heading text), for the table of contents."""
        out = []
        for index, token in enumerate(self.tokens):
            if token.type == "heading_open" and token.tag == "h2":
                out.append((str(token.attrGet("id") or ""), inline_text(self.tokens[index + 1])))
        return out

    def changed_sections(self) -> set[str]:
        if not self.changes:
            return set()
        return {str(s.get("section")) for s in self.changes.get("sections") or []}


def parser() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough, raw HTML read as HTML tokens (so a
    writer decides what becomes of it: the markers and ``<br>``, nothing else)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def parse(markdown: str) -> tuple[list[Token], dict[str, str]]:
    """The tokens of a Markdown document, every heading given a unique anchor id."""
    tokens = parser().parse(markdown)
    ids: dict[str, str] = {}
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = inline_text(tokens[index + 1])
        base = "s-" + (slugify(text, limit=60) or "section")
        anchor, number = base, 1
        while anchor in used:
            number += 1
            anchor = f"{base}-{number}"
        used.add(anchor)
        token.attrSet("id", anchor)
        ids.setdefault(text, anchor)
    return tokens, ids


def inline_text(token: Token) -> str:
    """The text a reader sees in an inline token (emphasis dropped, breaks as spaces)."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "html_inline":
            out.append(" " if BREAK.match(child.content.strip()) else child.content)
        elif child.type == "image":
            out.append(child.content)
    return " ".join("".join(out).split())


def figure_key(token: Token) -> str | None:
    """The drawing a block stands for: a Mermaid block or a figure marker (else None)."""
    if token.type == "fence" and token.info.strip() == "mermaid":
        first = token.content.lstrip().split("\n", 1)[0].strip()
        if first == "gantt":
            return "gantt"
        if first.startswith("flowchart"):
            return "network"
        return None
    if token.type == "html_block":
        match = MARKER.match(token.content.strip())
        return match.group(1) if match else None
    return None
