"""Prozessplan (AS2): a swimlane timeline by month, phone-sized.

Time runs left to right (one column per month, German month abbreviations, years above); the
five fixed lanes are stacked top to bottom as full-width bands with a header strip, so the whole
1080 px width is left for time. Every entry gets its own "slot": its label (title plus a muted
line with dates and who is responsible) sits directly above its bar, or above a diamond for a
one-month event. Slots that would collide horizontally are stacked into sub-rows of the lane
(optimal interval partitioning), so labels never overlap bars or other labels; the chart simply
grows taller with more entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from matplotlib.colors import to_rgb
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.charts.base import (
    BASE_FONT_PT,
    HATCHES,
    MIN_FONT_PT,
    MUTED_COLOUR,
    PALETTE,
    TITLE_FONT_PT,
    WIDTH_PX,
    ChartResult,
    tint,
)
from bot.charts.canvas import TopDownCanvas
from bot.charts.text import Font, TextMeasurer

#: The fixed lanes of a process plan, top to bottom; unknown lanes follow in order of appearance.
LANES = (
    "Arbeitsschritt",
    "Gremium/Entscheidung",
    "Beteiligung",
    "Meilenstein/Produkt",
    "Externer Termin",
)

MONTH_ABBR = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
MONTH_NAMES = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*$")


def _normalise_month(value: str) -> str:
    match = _MONTH_RE.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"Monat im Format JJJJ-MM erwartet, nicht {value!r}")
    return f"{match.group(1)}-{int(match.group(2)):02d}"


class PlanEntry(BaseModel):
    """One entry of the process plan; ``start``/``end`` are months "YYYY-MM" (end inclusive)."""

    model_config = ConfigDict(frozen=True)

    title: str
    lane: str
    start: str
    end: str
    responsible: str | None = None

    @field_validator("start", "end")
    @classmethod
    def _month(cls, value: str) -> str:
        return _normalise_month(value)


class ProcessPlanData(BaseModel):
    """Input of the process plan chart; ``today`` ("YYYY-MM") marks the current month."""

    model_config = ConfigDict(frozen=True)

    municipality: str
    entries: list[PlanEntry] = Field(default_factory=list)
    today: str | None = None

    @field_validator("today")
    @classmethod
    def _today(cls, value: str | None) -> str | None:
        return None if value is None else _normalise_month(value)


# --------------------------------------------------------------------------- styling

_font = partial(Font, linespacing=1.3)
_LEFT = 40.0
_RIGHT = WIDTH_PX - 40.0
_TODAY_COLOUR = "#D55E00"
_GRID_MONTH = "#EDEFF2"
_GRID_QUARTER = "#D9DDE3"
_GRID_YEAR = "#9AA5B1"

_TITLE = _font(TITLE_FONT_PT, "bold")
_SUBTITLE = _font(BASE_FONT_PT - 1, colour=MUTED_COLOUR)
_YEAR = _font(BASE_FONT_PT - 1, "bold")
_MONTH = _font(MIN_FONT_PT, colour=MUTED_COLOUR)
_LANE = _font(BASE_FONT_PT, "bold")
_COUNT = _font(MIN_FONT_PT, colour=MUTED_COLOUR)
_LABEL = _font(BASE_FONT_PT - 1)
_DETAIL = _font(MIN_FONT_PT, colour=MUTED_COLOUR)
_HINT = _font(MIN_FONT_PT + 0.5, style="italic", colour=MUTED_COLOUR)
_TODAY = _font(MIN_FONT_PT, "bold", colour="white")

_BAR_H = 14.0
_DIAMOND = 10.0  # half diagonal
_ELEMENT_H = 2 * _DIAMOND
_LABEL_GAP = 4.0
_SLOT_GAP = 22.0
_ROW_PAD_TOP = 8.0
_ROW_PAD_BOTTOM = 8.0
_LANE_HEADER_H = 34.0
_LANE_GAP = 10.0
_LABEL_MAX_W = 380.0
#: Narrower wraps a label may take when that lets it share a sub-row instead of opening one.
_NARROWER_LABELS = (280.0, 200.0)


def _month_index(month: str) -> int:
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def _month_label(index: int) -> str:
    return f"{MONTH_ABBR[index % 12]} {index // 12}"


def _range_label(start: int, end: int) -> str:
    if start == end:
        return _month_label(start)
    if start // 12 == end // 12:
        return f"{MONTH_ABBR[start % 12]}–{MONTH_ABBR[end % 12]} {start // 12}"
    return f"{_month_label(start)} – {_month_label(end)}"


def _darker(colour: str, factor: float = 0.65) -> tuple[float, float, float]:
    r, g, b = to_rgb(colour)
    return (r * factor, g * factor, b * factor)


@dataclass(frozen=True)
class _Label:
    """A label wrapped to one width: title and detail line, with the block's size."""

    title: str
    title_h: float
    detail: str
    w: float
    h: float


