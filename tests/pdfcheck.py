"""What a reader of a PDF would notice: text too small to read, pictures cut or off the page.

:func:`inspect_pdf` walks every page's content stream with pypdf and records each piece of
text with its printed size (font size × text matrix × current transformation) and each image
with its pixel size and the box it is drawn into; :func:`assert_readable` checks both.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import dataclass

from pypdf import PdfReader

from bot.charts.base import DPI, MIN_FONT_PT
from bot.charts.parts import MIN_PRINTED_PT


@dataclass(frozen=True)
class Placed:
    """An image drawn on ``page``: its pixels and the box (pt, origin bottom left)."""

    page: int
    width_px: int
    height_px: int
    x: float
    y: float
    width: float
    height: float

    @property
    def scale(self) -> float:
        """Printed size / the size the chart was drawn at (``DPI`` pixels per inch)."""
        return self.width / (self.width_px / DPI * 72)


@dataclass(frozen=True)
class PdfFacts:
    text_sizes: list[tuple[int, float, str]]  # (page, printed pt, text)
    images: list[Placed]
    page_boxes: list[tuple[float, float]]


def _scale(matrix: list[float]) -> float:
    return math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))


class _PageWalker:
    """Collects the texts and images of one page (a pypdf text-extraction visitor)."""

    def __init__(self, number: int, xobjects, facts: PdfFacts) -> None:
        self.number = number
        self.xobjects = xobjects
        self.facts = facts
        self.font_size = 0.0

    def __call__(self, op: bytes, args: list, cm: list[float], tm: list[float]) -> None:
        if op == b"Tf":
            self.font_size = float(args[1])
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            shown = "".join(str(a) for a in args[0]) if op == b"TJ" else str(args[0])
            printed = self.font_size * _scale(tm) * _scale(cm)
            self.facts.text_sizes.append((self.number, printed, shown))
        elif op == b"Do":
            xobject = self.xobjects[args[0]].get_object()
            if xobject.get("/Subtype") == "/Image":
                size = int(xobject["/Width"]), int(xobject["/Height"])
                self.facts.images.append(Placed(self.number, *size, cm[4], cm[5], cm[0], cm[3]))


def inspect_pdf(content: bytes) -> PdfFacts:
    facts = PdfFacts([], [], [])
    for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1):
        facts.page_boxes.append((float(page.mediabox.width), float(page.mediabox.height)))
        walker = _PageWalker(number, page["/Resources"].get("/XObject", {}), facts)
        page.extract_text(visitor_operand_before=walker)
    return facts


def assert_readable(content: bytes, pictures: list[tuple[int, int]] | None = None) -> PdfFacts:
    """No text below 7 pt, every image whole on its page and printed so that chart text stays
    at 7 pt or more; with ``pictures`` (pixel sizes of the rendered charts) every image is one
    of them, each exactly once — a picture sliced into pieces would have other sizes."""
    facts = inspect_pdf(content)
    small = [(page, round(size, 1), text) for page, size, text in facts.text_sizes if size < 7]
    assert not small, small
    assert facts.images
    for image in facts.images:
        width, height = facts.page_boxes[image.page - 1]
        assert image.x >= 0 and image.y >= 0, image
        assert image.x + image.width <= width and image.y + image.height <= height, image
        assert image.scale * MIN_FONT_PT >= MIN_PRINTED_PT - 0.01, image
        ratio = image.height / image.width
        assert abs(ratio - image.height_px / image.width_px) < 0.01, image  # not distorted
    if pictures is not None:
        drawn = Counter((i.width_px, i.height_px) for i in facts.images)
        assert drawn == Counter(pictures)
    return facts
