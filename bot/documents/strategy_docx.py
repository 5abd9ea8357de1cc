"""The strategy paper as an editable Word document (python-docx).

Real Word styles (Title, Heading 1/2, List Bullet, Quote, Caption, Table Grid), so the
navigation pane, a refreshed table of contents and LibreOffice all understand the structure.
The table of contents is a Word TOC field whose stored result already lists every heading;
Word refreshes it (with page numbers) when the document is opened. Charts are embedded as PNG
with their text version as alternative text. python-docx escapes all text for XML; the model
already dropped characters XML cannot carry.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from bot.charts.base import ChartResult
from bot.documents.strategy_model import (
    ANNEX_TITLE,
    Block,
    Bullets,
    FigureRef,
    Gap,
    Paragraph,
    StrategyPaper,
    Subheading,
    Table,
    clean,
    figure_title,
)

PAGE_WIDTH = Cm(21)
PAGE_HEIGHT = Cm(29.7)
MARGIN = Cm(2.5)
BODY_WIDTH_CM = 21 - 2 * 2.5
#: Tallest picture (cm): the page body less room for the caption line.
MAX_PICTURE_CM = 29.7 - 2 * 2.5 - 2.0
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "D9E2F3"
CELL_MARGIN_TWIPS = 68  # 1.2 mm
#: Elements of w:settings that the schema puts after w:updateFields.
SETTINGS_AFTER_UPDATE = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)  # fmt: skip


def write_docx(paper: StrategyPaper, images: Sequence[Sequence[ChartResult]]) -> bytes:
    """The paper as DOCX bytes; ``images[i]`` are the rendered pictures of figure ``i``."""
    doc = new_document()
    _setup(doc, paper)
    _title_page(doc, paper)
    _contents(doc, paper)
    for index, section in enumerate(paper.sections):
        heading = doc.add_heading(section.label, level=1)
        # After the contents a new page; then chapters run on, as in the PDF.
        heading.paragraph_format.page_break_before = index == 0
        heading.paragraph_format.space_before = Pt(18 if index else 0)
        for block in section.blocks:
            _block(doc, block)
    if paper.figures:
        heading = doc.add_heading(ANNEX_TITLE, level=1)
        heading.paragraph_format.page_break_before = True
        for figure, pictures in zip(paper.figures, images, strict=True):
            caption = doc.add_paragraph(figure_title(figure), style="Caption")
            caption.paragraph_format.keep_with_next = True
            if not pictures:
                _italic(doc, "Die Grafik konnte nicht erstellt werden.")
            for picture in pictures:
                _picture(doc, picture)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- page set-up


def _setup(doc: Document, paper: StrategyPaper) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{paper.title} {paper.municipality} · {paper.status_label} · Seite ")
    _field(footer, "PAGE", "1")
    footer.add_run(" von ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = GREY

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    # German for spelling and hyphenation, for every style that does not say otherwise.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is not None:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "de-DE")
    for level, indent in ((1, 0.0), (2, 0.6)):
        style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.left_indent = Cm(indent)
        style.paragraph_format.space_after = Pt(2)
    # Word refreshes the contents (with page numbers) on opening. Schema order matters to Word.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.insert_element_before(update, *(f"w:{n}" for n in SETTINGS_AFTER_UPDATE))

    props = doc.core_properties
    props.title = f"{paper.title} {paper.municipality}"
    props.subject = paper.subtitle
    props.author = "Smart-City-Werkstatt"
    props.language = "de-DE"
    props.created = props.modified = datetime.fromisoformat(paper.date)


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES`` …) with ``shown`` as its stored result."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("text", shown), ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
            run._r.append(element)
        elif kind == "text":
            run.text = text or ""
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)


def _title_page(doc: Document, paper: StrategyPaper) -> None:
    for _ in range(6):
        doc.add_paragraph()
    doc.add_paragraph(paper.title, style="Title")
    doc.add_paragraph(paper.place, style="Subtitle")
    status = doc.add_paragraph()
    status.add_run(paper.status_label).bold = True
    status.add_run(f" · {paper.variant_label}")
    doc.add_paragraph(f"Stand: {paper.date_label}")
    for _ in range(8):
        doc.add_paragraph()
    note = doc.add_paragraph(
        "Erarbeitet vom Team der Kommune in der Smart-City-Werkstatt. Grundlage sind die "
        "gespeicherten Ergebnisse der Arbeitsschritte; was noch fehlt, ist als „noch offen“ "
        "gekennzeichnet."
    )
    for run in note.runs:
        run.font.size = Pt(9)
        run.font.color.rgb = GREY
    note.add_run().add_break(WD_BREAK.PAGE)


def _contents(doc: Document, paper: StrategyPaper) -> None:
    """A TOC field whose stored result lists the headings (page numbers come with Word's
    refresh); LibreOffice shows the stored list."""
    doc.add_paragraph("Inhalt", style="TOC Heading")
    entries = paper.contents()
    for index, (level, label) in enumerate(entries):
        paragraph = doc.add_paragraph(style=f"toc {level}")
        if index == 0:
            for kind, text in (("begin", None), ("instr", 'TOC \\o "1-2" \\h \\z \\u'),
                               ("separate", None)):  # fmt: skip
                run = paragraph.add_run()
                if text:
                    element = OxmlElement("w:instrText")
                    element.set(qn("xml:space"), "preserve")
                    element.text = f" {text} "
                else:
                    element = OxmlElement("w:fldChar")
                    element.set(qn("w:fldCharType"), kind)
                run._r.append(element)
        paragraph.add_run(label)
        if index == len(entries) - 1:
            run = paragraph.add_run()
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), "end")
            run._r.append(element)


# --------------------------------------------------------------------------- blocks


def _lines(paragraph: DocxParagraph, text: str) -> None:
    """``text`` into ``paragraph``, its line breaks kept as line breaks."""
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if index:
            run._r.addprevious(_break())


def _break():
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _italic(doc: Document, text: str, colour: RGBColor | None = None) -> DocxParagraph:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = True
    if colour is not None:
        run.font.color.rgb = colour
    return paragraph


def _block(doc: Document, block: Block) -> None:
    if isinstance(block, Subheading):
        doc.add_heading(block.label, level=2)
    elif isinstance(block, Paragraph):
        if block.style == "quote":
            paragraph = doc.add_paragraph(style="Intense Quote")
            _lines(paragraph, block.text)
        elif block.style == "label":
            paragraph = doc.add_paragraph()
            paragraph.add_run(block.text).bold = True
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_after = Pt(2)
        elif block.style == "note":
            paragraph = _italic(doc, block.text, GREY)
            for run in paragraph.runs:
                run.font.size = Pt(9)
        else:
            _lines(doc.add_paragraph(), block.text)
    elif isinstance(block, Gap):
        _italic(doc, block.shown, GREY)
    elif isinstance(block, Bullets):
        for item in block.items:
            _lines(doc.add_paragraph(style="List Bullet"), item)
    elif isinstance(block, Table):
        _table(doc, block)
    elif isinstance(block, FigureRef):
        _italic(doc, block.text)


def _table(doc: Document, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Cm(BODY_WIDTH_CM * share) for share in block.column_shares()]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice follows
    _cell_margins(table, CELL_MARGIN_TWIPS)
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text, width in zip(header.cells, block.header, widths, strict=True):
        _cell(cell, text, width, bold=True)
        _shade(cell, HEADER_FILL)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, widths, strict=True):
            _cell(cell, text, width)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _cell(cell: _Cell, text: str, width, *, bold: bool = False) -> None:
    cell.width = width
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    for index, line in enumerate(text.split("\n")):
        if index:
            paragraph = cell.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(9)


def _cell_margins(table, twips: int) -> None:
    """Narrow left and right cell margins (as in the PDF), so more words fit a column."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription"
    )


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _picture(doc: Document, picture: ChartResult) -> None:
    """The chart at body width, or smaller so that it fits on one page."""
    width_cm = BODY_WIDTH_CM
    height_cm = width_cm * picture.height_px / picture.width_px
    if height_cm > MAX_PICTURE_CM:
        width_cm *= MAX_PICTURE_CM / height_cm
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = paragraph.add_run().add_picture(io.BytesIO(picture.png), width=Cm(width_cm))
    alt = clean(picture.alt_text)
    shape._inline.docPr.set("descr", alt)
    shape._inline.docPr.set("title", alt.split("\n", 1)[0][:200])
