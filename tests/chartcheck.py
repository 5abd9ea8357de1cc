"""Shared checks for the chart tests (tests/test_chart_*.py).

Plain helpers: PNG header checks, "inside the figure", "no two boxes overlap", recording the
figures a renderer creates and the font sizes it draws.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from itertools import combinations
from types import ModuleType
from typing import Any

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.charts import canvas
from bot.charts.base import DPI, MIN_FONT_PT, PHONE_WIDTH_IN, Box, ChartResult

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int]:
    """Assert ``png`` starts like a PNG (signature, IHDR) and return its width and height."""
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def assert_phone_png(result: ChartResult, height_slack: int = 0) -> None:
    """Assert the PNG is phone width and its header matches the result's pixel size."""
    width, height = png_size(result.png)
    assert width == result.width_px
    assert abs(height - result.height_px) <= height_slack
    assert result.width_px == round(PHONE_WIDTH_IN * DPI) == 1080


def contains(outer: Box, inner: Box, slack: float = 1.0) -> bool:
    """Whether ``inner`` lies within ``outer``, allowing ``slack`` pixels on every side."""
    return (
        inner.x0 >= outer.x0 - slack
        and inner.y0 >= outer.y0 - slack
        and inner.x1 <= outer.x1 + slack
        and inner.y1 <= outer.y1 + slack
    )


def inside_figure(box: Box, result: ChartResult, slack: float = 0.5) -> bool:
    """Whether ``box`` lies within the figure, allowing ``slack`` pixels on every side."""
    return contains(Box(0, 0, result.width_px, result.height_px), box, slack)


def assert_all_inside(result: ChartResult, slack: float = 0.5) -> None:
    """Assert every box of the layout lies within the figure (give or take ``slack``)."""
    for name, box in result.layout.items():
        assert inside_figure(box, result, slack), name


def assert_no_overlap(boxes: Mapping[str, Box], keys: Iterable[str] | None = None) -> None:
    """Assert no two of ``boxes`` overlap (only those named in ``keys``, when given)."""
    names = list(boxes) if keys is None else list(keys)
    for a, b in combinations(names, 2):
        assert not boxes[a].overlaps(boxes[b]), f"{a} overlaps {b}"


def record_figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Record every figure ``canvas.new_figure`` creates from now on; return the live list."""
    created: list[Figure] = []
    original = canvas.new_figure

    def recording(*args: Any, **kwargs: Any) -> Figure:
        fig = original(*args, **kwargs)
        created.append(fig)
        return fig

    monkeypatch.setattr(canvas, "new_figure", recording)
    return created


def record_font_sizes(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[float]:
    """Record the sizes of all non-empty texts of figures that ``module`` turns into PNGs."""
    seen: list[float] = []
    original = module.figure_to_png

    def capture(fig: Figure) -> bytes:
        seen.extend(t.get_fontsize() for t in fig.findobj(Text) if t.get_text())
        return original(fig)

    monkeypatch.setattr(module, "figure_to_png", capture)
    return seen


def assert_fonts_readable(figs: list[Figure]) -> None:
    """Assert the figures have top-level texts and none is below ``MIN_FONT_PT``."""
    texts = [t for fig in figs for t in fig.texts]
    assert texts
    for text in texts:
        assert text.get_fontsize() >= MIN_FONT_PT, text.get_text()


def all_texts(figures: list[Figure]) -> list[Text]:
    """Texts of the figures and of their axes."""
    return [t for fig in figures for t in [*fig.texts, *(t for ax in fig.axes for t in ax.texts)]]