@dataclass
class _Item:
    """One entry prepared for layout; x values in figure pixels."""

    index: int
    title: str
    detail: str
    start: int
    end: int
    responsible: str = ""
    bar_x0: float = 0.0
    bar_x1: float = 0.0
    variants: list[_Label] = field(default_factory=list)  # widest first
    label: _Label | None = None  # the chosen variant
    label_x: float = 0.0
    row: int = 0

    @property
    def milestone(self) -> bool:
        return self.start == self.end


def _canonical_lane(lane: str) -> str:
    name = " ".join(lane.split())
    for fixed in LANES:
        if name.casefold() == fixed.casefold():
            return fixed
    return name or "Sonstiges"


def _lanes(entries: list[PlanEntry]) -> list[str]:
    extra: list[str] = []
    for entry in entries:
        lane = _canonical_lane(entry.lane)
        if lane not in LANES and lane not in extra:
            extra.append(lane)
    return [*LANES, *extra]


def _label_positions(item: _Item, width: float) -> list[float]:
    """Where a label may start: flush left with the bar, flush right, or centred above it."""
    positions: list[float] = []
    for x in (item.bar_x0, item.bar_x1 - width, (item.bar_x0 + item.bar_x1 - width) / 2):
        x = min(max(x, _LEFT), _RIGHT - width)
        if all(abs(x - other) > 0.5 for other in positions):
            positions.append(x)
    return positions


_Placement = tuple[int, _Label, float]  # sub-row, label variant, label x


def _pack_once(items: list[_Item], widest_first: bool) -> tuple[dict[int, _Placement], float]:
    """First-fit packing in time order; returns placements by entry index and the height.

    Each item goes into the first sub-row where one of its label variants fits in one of its
    positions without coming closer than ``_SLOT_GAP`` to another slot (bar plus label).
    """
    rows: list[list[tuple[float, float]]] = []
    placements: dict[int, _Placement] = {}

    def slot(item: _Item, label: _Label, x: float) -> tuple[float, float]:
        return min(item.bar_x0, x), max(item.bar_x1, x + label.w)

    def free(row: list[tuple[float, float]], x0: float, x1: float) -> bool:
        return all(x1 + _SLOT_GAP <= a or b + _SLOT_GAP <= x0 for a, b in row)

    for item in sorted(items, key=lambda it: (it.bar_x0, it.end, it.index)):
        variants = item.variants if widest_first else item.variants[::-1]
        choice = next(
            (
                (row_no, label, x)
                for row_no, row in enumerate(rows)
                for label in variants
                for x in _label_positions(item, label.w)
                if free(row, *slot(item, label, x))
            ),
            None,
        )
        if choice is None:
            rows.append([])
            label = item.variants[0]
            choice = (len(rows) - 1, label, _label_positions(item, label.w)[0])
        placements[item.index] = choice
        rows[choice[0]].append(slot(item, choice[1], choice[2]))
    # widen labels again where the room next to them allows (fewer lines, same rows)
    for item in items:
        row_no, current, x_now = placements[item.index]
        others = [s for s in rows[row_no] if s != slot(item, current, x_now)]
        for label in item.variants:
            if label.w <= current.w:
                break
            x = next(
                (
                    x
                    for x in _label_positions(item, label.w)
                    if free(others, *slot(item, label, x))
                ),
                None,
            )
            if x is not None:
                rows[row_no] = [*others, slot(item, label, x)]
                placements[item.index] = (row_no, label, x)
                break
    heights = _row_heights(items, placements)
    return placements, sum(heights)


