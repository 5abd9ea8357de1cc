"""SWOT 2×2 chart (work step 4): strengths, weaknesses, opportunities and threats.

Entries never shrink below a readable size: the renderer measures every wrapped entry and, when
the four quadrants do not fit one phone-sized image, continues them on further images
("SWOT-Analyse Musterstadt (1/2)", "(2/2)", …). Each quadrant has its own tint, a symbol and a
heading, so it stays readable without colour.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from bot.charts.base import (
    BASE_FONT_PT,
    MUTED_COLOUR,
    PALETTE,
    TITLE_FONT_PT,
    WIDTH_PX,
    Box,
    ChartResult,
    mix,
    union,
)
from bot.charts.canvas import PixelCanvas
from bot.charts.parts import MAX_PART_HEIGHT_PX
from bot.charts.text import Font, TextMeasurer


class SwotData(BaseModel):
    """Pooled SWOT entries of all team members for one municipality."""

    model_config = ConfigDict(frozen=True)

    municipality: str
    strengths: list[str] = []
    weaknesses: list[str] = []
    opportunities: list[str] = []
    threats: list[str] = []


@dataclass(frozen=True)
class _Quadrant:
    key: str  # field name in SwotData, also used in layout keys
    heading: str
    symbol: str
    internal: bool
    helpful: bool
    colour: str


_QUADRANTS = (
    _Quadrant("strengths", "Stärken", "+", True, True, PALETTE[2]),
    _Quadrant("weaknesses", "Schwächen", "−", True, False, PALETTE[5]),
    _Quadrant("opportunities", "Chancen", "↗", False, True, PALETTE[0]),
    _Quadrant("threats", "Risiken", "!", False, False, PALETTE[3]),
)

# Geometry in figure pixels (WIDTH_PX wide).
#: Tallest image before the entries continue on the next one: one page of the strategy paper
#: at legible size, about 1.5 phone screens.
MAX_PAGE_HEIGHT_PX = MAX_PART_HEIGHT_PX
_MARGIN = 28.0
_CAPTION_W = 34.0  # column for the rotated "intern"/"extern" captions
_GUTTER = 14.0
_QUAD_W = (WIDTH_PX - 2 * _MARGIN - _CAPTION_W - _GUTTER) / 2
_PAD = 18.0  # inside a quadrant
_BULLET_W = 30.0
_ENTRY_GAP = 12.0
_HEADING_H = 52.0  # badge + heading inside the quadrant, including the gap below it
_MIN_BODY_H = 150.0  # so a short SWOT still looks like a 2×2 and not like four slivers
_BADGE = 32.0  # diameter of the symbol badge
_TITLE_GAP = 14.0
_COLHEAD_H = 34.0
_FOOTER_H = 34.0

_ENTRY_PT = BASE_FONT_PT
_HEADING_PT = 12.5
_CAPTION_PT = 10.0
_FOOTER_PT = 9.0
_TEXT_W = _QUAD_W - 2 * _PAD - _BULLET_W


@dataclass
class _Measured:
    """Wrapped entry text and its rendered height in pixels."""

    text: str
    wrapped: str
    height: float
    ascent: float  # from the top of the text to the baseline of its first line


_ENTRY = Font(_ENTRY_PT)
_TITLE = Font(TITLE_FONT_PT, "bold")


def _measure_entry(m: TextMeasurer, text: str) -> _Measured:
    """``text`` wrapped to the entry column, with its height and first-line ascent."""
    wrapped = m.wrap(text, _TEXT_W, _ENTRY)
    return _Measured(text, wrapped, m.height(wrapped, _ENTRY), _ascent(m, wrapped))


def _ascent(m: TextMeasurer, wrapped: str) -> float:
    """Distance from the top of ``wrapped`` (entry font) to its first baseline, the way
    matplotlib lays out lines: at least as tall as "lp"."""
    _, h, d = m.metrics(wrapped.split("\n")[0] or "lp", _ENTRY)
    _, lp_h, lp_d = m.metrics("lp", _ENTRY)
    return max(h - d, lp_h - lp_d)


def _body_height(heights: list[float]) -> float:
    """Height of a quadrant's entry list (without heading and padding)."""
    if not heights:
        return 0.0
    return sum(heights) + _ENTRY_GAP * (len(heights) - 1)


