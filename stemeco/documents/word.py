"""The review copy as a Word document (.docx), through python-docx.

Built from the same Markdown tokens as the HTML page (:mod:`.review`): real
headings (the title, then Heading 1 for each section, which starts a new
page), real bulleted lists and real tables (the header row repeats on every
page, no row splits), so a Leadership Team member can comment and track
changes in Word or LibreOffice. Drawings are the same SVG as in the HTML page,
embedded as Word 2016+ embeds SVG pictures, with the same drawing as an EMF
(:mod:`.emf`) as the fallback picture older Word and LibreOffice show.

Deterministic bytes: no creation or modification time in the document
properties, no thumbnail, and every entry of the zip file dated 1980-01-01
00:00 in a fixed order, so the same answers give the same file.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stemeco.documents.review import BREAK, Review, figure_key
from stemeco.documents.svg import NOT_XML
from stemeco.documents.words import D_, say

if TYPE_CHECKING:
    from markdown_it.token import Token

    from stemeco.documents.svg import Figure

SVG_BLIP = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3", 5: "Heading 4"}
STATE_FILL = {"approved": "E7F5EC", "stale": "FFF6E0"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def clean(text: str) -> str:
    """Text Word can hold (control characters dropped)."""
    return NOT_XML.sub("", text)


def render(review: Review) -> bytes:
    """The .docx bytes of a review copy."""
    import docx
    from docx.shared import Inches, Pt

    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Inches(0.9)
    section.top_margin = section.bottom_margin = Inches(0.8)
    document.styles["Normal"].font.size = Pt(10.5)
    _properties(document, review)
    writer = _Writer(document, review)
    title, intro, body = review.parts()
    kicker = say(D_("Review copy"))
    writer.paragraph_text(f"{kicker} · {review.municipality}", size=9, colour="616E7C")
    writer.blocks(title)
    writer.state()
    writer.blocks(intro)
    writer.changes()
    writer.contents()
    writer.blocks(body)
    _language(document, review.language or "en")
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _properties(document: Any, review: Review) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    props = document.core_properties
    props.title = clean(review.title)
    props.author = "stemeco"
    props.last_modified_by = "stemeco"
    props.revision = 1
    props.comments = say(D_("Review copy made by stemeco from the project's answers."))
    props.language = LANGUAGE_TAGS.get(review.language or "en", review.language or "en")
    core = props._element
    for child in list(core):
        if child.tag.rsplit("}", 1)[-1] in ("created", "modified", "lastPrinted"):
            core.remove(child)
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 and sorted: the same bytes every time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


class _Writer:
    """Walks the Markdown tokens and writes paragraphs, lists and tables."""

    def __init__(self, document: Any, review: Review) -> None:
        self.document = document
        self.review = review
        # Style ids looked up once: python-docx looks a style name up in every style each time.
        self.style_ids = {s.name: s.style_id for s in document.styles}
        self.lists: list[str] = []  # bullet_list / ordered_list, innermost last
        self.item_start = False
        self.quote = 0
        self.figure_count = 0

    # ---------------------------------------------------------------- blocks

    def blocks(self, tokens: Sequence[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                self.heading(int(token.tag[1]), tokens[index + 1])
                index += 3
                continue
            if kind == "paragraph_open":
                self.paragraph(tokens[index + 1])
                index += 3
                continue
            if kind == "table_open":
                end = next(i for i in range(index, len(tokens)) if tokens[i].type == "table_close")
                self.table(tokens[index : end + 1])
                index = end + 1
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                self.lists.append(kind)
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.item_start = True
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind in ("fence", "code_block", "html_block"):
                self.block(token)
            elif kind == "hr":
                self.add()
            index += 1

    def heading(self, level: int, inline: Token) -> None:
        paragraph = self.add(HEADING_STYLES.get(level, "Heading 5"))
        self.runs(paragraph, inline.children or [])
        if level == 2:
            paragraph.paragraph_format.page_break_before = True
        paragraph.paragraph_format.keep_with_next = True

    def paragraph(self, inline: Token) -> None:
        style = None
        if self.lists:
            depth = min(len(self.lists), 3)
            suffix = "" if depth == 1 else f" {depth}"
            if self.item_start:
                noun = "Bullet" if self.lists[-1] == "bullet_list_open" else "Number"
                style = f"List {noun}{suffix}"
            else:
                style = f"List Continue{suffix}"
            self.item_start = False
        elif self.quote:
            style = "Quote"
        paragraph = self.add(style)
        self.runs(paragraph, inline.children or [])

    def add(self, style: str | None = None) -> Any:
        """A new paragraph of the named style."""
        paragraph = self.document.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def block(self, token: Token) -> None:
        key = figure_key(token)
        if key is not None:
            for figure in self.review.figures(key):
                self.picture(figure)
            return
        text = token.content.rstrip("\n")
        if token.type == "html_block":
            self.paragraph_text(text.strip())
            return
        paragraph = self.add()
        run = paragraph.add_run(clean(text))
        run.font.name = "Courier New"

    def paragraph_text(
        self, text: str, *, bold: bool = False, size: float | None = None, colour: str = ""
    ) -> Any:
        from docx.shared import Pt, RGBColor

        paragraph = self.add()
        lines = clean(text).split("\n")
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = bold or None
            if size:
                run.font.size = Pt(size)
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)
            if number < len(lines) - 1:
                run.add_break()
        return paragraph

    # ---------------------------------------------------------------- inline

    def runs(self, paragraph: Any, children: Sequence[Token]) -> None:
        bold = italic = strike = 0
        for child in children:
            kind = child.type
            if kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "s_open":
                strike += 1
            elif kind == "s_close":
                strike -= 1
            elif kind in ("softbreak",):
                paragraph.add_run(" ")
            elif kind == "hardbreak" or (
                kind == "html_inline" and BREAK.match(child.content.strip())
            ):
                paragraph.add_run().add_break()
            elif kind in ("text", "code_inline", "html_inline", "image"):
                run = paragraph.add_run(clean(child.content))
                run.bold = True if bold else None
                run.italic = True if italic else None
                if strike:
                    run.font.strike = True
                if kind == "code_inline":
                    run.font.name = "Courier New"

    # ---------------------------------------------------------------- tables

    def table(self, tokens: Sequence[Token]) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        rows: list[list[tuple[Token, str, bool]]] = []
        header = True
        for index, token in enumerate(tokens):
            if token.type == "tbody_open":
                header = False
            elif token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrGet("style") or "")
                align = "right" if "right" in style else "center" if "center" in style else ""
                rows[-1].append((tokens[index + 1], align, header))
        if not rows:
            return
        columns = max(len(r) for r in rows)
        table = self.document.add_table(rows=len(rows), cols=columns)
        table._tbl.tblStyle_val = self.style_ids["Table Grid"]
        for r, row in enumerate(rows):
            tr = table.rows[r]
            _row_flags(tr, header=row[0][2] if row else False)
            cells = tr.cells
            for c, (inline, align, is_header) in enumerate(row):
                cell = cells[c]
                paragraph = cell.paragraphs[0]
                self.runs(paragraph, inline.children or [])
                if is_header:
                    for run in paragraph.runs:
                        run.bold = True
                    _shade(cell._tc.get_or_add_tcPr(), "F4F6F8")
                if align == "right":
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                elif align == "center":
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.add()

    # ---------------------------------------------------------------- drawings

    def picture(self, figure: Figure) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.oxml.shape import CT_Inline
        from docx.shared import Emu, Inches

        from stemeco.documents.emf import from_svg

        part = self.document.part
        self.figure_count += 1
        svg = Part(
            PackURI(f"/word/media/figure{self.figure_count}.svg"),
            "image/svg+xml",
            figure.standalone(),
            part.package,
        )
        svg_rid = part.relate_to(svg, RT.IMAGE)
        # The picture Word requires for programs that cannot draw SVG: the same drawing as EMF.
        fallback = Part(
            PackURI(f"/word/media/figure{self.figure_count}.emf"),
            "image/x-emf",
            from_svg(figure.standalone().decode("utf-8"), figure.width, figure.height),
            part.package,
        )
        fallback_rid = part.relate_to(fallback, RT.IMAGE)
        width = Inches(6.3 if figure.width > 500 else 4.2)
        height = Emu(int(width * figure.height / figure.width))
        inline = CT_Inline.new_pic_inline(
            part.next_id, fallback_rid, f"figure{self.figure_count}.emf", width, height
        )
        docpr = inline.find(qn("wp:docPr"))
        if docpr is not None:
            docpr.set("descr", clean(figure.caption))
        blip = inline.find(".//" + qn("a:blip"))
        ext_list = OxmlElement("a:extLst")
        ext = OxmlElement("a:ext")
        ext.set("uri", SVG_BLIP)
        svg_blip = ext.makeelement(f"{{{SVG_NS}}}svgBlip", nsmap={"asvg": SVG_NS})
        svg_blip.set(qn("r:embed"), svg_rid)
        ext.append(svg_blip)
        ext_list.append(ext)
        blip.append(ext_list)
        self.add().add_run()._r.add_drawing(inline)  # its title is drawn in it

    # ---------------------------------------------------------------- first page

    def state(self) -> None:
        state = self.review.state
        paragraph = self.add()
        run = paragraph.add_run(clean(state.label) + ". ")
        run.bold = True
        paragraph.add_run(clean(state.text))
        _box(paragraph, STATE_FILL.get(state.kind, "F4F6F8"))

    def contents(self) -> None:
        sections = self.review.sections()
        if not sections:
            return
        changed = self.review.changed_sections()
        self.paragraph_text(say(D_("Contents")), bold=True)
        note = say(D_("changed since approval"))
        for _, text in sections:
            mark = f" ({note})" if text in changed else ""
            self.add("List Continue").add_run(clean(text + mark))

    def changes(self) -> None:
        changes = self.review.changes
        if not changes:
            return
        boxed = [self.paragraph_text(say(D_("Changed since approval")), bold=True, size=12)]
        boxed.append(self.paragraph_text(str(changes.get("summary") or "")))
        for section in changes.get("sections") or []:
            boxed.append(self.paragraph_text(str(section.get("section") or ""), bold=True))
            for answer in section.get("answers") or []:
                boxed.extend(self._answer(answer))
        for paragraph in boxed:
            _box(paragraph, "FFF6E0")

    def _answer(self, answer: Mapping[str, Any]) -> list[Any]:
        where = str(answer.get("where") or "")
        items = answer.get("items") or [answer]
        out = []
        tags = (f"{say(D_('Approved'))}: ", "before"), (f"{say(D_('Now'))}: ", "after")
        empty = say(D_("(no answer)"))
        for item in items:
            label = where if item is answer else f"{where} — {item.get('label')}"
            out.append(self.paragraph_text(label, colour="616E7C"))
            for tag, key in tags:
                if item is not answer and item.get(key) is None:
                    continue  # an item added has nothing approved, one removed nothing now
                paragraph = self.paragraph_text("")
                run = paragraph.add_run(tag)
                run.bold = True
                value = item.get(key)
                text = empty if value in (None, "") else clean(str(value))
                for number, line in enumerate(text.split("\n")):
                    if number:
                        paragraph.add_run().add_break()
                    said = paragraph.add_run(line)
                    said.font.strike = key == "before" or None
                out.append(paragraph)
        return out


#: The language tag Word is told for each language (spelling and hyphenation).
LANGUAGE_TAGS = {"en": "en-US", "es": "es-MX", "he": "he-IL"}
HEBREW = re.compile("[\u0590-\u05ff]")


def _language(document: Any, language: str) -> None:
    """Tell Word the document's language; a right-to-left one (Hebrew) gets right-to-left
    paragraphs (``w:bidi``), tables laid out from the right (``w:bidiVisual``) and its
    runs of Hebrew text marked ``w:rtl``, so they read and align as Hebrew does."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from stemeco.i18n import direction

    tag = LANGUAGE_TAGS.get(language, language)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), tag)
    if direction(language) != "rtl":
        return
    lang.set(qn("w:bidi"), tag)
    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        p_pr = paragraph.get_or_add_pPr()
        if p_pr.find(qn("w:bidi")) is None:
            p_pr.insert_element_before(
                OxmlElement("w:bidi"),
                "w:adjustRightInd",
                "w:snapToGrid",
                "w:spacing",
                "w:ind",
                "w:contextualSpacing",
                "w:mirrorIndents",
                "w:suppressOverlap",
                "w:jc",
                "w:textDirection",
                "w:textAlignment",
                "w:textboxTightWrap",
                "w:outlineLvl",
                "w:divId",
                "w:cnfStyle",
                "w:rPr",
                "w:sectPr",
                "w:pPrChange",
            )
    for run in body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if HEBREW.search(text):
            run.get_or_add_rPr().insert_element_before(
                OxmlElement("w:rtl"),
                "w:cs",
                "w:em",
                "w:lang",
                "w:eastAsianLayout",
                "w:specVanish",
                "w:oMath",
            )
    for table in body.iter(qn("w:tbl")):
        tbl_pr = table.find(qn("w:tblPr"))
        if tbl_pr is not None and tbl_pr.find(qn("w:bidiVisual")) is None:
            tbl_pr.insert_element_before(
                OxmlElement("w:bidiVisual"),
                "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize",
                "w:tblW",
                "w:jc",
                "w:tblCellSpacing",
                "w:tblInd",
                "w:tblBorders",
                "w:shd",
                "w:tblLayout",
                "w:tblCellMar",
                "w:tblLook",
                "w:tblCaption",
                "w:tblDescription",
            )


def _row_flags(row: Any, *, header: bool) -> None:
    """No row split across pages; the header row repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        tr_pr.append(flag)


def _shade(properties: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _box(paragraph: Any, fill: str) -> None:
    """A shaded paragraph with a bar on its left, like the boxes of the HTML page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "24"), ("space", "6"), ("color", "8A5A00")):
        left.set(qn(f"w:{key}"), value)
    border.append(left)
    properties.append(border)
    _shade(properties, fill)