def _row_heights(items: list[_Item], placements: dict[int, _Placement]) -> list[float]:
    n_rows = 1 + max((row for row, _, _ in placements.values()), default=-1)
    tallest = [0.0] * n_rows
    for item in items:
        row, label, _ = placements[item.index]
        tallest[row] = max(tallest[row], label.h)
    return [_ROW_PAD_TOP + h + _LABEL_GAP + _ELEMENT_H + _ROW_PAD_BOTTOM for h in tallest]


def _pack_rows(items: list[_Item]) -> list[float]:
    """Place the items of one lane in sub-rows (the lower of two packings); row heights."""
    placements, _ = min(
        (_pack_once(items, widest_first) for widest_first in (True, False)),
        key=lambda result: result[1],
    )
    for item in items:
        item.row, item.label, item.label_x = placements[item.index]
    return _row_heights(items, placements)


# --------------------------------------------------------------------------- public API


def render_process_plan(data: ProcessPlanData) -> ChartResult:
    """Render the process plan (swimlane timeline by month) as a phone PNG."""
    m = TextMeasurer()
    c = TopDownCanvas()

    y = 30.0
    title, _, title_h = m.fit(f"Prozessplan {data.municipality}".strip(), _RIGHT - _LEFT, _TITLE)
    c.text(_LEFT, y, title, _TITLE, key="title")
    y += title_h + 8

    if not data.entries:
        bottom = _draw_placeholder(c, m, y)
        height = int(bottom + 36)
        png, layout = c.render(height)
        alt = f"Prozessplan {data.municipality}: Noch keine Einträge."
        return ChartResult.from_png(png, alt, layout)

    starts = [min(_month_index(e.start), _month_index(e.end)) for e in data.entries]
    ends = [max(_month_index(e.start), _month_index(e.end)) for e in data.entries]
    first, last = min(starts), max(ends)
    last = max(last, first + 11)  # show at least one year
    n_months = last - first + 1
    month_w = (_RIGHT - _LEFT) / n_months
    today = _month_index(data.today) if data.today else None
    today_visible = today is not None and first <= today <= last

    def mx(index: int) -> float:
        return _LEFT + (index - first) * month_w

    subtitle = f"{_month_label(first)} – {_month_label(last)} · {n_months} Monate · " + (
        "1 Eintrag" if len(data.entries) == 1 else f"{len(data.entries)} Einträge"
    )
    c.text(_LEFT, y, subtitle, _SUBTITLE)
    y += m.size(subtitle, _SUBTITLE)[1] + 18

    # ---- entries: geometry, labels and sub-rows per lane
    lanes = _lanes(data.entries)
    by_lane: dict[str, list[_Item]] = {lane: [] for lane in lanes}
    for index, entry in enumerate(data.entries):
        responsible = " ".join((entry.responsible or "").split())
        item = _Item(
            index=index,
            title=" ".join(entry.title.split()) or "(ohne Titel)",
            detail=_range_label(starts[index], ends[index])
            + (f" · {responsible}" if responsible else ""),
            start=starts[index],
            end=ends[index],
            responsible=responsible,
        )
        if item.milestone:
            centre = mx(item.start) + month_w / 2
            item.bar_x0, item.bar_x1 = centre - _DIAMOND, centre + _DIAMOND
        else:
            item.bar_x0, item.bar_x1 = mx(item.start), mx(item.end + 1)
        for max_w in (max(_LABEL_MAX_W, item.bar_x1 - item.bar_x0), *_NARROWER_LABELS):
            title_text, title_w, title_h = m.fit(item.title, max_w, _LABEL)
            detail_text, detail_w, detail_h = m.fit(item.detail, max_w, _DETAIL)
            label = _Label(
                title_text, title_h, detail_text, max(title_w, detail_w), title_h + 2 + detail_h
            )
            if all(label.w < other.w - 1 for other in item.variants):
                item.variants.append(label)
        by_lane[_canonical_lane(entry.lane)].append(item)

    # ---- axis header
    axis_top = y
    y = _draw_axis(c, m, first, last, mx, month_w, y, key_prefix="month")
    if today_visible:
        y += 4
        today_label_y = y
        y += m.size("heute", _TODAY)[1] + 10
    y += 6
    plot_top = y

    # ---- lanes
    for lane_no, lane in enumerate(lanes):
        y = _draw_lane(c, m, lane, lane_no, by_lane[lane], y) + _LANE_GAP
    plot_bottom = y - _LANE_GAP

    # ---- grid and today line behind everything
    _draw_grid(c, first, last, mx, axis_top, plot_top, plot_bottom)
    if today is not None and today_visible:
        x = mx(today) + month_w / 2
        c.line(
            [x, x],
            [today_label_y + 8, plot_bottom],
            color=_TODAY_COLOUR,
            linewidth=1.8,
            linestyle=(0, (5, 3)),
            zorder=0.95,
        )
        w = m.width("heute", _TODAY) + 14
        x0 = min(max(x - w / 2, _LEFT - 8), _RIGHT + 8 - w)
        text_h = m.size("heute", _TODAY)[1]
        c.rect(
            x0,
            today_label_y - 3,
            x0 + w,
            today_label_y + text_h + 3,
            key="today",
            radius=5,
            facecolor=_TODAY_COLOUR,
            edgecolor="none",
            zorder=4,
        )
        c.text(x0 + w / 2, today_label_y, "heute", _TODAY, ha="center")

    y = plot_bottom
    if plot_bottom - plot_top > 900:  # tall plan: repeat the months at the bottom
        y = _draw_axis(c, m, first, last, mx, month_w, y + 10, key_prefix=None)
    y = _draw_legend(c, m, y + 16, today_visible)

    height = int(y + 30)
    png, layout = c.render(height)
    return ChartResult.from_png(png, _alt_text(data, lanes, by_lane, first, last, today), layout)


