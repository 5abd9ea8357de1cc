"""Text in charts: fonts, drawing text literally, measuring it and wrapping it to a width.

Every chart draws its text with :func:`draw_text` (or with :meth:`Font.kwargs`), which switches
matplotlib's mathtext off: user text such as "Budget $5$" is drawn as typed, never as a formula.

:class:`TextMeasurer` measures with the same font settings the charts draw with, on a scratch
figure at the chart DPI. Three ways of wrapping are offered, each used by the charts that were
tuned with it:

* :func:`wrap_px` – greedy by measured width, breaks at spaces (and after hyphens unless turned
  off), splits an overlong word with a hyphen; a no-break space never breaks.
* :meth:`TextMeasurer.fit` – greedy by measured width, also breaks after "/", splits an overlong
  word without a hyphen; returns the block's size too.
* :meth:`InchMeasurer.fit` – :func:`base.wrap` at the most characters per line that still fit
  a width in inches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

from bot.charts.base import DPI, FONT_FAMILY, PX_PER_PT, TEXT_COLOUR, new_figure, wrap

NBSP = "\u00a0"
_GLUE = "\ue000"  # stands in for a no-break space while wrapping by characters


@dataclass(frozen=True)
class Font:
    """How a text looks: size in points, weight, style, colour and line spacing.

    ``linespacing`` ``None`` keeps matplotlib's default.
    """

    size: float
    weight: str = "normal"
    style: str = "normal"
    colour: str = TEXT_COLOUR
    linespacing: float | None = None

    def properties(self) -> FontProperties:
        """The font as matplotlib ``FontProperties`` (for renderer measurements)."""
        return FontProperties(
            family=FONT_FAMILY, size=self.size, weight=self.weight, style=self.style
        )

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``Axes.text``/``Figure.text``; math parsing is off."""
        result: dict[str, Any] = {
            "fontsize": self.size,
            "fontweight": self.weight,
            "fontstyle": self.style,
            "family": FONT_FAMILY,
            "color": self.colour,
            "parse_math": False,
        }
        if self.linespacing is not None:
            result["linespacing"] = self.linespacing
        return result


def draw_text(
    target: Axes | Figure, x: float, y: float, text: str, font: Font | None = None, **kwargs: Any
) -> Text:
    """Place ``text`` on an axes or a figure, literally: "$…$" is never parsed as math.

    ``font`` supplies the font settings; further keyword arguments go to matplotlib and win over
    the font's (e.g. another ``color``).
    """
    style = {**(font.kwargs() if font is not None else {}), **kwargs, "parse_math": False}
    return target.text(x, y, text, **style)


class TextMeasurer:
    """Measures rendered text in pixels on a scratch figure at the chart DPI (cached).

    ``hyphens`` says whether :meth:`wrap` may break after the hyphens inside a word.
    """

    def __init__(self, *, hyphens: bool = True) -> None:
        self.hyphens = hyphens
        self._fig = new_figure(1.0)
        self._renderer = self._fig.canvas.get_renderer()
        self._widths: dict[tuple[str, float, str, str], float] = {}
        self._sizes: dict[tuple[str, Font], tuple[float, float]] = {}

    def width(self, text: str, font: Font) -> float:
        """Advance width of a single line of ``text``, straight from the renderer."""
        key = (text, font.size, font.weight, font.style)
        if key not in self._widths:
            self._widths[key] = self.metrics(text, font)[0]
        return self._widths[key]

    def metrics(self, text: str, font: Font) -> tuple[float, float, float]:
        """Width, height and descent of a single line of ``text`` from the renderer."""
        width, height, descent = self._renderer.get_text_width_height_descent(
            text, font.properties(), ismath=False
        )
        return float(width), float(height), float(descent)

    def size(self, text: str, font: Font) -> tuple[float, float]:
        """Width and height of a (multi-line) text block as matplotlib lays it out."""
        key = (text, font)
        if key not in self._sizes:
            artist = draw_text(self._fig, 0, 0, text, font)
            bbox = artist.get_window_extent(renderer=self._renderer)
            artist.remove()
            self._sizes[key] = (float(bbox.width), float(bbox.height))
        return self._sizes[key]

    def height(self, text: str, font: Font) -> float:
        """Height of a (multi-line) text block in pixels."""
        return self.size(text, font)[1]

    def ascent(self, text: str, font: Font) -> float:
        """Distance from the top of a top-aligned text block to its first line's baseline."""
        first = (text or " ").split("\n", 1)[0]
        artist = draw_text(self._fig, 0, 0, first, font, va="baseline")
        bbox = artist.get_window_extent(renderer=self._renderer)
        artist.remove()
        return float(bbox.y1)

    def wrap(self, text: str, max_px: float, font: Font) -> str:
        """``text`` wrapped with :func:`wrap_px` to lines at most ``max_px`` wide."""
        return wrap_px(text, max_px, lambda line: self.width(line, font), hyphens=self.hyphens)

    def fit(self, text: str, max_px: float, font: Font) -> tuple[str, float, float]:
        """Wrap ``text`` so that no line is wider than ``max_px``; returns text, width, height.

        Lines break at spaces and after ``/`` and ``-`` inside compounds
        ("Handel/Innenstadt", "E-Government"); a single word that is too long on its own is
        split with :func:`base.wrap`. Line widths are first estimated from cached word widths
        and then checked exactly; if a line is too wide the text is wrapped again exactly.
        """
        lines = self._greedy(text, max_px - 3, font, exact=False)
        if any(self.width(line, font) > max_px for line in lines):
            lines = self._greedy(text, max_px, font, exact=True)
        wrapped = "\n".join(lines)
        width, height = self.size(wrapped or " ", font)
        return wrapped, width, height

    def _greedy(self, text: str, max_px: float, font: Font, *, exact: bool) -> list[str]:
        lines: list[str] = []
        line, line_w = "", 0.0
        for glue, chunk in _chunks(text):
            candidate = f"{line}{glue}{chunk}" if line else chunk
            if exact:
                candidate_w = self.width(candidate, font)
            else:
                extra = self.width(glue, font) if line and glue else 0.0
                candidate_w = line_w + extra + self.width(chunk, font)
            if candidate_w <= max_px:
                line, line_w = candidate, candidate_w
                continue
            if line:
                lines.append(line)
            line, line_w = chunk, self.width(chunk, font)
            if line_w > max_px:
                pieces = self._split_word(chunk, max_px, font)
                lines.extend(pieces[:-1])
                line, line_w = pieces[-1], self.width(pieces[-1], font)
        lines.append(line)
        return lines

    def _split_word(self, word: str, max_px: float, font: Font) -> list[str]:
        chars = max(1, int(max_px / (font.size * PX_PER_PT * 0.55)))
        while True:
            pieces = wrap(word, chars).split("\n")
            if chars == 1 or all(self.width(p, font) <= max_px for p in pieces):
                return pieces
            chars -= 1


