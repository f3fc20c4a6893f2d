"""The review copy as one self-contained HTML page.

Inline CSS, inline SVG drawings, no script, no font or image from anywhere:
the file can be mailed, opened offline on a phone or a wide screen, and
printed to PDF from any browser (Letter or A4: each major section starts a
new page, table headers repeat on every page, no table row is split). The
first page names the municipality and where the document stands with the
Leadership Team; a table of contents follows.

Text comes from the Markdown's tokens (:mod:`.review`) and is escaped by
markdown-it-py's renderer; raw HTML in a template is shown as text, except the
``<br>`` of table cells and the figure markers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from stemeco import __version__
from stemeco.documents.review import BREAK, Review, figure_key, parser
from stemeco.documents.words import D_, say
from stemeco.i18n import direction

if TYPE_CHECKING:
    from markdown_it.token import Token

    from stemeco.documents.svg import Figure

DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CSS = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9dee3; --accent: #1b7f79;
  --soft: #f4f6f8; --warn: #8a5a00; --warn-bg: #fff6e0; --ok: #1d6b3a; --ok-bg: #e7f5ec; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.55;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main, .cover { max-width: 62rem; margin: 0 auto; padding: 0 1.25rem; }
.cover { padding-top: 2rem; }
.kicker { margin: 0; color: var(--muted); font-size: .85rem; letter-spacing: .06em;
  text-transform: uppercase; }
h1 { font-size: 2rem; line-height: 1.2; margin: .4rem 0 1rem; }
h2 { font-size: 1.5rem; line-height: 1.25; margin: 2.6rem 0 .8rem; padding-top: .6rem;
  border-top: 3px solid var(--accent); }
h3 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; }
h4, h5, h6 { font-size: 1rem; margin: 1.4rem 0 .5rem; }
p, ul, ol { margin: 0 0 .9rem; }
p, li, h1, h2, h3 { overflow-wrap: anywhere; }
li { margin: .2rem 0; }
hr { border: 0; border-top: 1px solid var(--line); margin: 2rem 0; }
a { color: var(--accent); }
pre { white-space: pre-wrap; background: var(--soft); padding: .75rem; overflow-x: auto; }
.state { border-inline-start: 6px solid var(--muted); background: var(--soft); padding: .7rem 1rem;
  margin: 0 0 1.2rem; }
.state strong { display: block; font-size: 1.05rem; }
.state-approved { border-color: var(--ok); background: var(--ok-bg); }
.state-stale { border-color: var(--warn); background: var(--warn-bg); }
.table-wrap { overflow-x: auto; margin: 0 0 1.2rem; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .4rem .55rem; vertical-align: top;
  text-align: start; }
thead th { background: var(--soft); }
tbody tr:nth-child(even) td { background: #fafbfc; }
figure { margin: 1.2rem 0 1.6rem; }
figure svg { display: block; width: 100%; max-width: 100%; height: auto; }
.figure-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr));
  gap: 0 1.5rem; }
nav.toc { background: var(--soft); padding: .8rem 1.2rem; margin: 1.5rem 0; }
nav.toc ul { margin: .3rem 0 0; padding: 0; list-style: none; columns: 2 18rem; column-gap: 2rem; }
nav.toc li { break-inside: avoid; margin: 0 0 .25rem; }
.toc-title, .box-title { font-weight: 700; margin: 0 0 .3rem; }
.badge { display: inline-block; font-size: .72rem; font-weight: 700; color: var(--warn);
  border: 1px solid var(--warn); border-radius: 3px; padding: 0 .3rem; margin-inline-start: .4rem;
  vertical-align: middle; }
aside.changes { border: 2px solid var(--warn); background: var(--warn-bg); padding: .8rem 1.1rem;
  margin: 1.5rem 0; }
.change-heading { font-weight: 700; margin: 1rem 0 .3rem; }
.answer { margin: 0 0 .8rem; padding-inline-start: .8rem; border-inline-start: 3px solid #e8d3a0; }
.question { margin: 0 0 .3rem; color: var(--muted); }
.was, .now { display: grid; grid-template-columns: 6rem 1fr; gap: .5rem; margin: 0 0 .3rem; }
.tag { font-size: .78rem; font-weight: 700; text-transform: uppercase; color: var(--muted);
  padding-top: .15rem; }
.said { white-space: pre-wrap; overflow-wrap: anywhere; }
.was .said { text-decoration: line-through; text-decoration-color: #c9a45c; }
.empty { color: var(--muted); font-style: italic; }
.date { white-space: nowrap; }
footer { max-width: 62rem; margin: 3rem auto 2rem; padding: 0 1.25rem; color: var(--muted);
  font-size: .8rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  h1 { font-size: 1.55rem; }
  h2 { font-size: 1.3rem; }
  main, .cover { padding: 0 .8rem; }
  .cover { padding-top: 1.2rem; }
  th, td { padding: .3rem .4rem; }
  .was, .now { grid-template-columns: 1fr; gap: 0; }
}
@page { margin: 16mm 14mm 18mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10.5pt; line-height: 1.4; }
  main, .cover, footer { max-width: none; padding: 0; }
  .cover { padding-top: 0; }
  h2 { break-before: page; border-top-width: 2px; margin-top: 0; }
  h2, h3, h4, .change-heading, .question { break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  tr, figure, .answer, .state { break-inside: avoid; }
  figure svg { max-height: 235mm; }
  a { color: inherit; text-decoration: none; }
  nav.toc ul { columns: 1; }
}
""".strip()