def _draw_lane(
    c: TopDownCanvas, m: TextMeasurer, lane: str, lane_no: int, items: list[_Item], top: float
) -> float:
    """One swimlane: header strip (swatch, name, count) and its packed sub-rows; returns the
    lane's bottom."""
    colour = PALETTE[lane_no % len(PALETTE)]
    hatch = HATCHES[lane_no % len(HATCHES)]
    count = "1 Eintrag" if len(items) == 1 else f"{len(items)} Einträge"
    name_x = _LEFT + 36
    name_max = _RIGHT - m.width(count, _COUNT) - 16 - name_x
    name, _, name_h = m.fit(lane, name_max, _LANE)
    header_h = max(_LANE_HEADER_H, name_h + 8)
    row_heights = _pack_rows(items)
    body_h = sum(row_heights) if items else 34.0
    bottom = top + header_h + body_h
    c.rect(
        _LEFT - 8,
        top,
        _RIGHT + 8,
        bottom,
        key=f"lane:{lane}",
        radius=6,
        facecolor="none",
        edgecolor=tint(colour, 0.55),
        linewidth=1.0,
        zorder=0.8,
    )
    c.rect(
        _LEFT - 8,
        top,
        _RIGHT + 8,
        top + header_h,
        radius=6,
        facecolor=tint(colour, 0.18),
        edgecolor="none",
        zorder=0.9,
    )
    centre = top + header_h / 2
    c.rect(
        _LEFT,
        centre - 7,
        _LEFT + 26,
        centre + 7,
        facecolor=colour,
        edgecolor=_darker(colour),
        hatch=hatch,
        linewidth=0.8,
        zorder=2,
    )
    c.text(name_x, centre - name_h / 2, name, _LANE)
    c.text(_RIGHT, centre, count, _COUNT, ha="right", va="center")
    if not items:
        c.text(name_x, top + header_h + 17, "keine Einträge", _HINT, va="center")
    row_top = top + header_h
    for row, row_h in enumerate(row_heights):
        element_top = row_top + row_h - _ROW_PAD_BOTTOM - _ELEMENT_H
        for item in items:
            if item.row == row:
                _draw_item(c, item, colour, hatch, element_top)
        row_top += row_h
    return bottom