class InchMeasurer:
    """Measures and wraps text in inches, for charts laid out in inches; fonts are given by
    size in points and weight.

    :meth:`fit` starts from the line length that an average character of ``em`` font sizes
    allows; above ``coarse_above`` characters it shortens lines two characters at a time.
    Charts keep the values they were tuned with, so their line breaks stay the same.
    """

    def __init__(self, em: float = 0.5, coarse_above: int | None = None) -> None:
        self.em = em
        self.coarse_above = coarse_above
        self._px = TextMeasurer()

    def size(self, text: str, size: float, weight: str = "normal") -> tuple[float, float]:
        """Width and height of a (multi-line) text block in inches."""
        width, height = self._px.size(text, Font(size, weight))
        return width / DPI, height / DPI

    def fit(
        self, text: str, width_in: float, size: float, weight: str = "normal"
    ) -> tuple[str, float, float]:
        """Wrap ``text`` with :func:`base.wrap` so no line is wider than ``width_in``;
        returns text, width and height (inches).

        Tries ever shorter lines (in characters) until the block fits, never fewer than four
        characters. A no-break space (U+00A0) never breaks.
        """
        glued = text.replace(NBSP, _GLUE)
        chars = max(4, int(width_in * 72 / (size * self.em)))
        while True:
            wrapped = wrap(glued, chars).replace(_GLUE, NBSP)
            width, height = self.size(wrapped, size, weight)
            if width <= width_in or chars <= 4:
                return wrapped, width, height
            coarse = self.coarse_above is not None and chars > self.coarse_above
            chars = max(4, chars - (2 if coarse else 1))


def _chunks(text: str) -> list[tuple[str, str]]:
    """Break opportunities: (glue, chunk) pairs; glue is " " between words, "" inside a word."""
    result: list[tuple[str, str]] = []
    for word in text.split():
        for position, chunk in enumerate(re.findall(r"[^/-]*[/-]+|[^/-]+", word)):
            result.append((" " if position == 0 else "", chunk))
    return result


SplitLong = Callable[[str, Callable[[str], bool]], list[str]]
"""Splits a word too wide for a line, given a test whether a line fits: every piece but the
last fills a line, the last one goes on."""


def split_overlong(word: str, fits: Callable[[str], bool]) -> list[str]:
    """Hyphenated pieces as wide as a line allows, leaving no lonely one- or two-letter tail."""
    pieces: list[str] = []
    while not fits(word) and len(word) > 1:
        cut = len(word) - 1
        while cut > 1 and not fits(word[:cut] + "-"):
            cut -= 1
        if len(word) - cut < 3 < cut:
            cut = len(word) - 3
        pieces.append(word[:cut] + "-")
        word = word[cut:]
    return [*pieces, word]


def wrap_px(
    text: str,
    max_px: float,
    width: Callable[[str], float],
    *,
    hyphens: bool = True,
    split_long: SplitLong = split_overlong,
) -> str:
    """Wrap ``text`` by measuring: lines at most ``max_px`` wide by ``width``.

    Lines break after spaces and, with ``hyphens``, after the hyphens inside a word; a single
    word wider than a line is split by ``split_long`` (by default with a hyphen, leaving no
    lonely one- or two-letter tail). Only ordinary spaces break: a no-break space (U+00A0)
    keeps its neighbours together.
    """
    tokens: list[tuple[str, str]] = []  # (piece, separator before it)
    for word in re.sub(r"[ \t\r\n]+", " ", text).strip().split(" "):
        parts = word.split("-") if hyphens else [word]
        pieces = [p for p in [p + "-" for p in parts[:-1]] + [parts[-1]] if p]
        tokens.extend((piece, " " if i == 0 else "") for i, piece in enumerate(pieces))

    def fits(line: str) -> bool:
        return width(line) <= max_px

    lines: list[str] = []
    line = ""
    for piece, sep in tokens:
        candidate = f"{line}{sep}{piece}" if line else piece
        if fits(candidate):
            line = candidate
            continue
        if line:
            lines.append(line)
        *full, line = split_long(piece, fits)
        lines.extend(full)
    lines.append(line)
    return "\n".join(lines)