def render(review: Review) -> str:
    """The HTML page of a review copy (UTF-8 text, LF line endings)."""
    md = parser()
    figures: dict[str, list[Figure]] = {}

    def drawing(key: str) -> str:
        if key not in figures:
            figures[key] = review.figures(key)
        return figures_html(figures[key])

    def fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        key = figure_key(tokens[idx])
        if key is not None:
            return drawing(key)
        return str(self.fence(tokens, idx, options, env))

    def html_block(_self: Any, tokens: Sequence[Token], idx: int, *_: Any) -> str:
        key = figure_key(tokens[idx])
        if key is not None:
            return drawing(key)
        return f"<p>{escape(tokens[idx].content.strip(), quote=False)}</p>\n"

    def html_inline(_self: Any, tokens: Sequence[Token], idx: int, *_: Any) -> str:
        content = tokens[idx].content
        return "<br>" if BREAK.match(content.strip()) else escape(content, quote=False)

    def text(_self: Any, tokens: Sequence[Token], idx: int, *_: Any) -> str:
        # A date never breaks at its hyphens (a narrow table column would split it).
        shown = DATE.sub(r'<span class="date">\g<0></span>', escape(tokens[idx].content))
        return _isolate_latin(shown) if rtl else shown

    def image(_self: Any, tokens: Sequence[Token], idx: int, *_: Any) -> str:
        return escape(tokens[idx].content, quote=False)  # its words, never a request

    md.add_render_rule("fence", fence)
    md.add_render_rule("html_block", html_block)
    md.add_render_rule("html_inline", html_inline)
    md.add_render_rule("image", image)
    md.add_render_rule("text", text)
    md.add_render_rule("table_open", lambda *_: '<div class="table-wrap"><table>\n')
    md.add_render_rule("table_close", lambda *_: "</table></div>\n")

    rtl = direction(review.language or "en") == "rtl"
    if rtl:  # a paragraph, item or cell typed in English reads left to right
        for token in review.tokens:
            if token.type in ("paragraph_open", "list_item_open", "td_open"):
                token.attrSet("dir", "auto")

    def html(tokens: list[Token]) -> str:
        return str(md.renderer.render(tokens, md.options, {}))

    title, intro, body = review.parts()
    kicker = say(D_("Review copy"))
    # A name typed in English keeps its own order on a right-to-left page.
    municipality = _isolated(review.municipality) if rtl else escape(review.municipality, False)
    lang = escape(review.language or "en")
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}" dir="{direction(review.language or "en")}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="stemeco {escape(__version__)}">',
        f"<title>{escape(review.title, quote=False)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        '<header class="cover">',
        f'<p class="kicker">{escape(kicker, quote=False)} · {municipality}</p>',
        html(title).rstrip(),
        state_html(review),
        html(intro).rstrip(),
        "</header>",
        "<main>",
        changes_html(review),
        toc_html(review),
        html(body).rstrip(),
        "</main>",
        "<footer>"
        + escape(
            say(
                D_(
                    "Review copy made by stemeco from the project's answers: the same words as"
                    " the Markdown document. Nothing in this file loads from the network."
                )
            ),
            quote=False,
        )
        + "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in out if part) + "\n"