def _draw_item(c: TopDownCanvas, item: _Item, colour: str, hatch: str, element_top: float) -> None:
    """Bar or diamond plus its label (title and muted detail line) right above it."""
    mid = element_top + _ELEMENT_H / 2
    if item.milestone:
        cx = (item.bar_x0 + item.bar_x1) / 2
        c.polygon(
            [
                (cx - _DIAMOND, mid),
                (cx, mid - _DIAMOND),
                (cx + _DIAMOND, mid),
                (cx, mid + _DIAMOND),
            ],
            key=f"entry:{item.index}",
            facecolor=colour,
            edgecolor=_darker(colour),
            hatch=hatch,
            linewidth=1.0,
        )
    else:
        c.rect(
            item.bar_x0 + 0.5,
            mid - _BAR_H / 2,
            item.bar_x1 - 0.5,
            mid + _BAR_H / 2,
            key=f"entry:{item.index}",
            radius=3,
            facecolor=colour,
            edgecolor=_darker(colour),
            hatch=hatch,
            linewidth=0.8,
            zorder=3,
        )
    label = item.label or item.variants[0]
    label_top = element_top - _LABEL_GAP - label.h
    # a white backing keeps grid and "heute" lines out of the text
    c.rect(
        item.label_x - 3,
        label_top - 2,
        item.label_x + label.w + 3,
        label_top + label.h + 1,
        facecolor="white",
        edgecolor="none",
        alpha=0.92,
        zorder=4,
    )
    c.text(item.label_x, label_top, label.title, _LABEL, key=f"label:{item.index}")
    c.text(
        item.label_x,
        label_top + label.title_h + 2,
        label.detail,
        _DETAIL,
        key=f"label:{item.index}",
    )


