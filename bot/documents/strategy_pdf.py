"""The strategy paper as a print-ready PDF (fpdf2, A4).

matplotlib's bundled DejaVu Sans (regular, bold, oblique) is embedded, so umlauts, „“ and ß
need no system font; characters the font has no glyph for (emoji) are left out instead of
printing empty boxes. A table of contents with page numbers and links, page numbers in the
footer, tables with repeated headings whose cells wrap between words (an overlong word is
hyphenated with a visible hyphen; rows taller than a page are continued on the next one), and
every chart in the annex at page width or scaled down to fit one page: charts taller than a
page arrive in parts cut between their elements, a picture is never sliced here. Text is
always written as plain text (no markup is interpreted), so user text stays literal.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace
from fpdf.outline import OutlineSection

from bot.charts.base import DPI, ChartResult
from bot.charts.parts import min_print_scale
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
    figure_title,
)
from bot.documents.wrapping import wrap_lines

log = logging.getLogger(__name__)

FONT = "DejaVu"
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
MARGIN = 20.0  # mm
FOOTER = 14.0  # mm kept free at the bottom for the page number
TEXT = (26, 26, 26)
MUTED = (90, 90, 90)
ACCENT = (0, 84, 147)
HEADER_FILL = (217, 226, 243)
RULE = (150, 150, 150)
LINE = 5.2  # mm per line of body text
TABLE_LINE = 4.6
#: Table rows with more lines than this are continued in a further row.
MAX_ROW_LINES = 38
#: Inner padding of a table cell (mm) and a little room for rounding in fpdf's own wrapping.
CELL_PADDING = 1.2
WRAP_SLACK = 0.6
TOC_LINES_PER_PAGE = 34


def font_path(name: str) -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


@cache
def _glyphs() -> frozenset[int]:
    """Code points every one of the four faces can draw."""
    covered: set[int] | None = None
    for name in FONT_FILES.values():
        with TTFont(font_path(name), lazy=True) as font:
            cmap = set(font.getBestCmap())
        covered = cmap if covered is None else covered & cmap
    return frozenset(covered or ())


def printable(text: str) -> str:
    """``text`` without characters the font cannot draw (emoji and the like)."""
    glyphs = _glyphs()
    kept = "".join(ch for ch in text if ch in "\n\t" or ord(ch) in glyphs)
    return kept.replace("\t", "    ")


class _Pdf(FPDF):
    def __init__(self, paper: StrategyPaper) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.paper = paper
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(font_path(name)))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + FOOTER - 6)
        self.set_text_color(*TEXT)
        self.set_title(f"{paper.title} {paper.municipality}")
        self.set_subject(paper.subtitle)
        self.set_author("Smart-City-Werkstatt")
        self.set_creator("Smart-City-Werkstatt")
        self.set_lang("de-DE")
        self.set_creation_date(datetime.fromisoformat(paper.date).replace(tzinfo=UTC))

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-(MARGIN + 2))
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        label = printable(
            f"{self.paper.title} {self.paper.municipality} · {self.paper.status_label}"
        )
        self.cell(0, 5, f"{label} · Seite {self.page_no()} von {{nb}}", align="C")
        self.set_text_color(*TEXT)

    # -- helpers ------------------------------------------------------------------------------

    @property
    def room(self) -> float:
        """Space left on the current page (mm)."""
        return self.page_break_trigger - self.get_y()

    @property
    def body_height(self) -> float:
        return self.page_break_trigger - self.t_margin

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.room < height:
            self.add_page()

    def write_text(
        self,
        text: str,
        *,
        size: float = 10.5,
        style: str = "",
        colour: tuple[int, int, int] = TEXT,
        indent: float = 0.0,
        line: float = LINE,
        after: float = 2.5,
    ) -> None:
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            self.epw - indent,
            line,
            printable(text),
            align=Align.L,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_text_color(*TEXT)
        self.ln(after)

    def heading(self, text: str, level: int) -> None:
        size, before, after = (16.0, 0.0, 4.0) if level == 1 else (12.5, 3.0, 2.0)
        if level == 2:
            self.need(28)
        self.ln(before)
        self.start_section(printable(text), level=level - 1)
        self.write_text(text, size=size, style="B", colour=ACCENT, line=size * 0.5, after=after)


# --------------------------------------------------------------------------- document


def write_pdf(paper: StrategyPaper, images: Sequence[Sequence[ChartResult]]) -> bytes:
    """The paper as PDF bytes; ``images[i]`` are the rendered pictures of figure ``i``."""
    pdf = _Pdf(paper)
    _title_page(pdf, paper)
    pdf.add_page()
    entries = len(paper.contents()) + 2
    # Reserves the page(s) of the contents and moves on to a fresh page after them.
    pdf.insert_toc_placeholder(_render_toc, pages=max(1, math.ceil(entries / TOC_LINES_PER_PAGE)))
    for index, section in enumerate(paper.sections):
        if index:  # chapters run on (compact), but never start at the foot of a page
            pdf.ln(6)
            pdf.need(60)
        pdf.heading(section.label, 1)
        for block in section.blocks:
            _block(pdf, block)
    if paper.figures:
        pdf.add_page()
        pdf.heading(ANNEX_TITLE, 1)
        for figure, pictures in zip(paper.figures, images, strict=True):
            title = figure_title(figure)
            if not pictures:
                pdf.need(20)
                pdf.write_text(title, style="B", size=10)
                pdf.write_text("Die Grafik konnte nicht erstellt werden.", style="I", colour=MUTED)
            for index, picture in enumerate(pictures, start=1):
                numbered = f"{title} ({index}/{len(pictures)})" if len(pictures) > 1 else title
                _picture(pdf, numbered, picture)
    return bytes(pdf.output())


def _title_page(pdf: _Pdf, paper: StrategyPaper) -> None:
    pdf.add_page()
    pdf.set_y(80)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.line(pdf.l_margin, 74, pdf.l_margin + 40, 74)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE)
    pdf.write_text(paper.title, size=28, style="B", colour=ACCENT, line=13, after=4)
    pdf.write_text(paper.place, size=18, line=9, after=12, colour=TEXT)
    pdf.write_text(paper.status_label, size=13, style="B", line=7, after=1)
    pdf.write_text(paper.variant_label, size=12, line=6.5, after=1)
    pdf.write_text(f"Stand: {paper.date_label}", size=12, line=6.5, after=1)
    pdf.set_y(pdf.page_break_trigger - 22)
    pdf.write_text(
        "Erarbeitet vom Team der Kommune in der Smart-City-Werkstatt. Grundlage sind die "
        "gespeicherten Ergebnisse der Arbeitsschritte; was noch fehlt, ist als „noch offen“ "
        "gekennzeichnet.",
        size=8.5,
        colour=MUTED,
        line=4.2,
    )


def _render_toc(pdf: FPDF, outline: list[OutlineSection]) -> None:
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.set_font(FONT, "B", 16)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 10, "Inhalt", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_text_color(*TEXT)
    for entry in outline:
        level = entry.level
        indent = 7.0 * level
        pdf.set_font(FONT, "B" if level == 0 else "", 11 if level == 0 else 10)
        line = 7.0 if level == 0 else 5.6
        if level == 0:
            pdf.ln(1.2)
        number = str(entry.page_number)
        number_width = pdf.get_string_width(number) + 1
        y = pdf.get_y()
        x = pdf.l_margin + indent
        name = entry.name
        available = pdf.epw - indent - number_width - 4
        while pdf.get_string_width(name) > available and len(name) > 4:
            name = name[:-2].rstrip() + "…"
        pdf.set_xy(x, y)
        link = pdf.add_link(page=entry.page_number)
        pdf.cell(pdf.get_string_width(name) + 1, line, name, link=link)
        dots_from = pdf.get_x() + 1
        dots_to = pdf.l_margin + pdf.epw - number_width - 1
        if dots_to > dots_from:
            pdf.set_text_color(*MUTED)
            dot = pdf.get_string_width(".")
            pdf.cell(dots_to - dots_from, line, "." * int((dots_to - dots_from) / (dot * 1.6)),
                     align=Align.R)  # fmt: skip
            pdf.set_text_color(*TEXT)
        pdf.set_xy(pdf.l_margin + pdf.epw - number_width, y)
        pdf.cell(number_width, line, number, align=Align.R, link=link)
        pdf.set_xy(pdf.l_margin, y + line)


# --------------------------------------------------------------------------- blocks


def _block(pdf: _Pdf, block: Block) -> None:
    if isinstance(block, Subheading):
        pdf.heading(block.label, 2)
    elif isinstance(block, Paragraph):
        if block.style == "quote":
            _quote(pdf, block.text)
        elif block.style == "label":
            pdf.need(14)
            pdf.write_text(block.text, style="B", after=1)
        elif block.style == "note":
            pdf.write_text(block.text, size=8.5, style="I", colour=MUTED, line=4.4)
        else:
            pdf.write_text(block.text)
    elif isinstance(block, Gap):
        pdf.write_text(block.shown, style="I", colour=MUTED)
    elif isinstance(block, Bullets):
        for item in block.items:
            _bullet(pdf, item)
        pdf.ln(1.5)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, FigureRef):
        pdf.write_text(block.text, size=9.5, style="I", colour=MUTED, line=4.8)


def _quote(pdf: _Pdf, text: str) -> None:
    pdf.ln(1)
    top_page, top = pdf.page_no(), pdf.get_y()
    pdf.write_text(text, size=12.5, style="I", colour=ACCENT, indent=7, line=6.4, after=0)
    if pdf.page_no() == top_page:
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.9)
        pdf.line(pdf.l_margin + 2, top, pdf.l_margin + 2, pdf.get_y())
        pdf.set_line_width(0.2)
        pdf.set_draw_color(*RULE)
    pdf.ln(4)


def _bullet(pdf: _Pdf, text: str) -> None:
    pdf.set_font(FONT, "", 10.5)
    if pdf.room < LINE * 1.5:
        pdf.add_page()
    y = pdf.get_y()
    pdf.set_xy(pdf.l_margin + 1.5, y)
    pdf.cell(4, LINE, "•")
    pdf.set_xy(pdf.l_margin + 6, y)
    pdf.multi_cell(
        pdf.epw - 6, LINE, printable(text), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(0.8)


def _wrapped(pdf: _Pdf, text: str, width: float) -> list[str]:
    """The lines of a cell ``width`` mm wide in the current font (see :mod:`wrapping`)."""
    room = width - 2 * CELL_PADDING - WRAP_SLACK
    return wrap_lines(printable(text), room, pdf.get_string_width) or [""]


def _table(pdf: _Pdf, block: Table) -> None:
    widths = [pdf.epw * share for share in block.column_shares()]
    pdf.set_font(FONT, "B", 9)
    header = [
        "\n".join(_wrapped(pdf, text, w)) for text, w in zip(block.header, widths, strict=True)
    ]
    pdf.set_font(FONT, "", 9)
    rows: list[list[str]] = []
    for row in block.rows:
        cells = [_wrapped(pdf, text, w) for text, w in zip(row, widths, strict=True)]
        height = max(len(c) for c in cells)
        for start in range(0, height, MAX_ROW_LINES):
            rows.append(["\n".join(c[start : start + MAX_ROW_LINES]) for c in cells])
    pdf.need(TABLE_LINE * 4)
    with pdf.table(
        col_widths=tuple(widths),
        width=pdf.epw,
        line_height=TABLE_LINE,
        text_align="LEFT",
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        padding=CELL_PADDING,
        repeat_headings=1,
        borders_layout="ALL",
    ) as table:
        heading = table.row()
        for text in header:
            heading.cell(text)
        for row in rows:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.ln(3)


def _picture(pdf: _Pdf, title: str, picture: ChartResult) -> None:
    """A chart at page width, or smaller so it fits a page, never cut. Charts come in parts
    that fit a page at a legible size (:mod:`bot.charts.parts`); one that could still not
    be split is shrunk to the page rather than sliced through its content."""
    caption = 12.0  # up to two lines of caption
    natural = picture.width_px / DPI * 25.4  # mm at the size it was drawn
    scale = min(pdf.epw / natural, (pdf.body_height - caption) / (picture.height_px / DPI * 25.4))
    if scale < min_print_scale():
        log.warning("figure %r is printed at %.2f of its size (text below 7 pt)", title, scale)
    width = natural * scale
    height = width * picture.height_px / picture.width_px
    pdf.need(height + caption)
    _caption(pdf, title)
    x = pdf.l_margin + (pdf.epw - width) / 2
    alt = printable(picture.alt_text)
    pdf.image(io.BytesIO(picture.png), x=x, w=width, h=height, alt_text=alt)
    pdf.ln(4)


def _caption(pdf: _Pdf, title: str) -> None:
    pdf.write_text(title, size=10, style="B", line=5, after=2)