def _paginate(entries: dict[str, list[_Measured]], budget: float) -> list[dict[str, list[int]]]:
    """Split entry indices per quadrant into pages whose two rows fit into ``budget`` pixels.

    Entries keep their order. Each step adds the next entry of a quadrant that still fits:
    first where it costs no page height (free space beside a longer neighbour), otherwise to the
    quadrant that has progressed least, so every image shows a similar share of each quadrant.
    """
    queues = {q.key: deque(range(len(entries[q.key]))) for q in _QUADRANTS}
    rows = (("strengths", "weaknesses"), ("opportunities", "threats"))
    pages: list[dict[str, list[int]]] = []
    totals = {key: sum(m.height for m in entries[key]) or 1.0 for key in queues}
    done = dict.fromkeys(queues, 0.0)

    def page_height(heights: dict[str, list[float]]) -> float:
        return sum(max(_MIN_BODY_H, *(_body_height(heights[k]) for k in row)) for row in rows)

    while any(queues.values()):
        page: dict[str, list[int]] = {q.key: [] for q in _QUADRANTS}
        heights: dict[str, list[float]] = {q.key: [] for q in _QUADRANTS}
        open_keys = [k for k, queue in queues.items() if queue]
        while open_keys:
            best: tuple[bool, float, int, str] | None = None
            current = page_height(heights)
            for order, key in enumerate(list(open_keys)):
                extra = entries[key][queues[key][0]].height
                total = page_height({**heights, key: [*heights[key], extra]})
                if total > budget:
                    open_keys.remove(key)
                    continue
                score = (total > current + 0.5, done[key] / totals[key], order, key)
                if best is None or score < best:
                    best = score
            if best is None:
                break
            key = best[3]
            index = queues[key].popleft()
            page[key].append(index)
            heights[key].append(entries[key][index].height)
            done[key] += entries[key][index].height
            if not queues[key]:
                open_keys.remove(key)
        if not any(page.values()):  # a single entry taller than a page: it gets its own
            key = next(k for k, queue in queues.items() if queue)
            page[key].append(queues[key].popleft())
        pages.append(page)
    return pages or [{q.key: [] for q in _QUADRANTS}]


_ROWS = (("strengths", "weaknesses"), ("opportunities", "threats"))


def _title(data: SwotData, number: int, total: int) -> str:
    title = f"SWOT-Analyse {data.municipality}".strip()
    return f"{title} ({number}/{total})" if total > 1 else title