#: A run of Latin-script text (with the spaces, digits and punctuation inside it) in a
#: right-to-left page: a name or an answer typed in English.
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f](?:[^\u0590-\u05ff<>]*[A-Za-z0-9\u00c0-\u024f])?")


def _isolate_latin(html_text: str) -> str:
    """Each Latin-script run of escaped text in ``<bdi>``, so that in a Hebrew line an
    English name, its numbers and its punctuation stay in their own order."""
    return _LATIN_RUN.sub(lambda m: f"<bdi>{m.group(0)}</bdi>", html_text)


def _isolated(text: str) -> str:
    """Text a user typed, escaped and isolated from the direction around it."""
    return f"<bdi>{escape(text, quote=False)}</bdi>"


def figures_html(figures: list[Figure]) -> str:
    if not figures:
        return ""
    # Each drawing shows its own title (and names itself to a screen reader in <title>).
    blocks = [f"<figure>\n{f.svg}\n</figure>" for f in figures]
    if len(blocks) > 1:
        return '<div class="figure-grid">\n' + "\n".join(blocks) + "\n</div>\n"
    return blocks[0] + "\n"


def state_html(review: Review) -> str:
    state = review.state
    text = escape(state.text, quote=False)
    if direction(review.language or "en") == "rtl":
        text = _isolate_latin(text)
    return (
        f'<p class="state state-{escape(state.kind)}"><strong>{escape(state.label, quote=False)}'
        f"</strong>{text}</p>"
    )


def toc_html(review: Review) -> str:
    sections = review.sections()
    if not sections:
        return ""
    changed = review.changed_sections()
    contents, badge_word = say(D_("Contents")), say(D_("changed"))
    items = []
    for anchor, text in sections:
        badge = f'<span class="badge">{escape(badge_word)}</span>' if text in changed else ""
        items.append(f'<li><a href="#{escape(anchor)}">{escape(text, quote=False)}</a>{badge}</li>')
    return (
        f'<nav class="toc" aria-label="{escape(contents)}"><p class="toc-title">'
        f"{escape(contents, quote=False)}</p>\n<ul>\n" + "\n".join(items) + "\n</ul></nav>"
    )


def _said(label: str, kind: str, text: Any) -> str:
    if text is None or text == "":
        empty = say(D_("(no answer)"))
        body = f'<span class="empty">{escape(empty, quote=False)}</span>'
    else:
        body = escape(str(text), quote=False)
    tag = f'<span class="tag">{escape(label, quote=False)}</span>'
    return f'<div class="{kind}">{tag}<div class="said">{body}</div></div>'


def changes_html(review: Review) -> str:
    """The "Changed since approval" box (only when the approval is stale)."""
    changes = review.changes
    if not changes:
        return ""
    out = [
        '<aside class="changes" aria-labelledby="changes-title">',
        '<p class="box-title" id="changes-title">'
        + escape(say(D_("Changed since approval")), quote=False)
        + "</p>",
        f"<p>{escape(str(changes.get('summary') or ''), quote=False)}</p>",
    ]
    for section in changes.get("sections") or []:
        name = str(section.get("section") or "")
        anchor = review.ids.get(name)
        heading = escape(name, quote=False)
        if anchor:
            heading = f'<a href="#{escape(anchor)}">{heading}</a>'
        out.append(f'<p class="change-heading">{heading}</p>')
        for answer in section.get("answers") or []:
            out.extend(_answer_html(answer))
    out.append("</aside>")
    return "\n".join(out)


def _answer_html(answer: Mapping[str, Any]) -> list[str]:
    question = escape(str(answer.get("where") or ""), quote=False)
    items = answer.get("items") or []
    if not items:
        return [
            f'<div class="answer"><p class="question">{question}</p>',
            _said(say(D_("Approved")), "was", answer.get("before")),
            _said(say(D_("Now")), "now", answer.get("after")),
            "</div>",
        ]
    out = []
    for item in items:
        label = escape(f"{answer.get('where')} — {item.get('label')}", quote=False)
        out.append(f'<div class="answer"><p class="question">{label}</p>')
        if item.get("before") is not None:  # an item added has nothing approved
            out.append(_said(say(D_("Approved")), "was", item.get("before")))
        if item.get("after") is not None:  # an item removed has nothing now
            out.append(_said(say(D_("Now")), "now", item.get("after")))
        out.append("</div>")
    return out
