"""Tall charts in parts that each fit a page and a phone screen, cut only between elements.

A chart is drawn at phone width (1080 px); when it grows taller than
:data:`MAX_PART_HEIGHT_PX`, the messenger shrinks it until nothing is legible and an A4 page
could only hold it with tiny text. :func:`split_tall` cuts such a picture into parts, but only
along empty horizontal bands that no element of the chart's layout crosses (between two
impact-model bands, between legend rows, below the matrix), so no box or text is ever cut in
half. Each part keeps the boxes of the elements it shows, moved to its own coordinates.
"""

from __future__ import annotations

import io
from itertools import pairwise

from PIL import Image

from bot.charts.base import DPI, MIN_FONT_PT, Box, ChartResult

#: Smallest text size (pt) a chart may have once printed in the strategy paper.
MIN_PRINTED_PT = 7.0
#: Tallest part (px): at the smallest scale that keeps chart text at :data:`MIN_PRINTED_PT`
#: (MIN_FONT_PT → 7 pt) it is 11 in × 0.82 ≈ 230 mm, which fits the annex page of the PDF
#: (249 mm below a two-line caption); on a phone it is about 1.5 screens.
MAX_PART_HEIGHT_PX = round(11 * DPI)
#: Parts are not cut shorter than this share of the limit while a later cut is possible.
_MIN_FILL = 0.4
#: Elements up to this tall (px, two lines of 10.5 pt) may be headings kept with what follows.
_HEADING_PX = 70
#: Empty pixels kept above and below a cut.
_CUT_MARGIN = 6


def min_print_scale() -> float:
    """The smallest factor a chart may be printed at (printed size / drawn size)."""
    return MIN_PRINTED_PT / MIN_FONT_PT


def _free_rows(height: int, boxes: list[Box]) -> list[tuple[float, float]]:
    """Vertical gaps (top-down pixel ranges) that no layout box crosses."""
    spans = sorted((height - b.y1, height - b.y0) for b in boxes if b.y1 > b.y0)
    gaps: list[tuple[float, float]] = []
    reached = 0.0
    for top, bottom in spans:
        if top > reached:
            gaps.append((reached, top))
        reached = max(reached, bottom)
    if reached < height:
        gaps.append((reached, float(height)))
    return gaps


def _heading_above(free: list[tuple[float, float]], index: int) -> bool:
    """Whether the element right above gap ``index`` is a heading of what follows: a short
    element that sits closer to the next element than to the previous one."""
    if index == 0:
        return False
    above, gap = free[index - 1], free[index]
    height = gap[0] - above[1]
    return height <= _HEADING_PX and gap[1] - gap[0] < above[1] - above[0]


def cut_rows(result: ChartResult, limit: int = MAX_PART_HEIGHT_PX) -> list[int]:
    """Rows (top-down pixels) where ``result`` is cut into parts of at most ``limit`` px;
    empty when it fits or has no free band to cut at."""
    if result.height_px <= limit or not result.layout:
        return []
    free = _free_rows(result.height_px, list(result.layout.values()))
    gaps = [
        (top + _CUT_MARGIN, bottom - _CUT_MARGIN)
        for index, (top, bottom) in enumerate(free)
        if bottom - top >= 2 * _CUT_MARGIN
        and top > 0
        and bottom < result.height_px
        and not _heading_above(free, index)
    ]
    cuts: list[int] = []
    start = 0
    while result.height_px - start > limit:
        reachable = [
            (top, bottom) for top, bottom in gaps if start + _MIN_FILL * limit <= top
        ] or [(top, bottom) for top, bottom in gaps if start < top]
        inside = [(top, min(bottom, start + limit)) for top, bottom in reachable]
        inside = [(top, bottom) for top, bottom in inside if top <= bottom]
        if inside:
            top, bottom = inside[-1]  # the lowest gap that still fits: fullest part
            cut = round((top + bottom) / 2)
        elif reachable:  # one element taller than a page: cut right below it
            cut = round(reachable[0][0])
        else:
            break
        cuts.append(cut)
        start = cut
    return cuts


def split_tall(result: ChartResult, limit: int = MAX_PART_HEIGHT_PX) -> list[ChartResult]:
    """``result`` as parts of at most ``limit`` px (where free bands allow); the first part
    carries the text version of the whole chart."""
    cuts = cut_rows(result, limit)
    if not cuts:
        return [result]
    image = Image.open(io.BytesIO(result.png))
    edges = [0, *cuts, result.height_px]
    parts = []
    for index, (top, bottom) in enumerate(pairwise(edges)):
        buffer = io.BytesIO()
        image.crop((0, top, result.width_px, bottom)).save(buffer, format="PNG")
        # Layout boxes (origin bottom left) of the elements inside this part, moved into it.
        low, high = result.height_px - bottom, result.height_px - top
        layout = {
            name: Box(box.x0, box.y0 - low, box.x1, box.y1 - low)
            for name, box in result.layout.items()
            if box.y0 >= low - 0.5 and box.y1 <= high + 0.5
        }
        alt = (
            result.alt_text
            if index == 0
            else f"Fortsetzung (Teil {index + 1} von {len(edges) - 1}); die Textfassung der "
            "ganzen Grafik steht beim ersten Teil."
        )
        parts.append(ChartResult.from_png(buffer.getvalue(), alt, layout))
    return parts
