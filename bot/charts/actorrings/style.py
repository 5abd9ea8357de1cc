"""Sizes, fonts and small box helpers shared by the actor rings modules."""

from __future__ import annotations

import math
from collections.abc import Iterable

from matplotlib.colors import to_rgb

from bot.charts.base import MIN_FONT_PT, PX_PER_PT, TEXT_COLOUR, Box
from bot.charts.text import Font, TextMeasurer

OTHER_COLOUR = "#4d4d4d"


_LINESPACING = 1.15


MARGIN = 36.0  # left/right page margin for text blocks


SIDE = 10.0  # closest any chart element may come to the left/right figure edge


SUBTITLE_PT = 9.5


SECTOR_PT = 9.5


RING_PT = MIN_FONT_PT


LABEL_PT = 9.0


NUMBER_PT = MIN_FONT_PT


LEGEND_PT = 9.0


LEGEND_HEAD_PT = 9.5


KEY_PT = MIN_FONT_PT


CENTRE_PT = MIN_FONT_PT


SWATCH = 20.0  # side of the group swatch next to sector names and legend headers


SECTOR_PAD = 18.0  # gap between the rim and the sector names


RIM_ARC = (3.0, 8.0)  # coloured arc just outside the rim: inner and outer offset from R


MIN_SECTOR = math.radians(9)


R_MIN = 200.0


LABEL_PAD = 3.0  # padding of the white box behind a name beside a marker


NAME_GAP = 4.0  # gap between a marker and its own name


FOREIGN_GAP = 18.0  # a name keeps at least this far from every other marker


MARKER_SPACING = 30.0  # free space between two markers in the names mode


NAME_SPACING = 10.0  # free space between two names: more than to the own marker (proximity)


LEGEND_GUTTER = 24.0


TINT = {"kern": 0.36, "erweitert": 0.2, "peripher": 0.08}


def chart_font(pt: float, bold: bool = False) -> Font:
    return Font(pt, "bold" if bold else "normal", linespacing=_LINESPACING)


def advance(measure: TextMeasurer, text: str, pt: float, bold: bool = False) -> float:
    """Width of ``text`` including trailing spaces (measured between two bars)."""
    font = chart_font(pt, bold)
    return measure.size(f"|{text}|", font)[0] - measure.size("||", font)[0]


def _luminance(rgb: Iterable[float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(colour: str) -> str:
    """Black or white text, whichever contrasts more with ``colour``."""
    lum = _luminance(to_rgb(colour))
    dark = _luminance(to_rgb(TEXT_COLOUR))
    on_white = 1.05 / (lum + 0.05)
    on_dark = (lum + 0.05) / (dark + 0.05)
    return "white" if on_white >= on_dark else TEXT_COLOUR


def box_at(cx: float, cy: float, w: float, h: float) -> Box:
    return Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def inflate(box: Box, by: float) -> Box:
    return Box(box.x0 - by, box.y0 - by, box.x1 + by, box.y1 + by)


def shifted(box: Box, dx: float, dy: float) -> Box:
    return Box(box.x0 + dx, box.y0 + dy, box.x1 + dx, box.y1 + dy)


def lw(px: float) -> float:
    """Line width in points for a width in pixels."""
    return px / PX_PER_PT
