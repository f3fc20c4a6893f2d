"""``stemeco export``: review copies of the documents as HTML pages or Word files.

A review copy is the Markdown document that ``stemeco render`` writes, read
by a CommonMark parser and written out again (:mod:`.review`, :mod:`.html`,
:mod:`.word`), with stemeco's own drawings (:mod:`.svg`) where the Markdown
has a Mermaid block or a figure marker, the municipality and the approval
state on the first page, a table of contents, and, when the Leadership
Team's approval is stale, a "Changed since approval" box. The words are the
Markdown's words: nothing is written twice in two template languages.

The data of the drawings and of the box comes from the render context the
templates get (``community``, ``asset_map``, ``indicator_rows``,
``approval``, ``approval_changes``).

Like ``stemeco render``, nothing is exported from a project that
``stemeco check`` rejects. Review copies go to ``exports/`` in the project
(a folder git is told to ignore: they can be made again at any time) unless
``--output`` says where.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stemeco.errors import UsageError
from stemeco.storage.lock import writes

if TYPE_CHECKING:
    from stemeco.documents.review import Review, State
    from stemeco.documents.svg import Figure
    from stemeco.project.folder import Project

FORMATS = ("html", "docx")
FOLDER = "exports"
#: The document the Leadership Team approves (``stemeco approve blueprint``).
APPROVED = "blueprint"
IGNORE_ALL = (
    "# Review copies made by 'stemeco export': they can be made again from the answers\n"
    "# at any time, so git ignores this folder. Delete this file to keep them in git.\n"
    "*\n"
)


@dataclass(frozen=True)
class Exported:
    name: str
    path: Path
    state: str


def exportable() -> dict[str, str]:
    """Name -> Markdown output of every document that has a review copy (by file stem)."""
    from stemeco.registry import documents

    return {Path(d.output).stem: d.output for d in documents() if Path(d.output).suffix == ".md"}


@writes
def export(
    project: Project,
    which: str,
    fmt: str,
    output: Path | None = None,
    language: str | None = None,
) -> list[Exported]:
    """Write the review copies of ``which`` (a document name or ``all``) as ``fmt``,
    in ``language`` (default: the project's).

    ``output``: a file for one document, a folder for ``all`` (or a folder that
    exists, for one); default ``exports/`` in the project (``exports/<language>/``
    for a language other than the project's).
    """
    from stemeco.documents.output import check_project
    from stemeco.documents.render import context, render_documents, speaking
    from stemeco.storage.files import atomic_write_bytes, atomic_write_text

    language = language or project.manifest.language

    names = exportable()
    if which != "all" and which not in names:
        raise UsageError(
            f"no document '{which}' to export", hint="choose one of: " + ", ".join([*names, "all"])
        )
    if fmt not in FORMATS:
        raise UsageError(f"no format '{fmt}'", hint="use --format html or --format docx")
    chosen = list(names) if which == "all" else [which]
    targets = _targets(project, chosen, fmt, output, language)
    check_project(project, "nothing was exported")
    markdown = render_documents(project, only=[names[n] for n in chosen], language=language)
    with speaking(language):
        ctx = context(project)
    done = []
    for name in chosen:
        with speaking(language):  # the copy's words, drawings and state in its language
            review = build(name, markdown[names[name]], ctx, language)
            page = _page(review, fmt)
        target = targets[name]
        if output is None:
            ignored_folder(project.root / FOLDER)
        if isinstance(page, str):
            atomic_write_text(target, page)
        else:
            atomic_write_bytes(target, page)
        done.append(Exported(name, target, review.state.label))
    return done


def _page(review: Review, fmt: str) -> str | bytes:
    """The review copy as an HTML page (text) or a Word file (bytes)."""
    if fmt == "html":
        from stemeco.documents.html import render

        return render(review)
    from stemeco.documents.word import render as render_word

    return render_word(review)


def _targets(
    project: Project, names: list[str], fmt: str, output: Path | None, language: str
) -> dict[str, Path]:
    if output is None:
        folder = project.root / FOLDER
        if language != project.manifest.language:
            folder = folder / language
    elif len(names) > 1 or output.is_dir() or str(output).endswith(("/", "\\")):
        if output.exists() and not output.is_dir():
            raise UsageError(
                f"--output {output} is a file; exporting several documents needs a folder"
            )
        folder = output
    else:
        if output.parent.exists() and not output.parent.is_dir():
            raise UsageError(f"--output {output}: {output.parent} is not a folder")
        return {names[0]: output}
    return {name: folder / f"{name}.{fmt}" for name in names}


def ignored_folder(folder: Path) -> None:
    """A new exports/ folder ignores itself in git (as a virtual environment does)."""
    from stemeco.storage.files import atomic_write_text

    if not folder.exists():
        atomic_write_text(folder / ".gitignore", IGNORE_ALL)


def build(name: str, markdown: str, ctx: Mapping[str, Any], language: str = "en") -> Review:
    """The review copy of one document from its Markdown and the render context."""
    from stemeco.documents.review import Review, parse
    from stemeco.i18n import direction

    tokens, ids = parse(markdown)
    approval = ctx.get("approval") or {}
    stale = name == APPROVED and bool(approval.get("stale"))
    changes = ctx.get("approval_changes") if stale else None
    draw = figures(ctx)
    if direction(language) == "rtl":
        draw = _mirrored(draw)
    return Review(
        name=name,
        municipality=str(ctx.get("municipality") or ""),
        language=language,
        state=state_of(name, approval, changes),
        tokens=tokens,
        figures=draw,
        changes=changes if isinstance(changes, Mapping) else None,
        ids=ids,
    )


def _mirrored(draw: Callable[[str], list[Figure]]) -> Callable[[str], list[Figure]]:
    """The drawings of a right-to-left document, mirrored (:func:`svg.mirror`)."""
    from dataclasses import replace

    from stemeco.documents.svg import mirror

    def mirrored(key: str) -> list[Figure]:
        return [replace(f, svg=mirror(f.svg, f.width)) for f in draw(key)]

    return mirrored


def state_of(name: str, approval: Mapping[str, Any], changes: Any) -> State:
    """Where a document stands with the Leadership Team, in words for its first page
    (in the documents' language)."""
    from stemeco.documents.render import format_date
    from stemeco.documents.review import State
    from stemeco.documents.words import D_, say, say_count

    by, note = approval.get("by"), approval.get("note")
    date = format_date(approval.get("date")) if approval.get("date") else None
    if name != APPROVED:
        if approval.get("approved") and approval.get("valid"):
            where = say(D_("the design blueprint was approved on %(date)s"), date=date)
        elif approval.get("approved"):
            where = say(D_("the approval of the design blueprint is stale"))
        else:
            where = say(D_("the design blueprint is not yet approved"))
        return State(
            "not-covered",
            say(D_("Not part of the approval")),
            say(
                D_(
                    "The Leadership Team approves the design blueprint, not this document"
                    " (%(where)s)."
                ),
                where=where,
            ),
        )
    if not approval.get("approved"):
        return State(
            "not-approved",
            say(D_("Not yet approved")),
            say(D_("This blueprint awaits the Leadership Team's approval.")),
        )
    about = f" ({note})" if note else ""
    if approval.get("valid"):
        return State(
            "approved",
            say(D_("Approved")),
            say(
                D_("By %(by)s on %(date)s%(note)s: this copy shows exactly the answers approved."),
                by=by,
                date=date,
                note=about,
            ),
        )
    count = len(changes.get("sections") or []) if isinstance(changes, Mapping) else 0
    since = (
        say_count(
            "The answers behind %(num)s section changed since.",
            "The answers behind %(num)s sections changed since.",
            count,
        )
        if count
        else say(D_("The answers have changed since."))
    )
    return State(
        "stale",
        say(D_("Approval stale")),
        say(
            D_(
                "%(by)s approved an earlier version on %(date)s%(note)s. %(since)s"
                " This version awaits the Leadership Team's approval."
            ),
            by=by,
            date=date,
            note=about,
            since=since,
        ),
    )


def figures(ctx: Mapping[str, Any]) -> Callable[[str], list[Figure]]:
    """The drawings of a document by key (``gantt``, ``network``, ``gap-map``,
    ``indicators``, ``indicator N``), drawn from the render context on demand."""
    from stemeco.documents import svg
    from stemeco.documents.render import translated
    from stemeco.documents.words import D_, say

    municipality = str(ctx.get("municipality") or "")

    def draw(key: str) -> list[Figure]:
        community = ctx.get("community") or {}
        asset_map = ctx.get("asset_map") or {}
        rows = [r for r in ctx.get("indicator_rows") or [] if isinstance(r, Mapping)]
        if key == "gantt" and community.get("calendar"):
            title = say(D_("%(municipality)s design calendar"), municipality=municipality)
            kinds = {k: str(translated(v)) for k, v in (community.get("kinds") or {}).items()}
            return [svg.gantt(community["calendar"], kinds, title)]
        if key == "network" and asset_map.get("network_groups"):
            groups = [
                {**g, "label": translated(g.get("label"))} for g in asset_map["network_groups"]
            ]
            return [svg.network(groups, municipality)]
        if key == "gap-map" and asset_map.get("stage_sector"):
            labels = {
                kind: {k: str(translated(v)) for k, v in names.items()}
                for kind, names in (asset_map.get("labels") or {}).items()
            }
            return [
                svg.gap_map(
                    asset_map.get("stages") or [],
                    asset_map.get("sectors") or [],
                    labels,
                    asset_map["stage_sector"],
                )
            ]
        if key == "indicators":
            return [
                svg.indicator(row, f"indicator-{n}")
                for n, row in enumerate(rows, 1)
                if row.get("measurements")
            ]
        kind, _, number = key.partition(" ")
        if kind == "indicator" and number.isdigit() and 0 < int(number) <= len(rows):
            row = rows[int(number) - 1]
            if row.get("measurements"):
                return [svg.indicator(row, f"indicator-{number}", width=svg.WIDTH, height=300)]
        return []

    return draw
