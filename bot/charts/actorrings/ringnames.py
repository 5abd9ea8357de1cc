"""Ring names written along the ring boundaries, one rotated letter at a time."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.charts.actorrings.style import RING_PT, advance
from bot.charts.base import PX_PER_PT, Box
from bot.charts.text import TextMeasurer


@dataclass
class Glyph:
    char: str
    x: float
    y: float
    rotation: float  # degrees
    box: Box  # local coordinates, from the font metrics (for planning)


def ring_name_glyphs(text: str, radius: float, measure: TextMeasurer) -> list[Glyph]:
    """The letters of ``text`` along the circle of ``radius``, centred at 12 o'clock."""
    em = RING_PT * PX_PER_PT
    base_r = radius - 0.36 * em  # baseline, so the letters sit centred on the boundary line
    total = advance(measure, text, RING_PT, True)
    glyphs = []
    for i, char in enumerate(text):
        left = advance(measure, text[:i], RING_PT, True)
        right = advance(measure, text[: i + 1], RING_PT, True)
        phi = math.pi / 2 + total / (2 * base_r) - left / base_r
        x, y = base_r * math.cos(phi), base_r * math.sin(phi)
        rot = phi - math.pi / 2
        c, s = math.cos(rot), math.sin(rot)
        corners = [
            (x + u * c - v * s, y + u * s + v * c)
            for u in (0.0, right - left)
            for v in (-0.24 * em, 0.8 * em)
        ]
        if char.strip():
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            box = Box(min(xs), min(ys), max(xs), max(ys))
            glyphs.append(Glyph(char, x, y, math.degrees(rot), box))
    return glyphs


def halo_half() -> float:
    """Half the width of the white band behind a curved ring name."""
    return 0.62 * RING_PT * PX_PER_PT + 2.5