def _draw_axis(
    c: TopDownCanvas,
    m: TextMeasurer,
    first: int,
    last: int,
    mx: Callable[[int], float],
    month_w: float,
    top: float,
    key_prefix: str | None,
) -> float:
    """Year row and month row; returns the y below them."""
    n_months = last - first + 1
    year_h = m.size("2025", _YEAR)[1]
    month_h = m.size("Mär", _MONTH)[1]
    # years: label centred over the visible part of each year when there is room
    index = first
    while index <= last:
        year_end = min(last, (index // 12) * 12 + 11)
        x0, x1 = mx(index), mx(year_end + 1)
        label = str(index // 12)
        if m.width(label, _YEAR) + 8 <= x1 - x0:
            c.text((x0 + x1) / 2, top, label, _YEAR, ha="center")
        index = year_end + 1
    month_top = top + year_h + 4
    step = 1 if n_months <= 18 else 3 if n_months <= 48 else 6
    for index in range(first, last + 1):
        x0, x1 = mx(index), mx(index + 1)
        if key_prefix:
            c.rect(
                x0,
                month_top,
                x1,
                month_top + month_h,
                key=f"{key_prefix}:{index // 12}-{index % 12 + 1:02d}",
                facecolor="none",
                edgecolor="none",
            )
        if index % step == 0:
            if step == 1:
                c.text((x0 + x1) / 2, month_top, MONTH_ABBR[index % 12], _MONTH, ha="center")
            else:
                c.text(x0 + 4, month_top, MONTH_ABBR[index % 12], _MONTH)
    return month_top + month_h + 6


def _draw_grid(
    c: TopDownCanvas,
    first: int,
    last: int,
    mx: Callable[[int], float],
    axis_top: float,
    plot_top: float,
    plot_bottom: float,
) -> None:
    for index in range(first, last + 2):
        x = mx(index)
        if index % 12 == 0 or index in (first, last + 1):
            c.line([x, x], [axis_top, plot_bottom], color=_GRID_YEAR, linewidth=1.0, zorder=0.2)
        elif index % 3 == 0:
            c.line([x, x], [plot_top - 6, plot_bottom], color=_GRID_QUARTER, linewidth=0.8)
        else:
            c.line([x, x], [plot_top - 6, plot_bottom], color=_GRID_MONTH, linewidth=0.8)


def _draw_legend(c: TopDownCanvas, m: TextMeasurer, top: float, with_today: bool) -> float:
    """A one-line key: bar = period, diamond = single date, dashed line = today."""
    h = m.size("Zeitraum", _DETAIL)[1]
    mid = top + h / 2
    x = _LEFT
    c.rect(x, mid - 6, x + 30, mid + 6, facecolor="#BBBBBB", edgecolor="#777777", radius=3)
    x += 38
    c.text(x, mid, "Zeitraum", _DETAIL, va="center")
    x += m.width("Zeitraum", _DETAIL) + 28
    c.polygon(
        [(x, mid), (x + 9, mid - 9), (x + 18, mid), (x + 9, mid + 9)],
        facecolor="#BBBBBB",
        edgecolor="#777777",
    )
    x += 26
    text = "Termin oder Meilenstein (ein Monat)"
    c.text(x, mid, text, _DETAIL, va="center")
    x += m.width(text, _DETAIL) + 28
    if with_today:
        c.line([x + 8, x + 8], [mid - 10, mid + 10], color=_TODAY_COLOUR, linewidth=1.8)
        c.text(x + 20, mid, "heute", _DETAIL, va="center")
    return top + h


def _draw_placeholder(c: TopDownCanvas, m: TextMeasurer, top: float) -> float:
    hint = (
        "Arbeitsschritte, Gremientermine, Beteiligung, Meilensteine und externe Termine "
        "erscheinen hier als Zeitplan nach Monaten."
    )
    inner = _RIGHT - _LEFT - 48
    hint_text, _, hint_h = m.fit(hint, inner, _HINT)
    head = _font(BASE_FONT_PT + 1, "bold", colour=MUTED_COLOUR)
    head_h = m.size("Noch keine Einträge", head)[1]
    top += 16
    bottom = top + 24 + head_h + 8 + hint_h + 24
    c.rect(
        _LEFT,
        top,
        _RIGHT,
        bottom,
        key="placeholder",
        radius=10,
        facecolor="white",
        edgecolor="#9AA5B1",
        linewidth=1.5,
        linestyle=(0, (5, 4)),
    )
    c.text(WIDTH_PX / 2, top + 24, "Noch keine Einträge", head, ha="center")
    c.text(WIDTH_PX / 2, top + 24 + head_h + 8, hint_text, _HINT, ha="center")
    return bottom


def _alt_text(
    data: ProcessPlanData,
    lanes: list[str],
    by_lane: dict[str, list[_Item]],
    first: int,
    last: int,
    today: int | None,
) -> str:
    """German text version of the plan: every entry by lane, in time order."""

    def long_month(index: int) -> str:
        return f"{MONTH_NAMES[index % 12]} {index // 12}"

    lines = [
        f"Prozessplan {data.municipality}".strip()
        + f": {long_month(first)} bis {long_month(last)} ({last - first + 1} Monate)."
    ]
    if today is not None:
        lines.append(f"Heute: {long_month(today)}.")
    for lane in lanes:
        items = sorted(by_lane[lane], key=lambda it: (it.start, it.end, it.index))
        if not items:
            lines.append(f"{lane}: keine Einträge.")
            continue
        lines.append(f"{lane}:")
        for item in items:
            when = (
                f"im {long_month(item.start)}"
                if item.milestone
                else f"{long_month(item.start)} bis {long_month(item.end)}"
            )
            who = f", verantwortlich: {item.responsible}" if item.responsible else ""
            kind = "Termin" if item.milestone else "Zeitraum"
            lines.append(f"  – {item.title} ({kind} {when}{who})")
    return "\n".join(lines)
