"""Shared building blocks for every chart: the result value, page sizes, palette, colour mixing,
PNG export.

Charts are drawn with matplotlib's object-oriented API (``Figure`` + Agg canvas), never with
``pyplot``: no global state, safe in worker processes. matplotlib's bundled DejaVu Sans covers
German umlauts and ß, so no system fonts are needed.
"""

from __future__ import annotations

import io
import struct
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

#: Width of a chart in inches at :data:`DPI`; 7.2 in × 150 dpi = 1080 px, a phone screen's width.
PHONE_WIDTH_IN = 7.2
DPI = 150
#: Width of every chart in pixels.
WIDTH_PX = round(PHONE_WIDTH_IN * DPI)
#: Pixels per typographic point at :data:`DPI`.
PX_PER_PT = DPI / 72
#: Smallest font size (pt) any text may have; at 150 dpi on a 1080 px wide image this stays
#: readable on a phone without zooming.
MIN_FONT_PT = 8.5
BASE_FONT_PT = 10.5
TITLE_FONT_PT = 14

FONT_FAMILY = "DejaVu Sans"

#: Colour-blind-safe palette (Okabe–Ito); charts must stay readable without colour, too,
#: so every colour is paired with a pattern, a marker shape or a text label.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#CC79A7",  # purple
    "#56B4E9",  # sky
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#999999",  # grey
)
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#5a5a5a"
TRAFFIC_LIGHT = {"gruen": "#2e7d32", "gelb": "#f9a825", "rot": "#c62828"}

RGB = tuple[float, float, float]


def tint(colour: str, share: float) -> RGB:
    """``colour`` mixed with white; ``share`` is the part of the colour (0 = white, 1 = colour)."""
    r, g, b = to_rgb(colour)
    return (1 - share + share * r, 1 - share + share * g, 1 - share + share * b)


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` blended with ``other`` (``share`` of ``other``), as a ``#rrggbb`` string."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in figure pixels (origin bottom left)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, tolerance: float = 0.5) -> bool:
        """True if the two boxes share more than ``tolerance`` pixels in both directions."""
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > tolerance
            and min(self.y1, other.y1) - max(self.y0, other.y0) > tolerance
        )


def union(boxes: Iterable[Box]) -> Box:
    """The smallest box that contains all ``boxes`` (at least one)."""
    boxes = list(boxes)
    return Box(
        min(b.x0 for b in boxes),
        min(b.y0 for b in boxes),
        max(b.x1 for b in boxes),
        max(b.y1 for b in boxes),
    )


@dataclass(frozen=True)
class ChartResult:
    """A rendered chart: PNG bytes, a text version for screen readers, and its layout.

    ``layout`` maps names a test can check (e.g. ``"label:Stadtwerke"``) to the boxes where the
    renderer placed things, so tests can assert that nothing overlaps and everything is placed.
    """

    png: bytes
    alt_text: str
    width_px: int
    height_px: int
    layout: dict[str, Box] = field(default_factory=dict)

    @classmethod
    def from_png(cls, png: bytes, alt_text: str, layout: dict[str, Box]) -> ChartResult:
        """A result whose pixel size is read from the PNG itself, so it is always exact."""
        width_px, height_px = png_size(png)
        return cls(png, alt_text, width_px, height_px, layout)


def new_figure(height_in: float, width_in: float = PHONE_WIDTH_IN) -> Figure:
    """A white figure of the given size with the house font settings."""
    fig = Figure(figsize=(width_in, height_in), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def text_box(fig: Figure, artist) -> Box:
    """The rendered extent of a text or patch artist in figure pixels."""
    renderer = fig.canvas.get_renderer()
    bbox = artist.get_window_extent(renderer=renderer)
    return Box(float(bbox.x0), float(bbox.y0), float(bbox.x1), float(bbox.y1))


def figure_to_png(fig: Figure) -> bytes:
    """Render ``fig`` to PNG bytes (Agg, fixed DPI, no metadata timestamps)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's IHDR chunk."""
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def wrap(text: str, width: int, max_lines: int | None = None, *, break_long: bool = True) -> str:
    """Wrap ``text`` to lines of at most ``width`` characters; long words are broken unless
    ``break_long`` is off (then they stay whole).

    With ``max_lines`` the text is cut after that many lines and ends with an ellipsis.
    """
    words = " ".join(text.split())
    lines = textwrap.wrap(words, width=width, break_long_words=break_long) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return "\n".join(lines)