def _render_page(
    data: SwotData,
    entries: dict[str, list[_Measured]],
    page: dict[str, list[int]],
    started: dict[str, bool],
    number: int,
    total: int,
    measurer: TextMeasurer,
) -> ChartResult:
    """Draw one image of the SWOT with the entries chosen for it."""
    title = measurer.wrap(_title(data, number, total), WIDTH_PX - 2 * _MARGIN, _TITLE)
    title_h = measurer.height(title, _TITLE)
    bodies = {
        key: _body_height([entries[key][i].height for i in indices])
        for key, indices in page.items()
    }
    row_h = [_HEADING_H + 2 * _PAD + max(_MIN_BODY_H, *(bodies[k] for k in row)) for row in _ROWS]
    footer_h = _FOOTER_H if number < total else 0.0
    height = math.ceil(
        2 * _MARGIN + title_h + _TITLE_GAP + _COLHEAD_H + sum(row_h) + _GUTTER + footer_h
    )
    canvas = PixelCanvas(height)

    top = height - _MARGIN
    canvas.text(_MARGIN, top, title, "title", fontsize=TITLE_FONT_PT, weight="bold", va="top")
    top -= title_h + _TITLE_GAP

    col_x = (_MARGIN + _CAPTION_W, _MARGIN + _CAPTION_W + _QUAD_W + _GUTTER)
    for x0, caption in zip(col_x, ("hilfreich", "hinderlich"), strict=True):
        _column_caption(canvas, caption, x0, x0 + _QUAD_W, top - _COLHEAD_H / 2)
    top -= _COLHEAD_H

    row_top = (top, top - row_h[0] - _GUTTER)
    for row, caption in enumerate(("intern", "extern")):
        _row_caption(canvas, caption, _MARGIN + 13, row_top[row] - row_h[row], row_top[row])

    for quadrant in _QUADRANTS:
        row = 0 if quadrant.internal else 1
        x0 = col_x[0 if quadrant.helpful else 1]
        _draw_quadrant(
            canvas,
            quadrant,
            Box(x0, row_top[row] - row_h[row], x0 + _QUAD_W, row_top[row]),
            [(i, entries[quadrant.key][i]) for i in page[quadrant.key]],
            continued=started[quadrant.key] and bool(page[quadrant.key]),
            nothing_at_all=not entries[quadrant.key],
        )

    if number < total:
        canvas.text(
            WIDTH_PX - _MARGIN,
            _MARGIN + _FOOTER_H / 2 - 6,
            f"Fortsetzung auf Bild {number + 1} von {total} →",
            "footer",
            fontsize=_FOOTER_PT,
            color=MUTED_COLOUR,
            ha="right",
            va="center",
            style="italic",
        )
    return canvas.result(_alt_text(data, entries, page, number, total))


_GUIDE = {"color": "#c4c4c4", "linewidth": 1.0}


def _column_caption(canvas: PixelCanvas, caption: str, x0: float, x1: float, y: float) -> None:
    """A column caption centred above its quadrants, with thin guide lines to both ends."""
    box = canvas.text(
        (x0 + x1) / 2,
        y,
        caption,
        f"axis:{caption}",
        ha="center",
        va="center",
        fontsize=_CAPTION_PT,
        weight="bold",
        color=MUTED_COLOUR,
    )
    canvas.line((x0 + 6, box.x0 - 10), (y, y), **_GUIDE)
    canvas.line((box.x1 + 10, x1 - 6), (y, y), **_GUIDE)


def _row_caption(canvas: PixelCanvas, caption: str, x: float, y0: float, y1: float) -> None:
    """A rotated row caption centred beside its quadrants, with thin guide lines."""
    box = canvas.text(
        x,
        (y0 + y1) / 2,
        caption,
        f"axis:{caption}",
        rotation=90,
        ha="center",
        va="center",
        fontsize=_CAPTION_PT,
        weight="bold",
        color=MUTED_COLOUR,
    )
    canvas.line((x, x), (y0 + 6, box.y0 - 8), **_GUIDE)
    canvas.line((x, x), (box.y1 + 8, y1 - 6), **_GUIDE)


def _draw_quadrant(
    canvas: PixelCanvas,
    quadrant: _Quadrant,
    frame: Box,
    items: list[tuple[int, _Measured]],
    continued: bool,
    nothing_at_all: bool,
) -> None:
    """Tinted panel with symbol badge, heading and the wrapped bullet entries."""
    dark = mix(quadrant.colour, "#000000", 0.35)
    canvas.panel(
        frame,
        facecolor=mix(quadrant.colour, "#ffffff", 0.86),
        edgecolor=mix(quadrant.colour, "#ffffff", 0.25),
        linewidth=1.6,
    )
    canvas.layout[f"quadrant:{quadrant.key}"] = frame

    head_y = frame.y1 - _PAD - _BADGE / 2
    badge = canvas.disc(frame.x0 + _PAD + _BADGE / 2, head_y, _BADGE, dark)
    canvas.text(
        (badge.x0 + badge.x1) / 2,
        head_y,
        quadrant.symbol,
        fontsize=_HEADING_PT,
        weight="bold",
        color="white",
        ha="center",
        va="center_baseline",
    )
    heading = canvas.text(
        badge.x1 + 10,
        head_y,
        quadrant.heading + (" (Fortsetzung)" if continued else ""),
        fontsize=_HEADING_PT,
        weight="bold",
        color=dark,
        va="center",
    )
    canvas.layout[f"heading:{quadrant.key}"] = union([badge, heading])

    y = frame.y1 - _PAD - _HEADING_H
    if not items:
        canvas.text(
            frame.x0 + _PAD,
            y,
            "Noch keine Einträge" if nothing_at_all else "Keine weiteren Einträge",
            f"empty:{quadrant.key}",
            fontsize=_ENTRY_PT,
            style="italic",
            color=MUTED_COLOUR,
            va="top",
        )
        return
    for index, item in items:
        bullet = canvas.text(
            frame.x0 + _PAD + 4,
            y - item.ascent,
            quadrant.symbol,
            fontsize=_ENTRY_PT,
            weight="bold",
            color=dark,
            va="baseline",
        )
        text = canvas.text(
            frame.x0 + _PAD + _BULLET_W, y, item.wrapped, fontsize=_ENTRY_PT, va="top"
        )
        canvas.layout[f"entry:{quadrant.key}:{index}"] = union([bullet, text])
        y -= item.height + _ENTRY_GAP


def _where(quadrant: _Quadrant) -> str:
    return (
        ("intern" if quadrant.internal else "extern")
        + ", "
        + ("hilfreich" if quadrant.helpful else "hinderlich")
    )


def _alt_text(
    data: SwotData,
    entries: dict[str, list[_Measured]],
    page: dict[str, list[int]],
    number: int,
    total: int,
) -> str:
    """German text version of one image: every entry on it, grouped by quadrant."""
    head = f"SWOT-Analyse {data.municipality}".strip()
    if total > 1:
        head += f", Bild {number} von {total}"
    if not any(entries.values()):
        return f"{head}: Noch keine Einträge."
    lines = [head + "."]
    for quadrant in _QUADRANTS:
        label = f"{quadrant.heading} ({_where(quadrant)})"
        indices = page[quadrant.key]
        if indices:
            lines.append(f"{label}:")
            lines.extend(f"- {entries[quadrant.key][i].text}" for i in indices)
        elif not entries[quadrant.key]:
            lines.append(f"{label}: Noch keine Einträge.")
        else:
            lines.append(f"{label}: keine weiteren Einträge auf diesem Bild.")
    return "\n".join(lines)


def render_swot(data: SwotData) -> list[ChartResult]:
    """Render the SWOT as one or more phone-sized images; entries are never shrunk.

    Every entry appears on exactly one image; its layout key is ``entry:<quadrant>:<index>``
    with the quadrant's field name (``strengths`` …) and the index in that list.
    """
    measurer = TextMeasurer()
    entries = {
        q.key: [_measure_entry(measurer, " ".join(t.split())) for t in getattr(data, q.key)]
        for q in _QUADRANTS
    }
    # Everything on a page but the four entry lists has a fixed height; the title is measured
    # with the longest page suffix it could get.
    title_h = measurer.height(
        measurer.wrap(_title(data, 99, 99), WIDTH_PX - 2 * _MARGIN, _TITLE), _TITLE
    )
    chrome = (
        2 * _MARGIN
        + title_h
        + _TITLE_GAP
        + _COLHEAD_H
        + _GUTTER
        + _FOOTER_H
        + 2 * (_HEADING_H + 2 * _PAD)
    )
    pages = _paginate(entries, MAX_PAGE_HEIGHT_PX - chrome)

    results = []
    started = dict.fromkeys(entries, False)
    for number, page in enumerate(pages, start=1):
        results.append(_render_page(data, entries, page, started, number, len(pages), measurer))
        for key, indices in page.items():
            started[key] = started[key] or bool(indices)
    return results
