"""Indikatoren (AS9): measured values of each indicator against its baseline and target.

Small multiples: one panel per indicator, two columns on the phone (one column for one or two
indicators, which then get wider plots). Every panel shows the measurements as a line with
markers, the baseline ("Ausgangswert") as a dashed and the target ("Zielwert") as a dotted line
with a star at the target date. Lines differ in style and marker, not only in colour, and both
reference lines carry a text label. Numbers use the German format (1.500 / 12,5), dates "03/2027".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from matplotlib.axes import Axes
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Annotation
from matplotlib.ticker import MaxNLocator
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.charts.base import (
    BASE_FONT_PT,
    DPI,
    FONT_FAMILY,
    MIN_FONT_PT,
    MUTED_COLOUR,
    PALETTE,
    PHONE_WIDTH_IN,
    TEXT_COLOUR,
    TITLE_FONT_PT,
    Box,
    ChartResult,
    figure_to_png,
    new_figure,
    text_box,
)
from bot.charts.text import InchMeasurer, draw_text
from dialogs.parsing import format_german_number

PLACEHOLDER = "Noch keine Einträge"
NO_MEASUREMENT = "noch keine Messung"
BASELINE_LABEL = "Ausgangswert"
TARGET_LABEL = "Zielwert"
MEASURED_LABEL = "Messwert"

_DATE_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _check_date(value: str | None) -> str | None:
    """Accept ``YYYY-MM-DD`` or ``YYYY-MM`` (or ``None``), reject anything else."""
    if value is None:
        return None
    value = value.strip()
    if not _DATE_RE.match(value):
        raise ValueError("Datum bitte als JJJJ-MM-TT oder JJJJ-MM angeben")
    _parse_date(value)  # raises ValueError for e.g. month 13
    return value


def _parse_date(value: str) -> date:
    """``YYYY-MM-DD`` or ``YYYY-MM`` (first of the month) as a date."""
    parts = [int(part) for part in value.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


class Measurement(BaseModel):
    """One measured value of an indicator."""

    model_config = ConfigDict(frozen=True)

    date: str
    value: float

    @field_validator("date")
    @classmethod
    def check_date(cls, value: str) -> str:
        """Dates are ``YYYY-MM-DD`` or ``YYYY-MM``."""
        return _check_date(value) or ""


class IndicatorSeries(BaseModel):
    """An indicator with its baseline (time 0), its target and the measurements so far."""

    model_config = ConfigDict(frozen=True)

    name: str
    unit: str | None = None
    baseline: float | None = None
    baseline_date: str | None = None
    target: float | None = None
    target_date: str | None = None
    measurements: list[Measurement] = Field(default_factory=list)

    @field_validator("baseline_date", "target_date")
    @classmethod
    def check_date(cls, value: str | None) -> str | None:
        """Dates are ``YYYY-MM-DD`` or ``YYYY-MM``."""
        return _check_date(value)


class IndicatorData(BaseModel):
    """Input of :func:`render_indicators`."""

    model_config = ConfigDict(frozen=True)

    title: str = "Indikatoren"
    indicators: list[IndicatorSeries] = Field(default_factory=list)


def format_month(value: str) -> str:
    """``"2027-03-15"`` or ``"2027-03"`` as ``"03/2027"``."""
    parsed = _parse_date(value)
    return f"{parsed.month:02d}/{parsed.year}"


# --- geometry (inches) -------------------------------------------------------------------------
_MARGIN = 0.3
_CONTENT_W = PHONE_WIDTH_IN - 2 * _MARGIN
_COL_GAP = 0.3
_ROW_GAP = 0.25
_CARD_PAD = 0.13
_XTICK_H = 0.3
_NAME_PT = BASE_FONT_PT
_META_PT = MIN_FONT_PT
_TICK_PT = MIN_FONT_PT
_LABEL_PT = MIN_FONT_PT
_LINE_COLOUR = PALETTE[0]
_BASELINE_COLOUR = "#4d4d4d"
_TARGET_COLOUR = "#007a5a"  # darker Okabe–Ito green: readable as text on white
_CARD_EDGE = "#d5dae1"
_CARD_FACE = "#fbfbfc"


@dataclass
class _Scale:
    """Value axis of one panel: limits, tick positions and their labels."""

    low: float
    high: float
    ticks: list[float]
    labels: list[str]


@dataclass
class _Panel:
    """Precomputed texts and scales of one indicator panel."""

    series: IndicatorSeries
    points: list[tuple[date, float]]
    name: str
    meta: str
    scale: _Scale
    tick_w: float


def _value_scale(series: IndicatorSeries, points: list[tuple[date, float]]) -> _Scale:
    """Limits with room above and below for the reference-line labels, and 3–5 nice ticks."""
    values = [value for _, value in points]
    values += [v for v in (series.baseline, series.target) if v is not None]
    if not values:
        return _Scale(0.0, 1.0, [], [])
    low, high = min(values), max(values)
    if math.isclose(low, high):
        span = abs(low) * 0.2 or 1.0
        low, high = low - span, high + span
    span = high - low
    lower, upper = low - 0.24 * span, high + 0.24 * span
    whole = all(float(v).is_integer() for v in values) and span >= 4
    ticks = [
        float(t)
        for t in MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=whole).tick_values(
            lower, upper
        )
    ]
    ticks = [t for t in ticks if lower <= t <= upper]
    labels = [format_german_number(tick) for tick in ticks]
    return _Scale(lower, upper, ticks, labels)


def _month_ticks(first: date, last: date, most: int = 4) -> list[date]:
    """First-of-month ticks between ``first`` and ``last``, at most ``most``, at a tidy step."""
    start = first.year * 12 + first.month - 1
    if first.day > 1:
        start += 1
    end = last.year * 12 + last.month - 1
    if end < start:
        return [date(first.year, first.month, 1)]
    months = end - start
    for step in (1, 2, 3, 6, 12, 24, 36, 60, 120):
        if months // step + 1 <= most:
            break
    anchored = [m for m in range(start, end + 1) if m % step == 0]
    if not anchored:
        anchored = [start]
    return [date(m // 12, m % 12 + 1, 1) for m in anchored]


def _meta_line(series: IndicatorSeries, points: list[tuple[date, float]]) -> str:
    """Unit and latest measurement in words, shown under the indicator name."""
    parts = []
    if series.unit:
        parts.append(f"Einheit: {series.unit}")
    if points:
        last_date, last_value = points[-1]
        parts.append(
            f"zuletzt {format_german_number(last_value)} ({last_date.month:02d}/{last_date.year})"
        )
    return " · ".join(parts)


def _draw_legend(fig: Figure, m: InchMeasurer, top: float, height: float) -> dict[str, Box]:
    """Key for the three line styles, in one row under the title; returns its label boxes."""
    trans = fig.dpi_scale_trans
    entries = [
        ("measured", MEASURED_LABEL, {"color": _LINE_COLOUR, "ls": "-", "marker": "o"}),
        ("baseline", BASELINE_LABEL, {"color": _BASELINE_COLOUR, "ls": (0, (5, 3)), "marker": ""}),
        ("target", TARGET_LABEL, {"color": _TARGET_COLOUR, "ls": (0, (1, 2)), "marker": "*"}),
    ]
    layout: dict[str, Box] = {}
    x = _MARGIN
    y = height - top - 0.09
    for key, label, style in entries:
        fig.add_artist(
            Line2D(
                [x, x + 0.42],
                [y, y],
                transform=trans,
                color=style["color"],
                linestyle=style["ls"],
                linewidth=2.0,
            )
        )
        if style["marker"]:
            size = 11 if style["marker"] == "*" else 6
            fig.add_artist(
                Line2D(
                    [x + 0.21],
                    [y],
                    transform=trans,
                    color=style["color"],
                    marker=style["marker"],
                    markersize=size,
                    linestyle="none",
                )
            )
        artist = draw_text(
            fig,
            x + 0.5,
            y,
            label,
            transform=trans,
            fontsize=BASE_FONT_PT - 1,
            color=TEXT_COLOUR,
            family=FONT_FAMILY,
            va="center",
        )
        layout[f"legend:{key}"] = text_box(fig, artist)
        x += 0.5 + m.size(label, BASE_FONT_PT - 1)[0] + 0.35
    return layout


def _reference_label(
    ax: Axes, value: float, text: str, colour: str, left: bool, above: bool
) -> Annotation:
    """A text label sitting just above or below a horizontal reference line."""
    return ax.annotate(
        text,
        xy=(0.02 if left else 0.98, value),
        xycoords=("axes fraction", "data"),
        xytext=(0, 3 if above else -3),
        textcoords="offset points",
        ha="left" if left else "right",
        va="bottom" if above else "top",
        fontsize=_LABEL_PT,
        fontweight="bold",
        color=colour,
        family=FONT_FAMILY,
        parse_math=False,
        bbox={
            "boxstyle": "round,pad=0.12",
            "facecolor": "white",
            "edgecolor": "none",
            "alpha": 0.85,
        },
        zorder=6,
    )


def _draw_panel(
    fig: Figure, index: int, panel: _Panel, rect: tuple[float, float, float, float], height: float
) -> dict[str, Box]:
    """Draw one panel into the axes rectangle ``rect`` (left, bottom, width, height in inches)."""
    left, bottom, width, ax_h = rect
    ax = fig.add_axes(
        (left / PHONE_WIDTH_IN, bottom / height, width / PHONE_WIDTH_IN, ax_h / height)
    )
    series, points, scale = panel.series, panel.points, panel.scale
    layout: dict[str, Box] = {}

    dates = [d for d, _ in points]
    dates += [_parse_date(d) for d in (series.baseline_date, series.target_date) if d]
    ax.set_ylim(scale.low, scale.high)
    ax.set_yticks(scale.ticks, scale.labels)
    if dates:
        first, last = min(dates), max(dates)
        pad = max(20.0, (date2num(last) - date2num(first)) * 0.06)
        ax.set_xlim(date2num(first) - pad, date2num(last) + pad)
        ticks = _month_ticks(first, last, 4 if width < 4 else 6)
        ax.set_xticks([date2num(t) for t in ticks], [f"{t.month:02d}/{t.year}" for t in ticks])
    else:
        ax.set_xlim(0, 1)
        ax.set_xticks([])
    ax.tick_params(labelsize=_TICK_PT, colors=MUTED_COLOUR, length=3)
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_color(TEXT_COLOUR)
        label.set_family(FONT_FAMILY)
    ax.grid(axis="y", color="#e3e6ea", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#9aa0a6")

    values = [value for _, value in points]
    middle = sorted(values)[len(values) // 2] if values else None
    labels = []
    if series.baseline is not None:
        ax.axhline(
            series.baseline, color=_BASELINE_COLOUR, linestyle=(0, (5, 3)), lw=1.5, zorder=2
        )
        if series.baseline_date:
            ax.plot(
                [date2num(_parse_date(series.baseline_date))],
                [series.baseline],
                marker="s",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=_BASELINE_COLOUR,
                markeredgewidth=1.5,
                linestyle="none",
                zorder=4,
            )
        others = [v for v in (middle, series.target) if v is not None]
        above = not others or series.baseline >= sorted(others)[len(others) // 2]
        text = f"{BASELINE_LABEL} {format_german_number(series.baseline)}"
        labels.append(
            (
                "baseline",
                _reference_label(ax, series.baseline, text, _BASELINE_COLOUR, True, above),
            )
        )
    if series.target is not None:
        ax.axhline(series.target, color=_TARGET_COLOUR, linestyle=(0, (1, 2)), lw=1.8, zorder=2)
        if series.target_date:
            ax.plot(
                [date2num(_parse_date(series.target_date))],
                [series.target],
                marker="*",
                markersize=13,
                color=_TARGET_COLOUR,
                markeredgecolor="white",
                markeredgewidth=0.6,
                linestyle="none",
                zorder=5,
            )
        others = [v for v in (middle, series.baseline) if v is not None]
        above = not others or series.target >= sorted(others)[len(others) // 2]
        text = f"{TARGET_LABEL} {format_german_number(series.target)}"
        labels.append(
            ("target", _reference_label(ax, series.target, text, _TARGET_COLOUR, False, above))
        )
    if points:
        ax.plot(
            [date2num(d) for d in dates[: len(points)]],
            values,
            color=_LINE_COLOUR,
            linewidth=2.2,
            marker="o",
            markersize=5.5,
            markeredgecolor="white",
            markeredgewidth=0.8,
            zorder=4,
        )
    else:
        # Put the message where it is furthest from the reference lines and their labels.
        lines = [
            (value - scale.low) / (scale.high - scale.low)
            for value in (series.baseline, series.target)
            if value is not None
        ]
        spot = max(
            (0.5, 0.3, 0.7, 0.18, 0.82), key=lambda y: min((abs(y - v) for v in lines), default=1)
        )
        empty = draw_text(
            ax,
            0.5,
            spot,
            NO_MEASUREMENT,
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=BASE_FONT_PT - 0.5,
            fontstyle="italic",
            color=MUTED_COLOUR,
            family=FONT_FAMILY,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#c9ced4"},
            zorder=7,
        )
        layout[f"empty:{index}"] = text_box(fig, empty)

    # Two labels on the same side that collide: move the target label to the other side.
    if len(labels) == 2:
        first, second = (text_box(fig, artist) for _, artist in labels)
        if first.overlaps(second, tolerance=-2):
            artist = labels[1][1]
            above = artist.get_va() == "top"
            artist.set_va("bottom" if above else "top")
            artist.xyann = (0, 3 if above else -3)
    for key, artist in labels:
        layout[f"label:{index}:{key}"] = text_box(fig, artist)
    for number, label in enumerate(ax.get_xticklabels()):
        if label.get_text():
            layout[f"xtick:{index}:{number}"] = text_box(fig, label)
    for number, label in enumerate(ax.get_yticklabels()):
        if label.get_text():
            layout[f"ytick:{index}:{number}"] = text_box(fig, label)
    layout[f"axes:{index}"] = text_box(fig, ax.patch)
    return layout


def _alt_text(data: IndicatorData) -> str:
    """German text version of every indicator, its baseline, target and measurements."""
    lines = [f"Indikatoren: {data.title}."]
    if not data.indicators:
        lines.append(f"{PLACEHOLDER}.")
        return "\n".join(lines)
    for index, series in enumerate(data.indicators):
        unit = f" (Einheit: {series.unit})" if series.unit else ""
        lines.append(f"{index + 1}. {series.name}{unit}")
        if series.baseline is not None:
            when = f" ({format_month(series.baseline_date)})" if series.baseline_date else ""
            lines.append(f"- {BASELINE_LABEL}: {format_german_number(series.baseline)}{when}")
        else:
            lines.append(f"- {BASELINE_LABEL}: noch offen")
        if series.target is not None:
            when = f" bis {format_month(series.target_date)}" if series.target_date else ""
            lines.append(f"- {TARGET_LABEL}: {format_german_number(series.target)}{when}")
        else:
            lines.append(f"- {TARGET_LABEL}: noch offen")
        measured = sorted(series.measurements, key=lambda item: _parse_date(item.date))
        if measured:
            values = "; ".join(
                f"{format_month(m.date)}: {format_german_number(m.value)}" for m in measured
            )
            lines.append(f"- Messwerte: {values}")
        else:
            lines.append(f"- Messwerte: {NO_MEASUREMENT}")
    return "\n".join(lines)


def _placeholder(fig: Figure, top: float, height: float) -> dict[str, Box]:
    """A friendly empty-state card."""
    trans = fig.dpi_scale_trans
    card_h = 1.5
    card = FancyBboxPatch(
        (_MARGIN, height - top - card_h),
        _CONTENT_W,
        card_h,
        boxstyle="round,pad=0,rounding_size=0.06",
        facecolor="#f2f4f7",
        edgecolor=_CARD_EDGE,
        transform=trans,
    )
    fig.add_artist(card)
    main = draw_text(
        fig,
        PHONE_WIDTH_IN / 2,
        height - top - 0.45,
        PLACEHOLDER,
        transform=trans,
        ha="center",
        va="center",
        fontsize=BASE_FONT_PT + 2,
        fontweight="bold",
        color=TEXT_COLOUR,
        family=FONT_FAMILY,
    )
    hint = draw_text(
        fig,
        PHONE_WIDTH_IN / 2,
        height - top - 0.95,
        "Sobald Indikatoren mit Ausgangs- und Zielwert erfasst sind,\n"
        "erscheint hier ihre Entwicklung.",
        transform=trans,
        ha="center",
        va="center",
        fontsize=BASE_FONT_PT - 0.5,
        color=MUTED_COLOUR,
        family=FONT_FAMILY,
    )
    return {"placeholder": text_box(fig, main), "hint": text_box(fig, hint)}


def render_indicators(data: IndicatorData) -> ChartResult:
    """Render each indicator's trend against baseline and target as phone-sized small multiples."""
    m = InchMeasurer(em=0.48, coarse_above=30)
    title = m.fit(data.title, _CONTENT_W, TITLE_FONT_PT, "bold")[0]
    top = 0.3
    title_h = m.size(title, TITLE_FONT_PT, "bold")[1]
    legend_top = top + title_h + 0.2
    body_top = legend_top + 0.18 + 0.3

    count = len(data.indicators)
    columns = 1 if count <= 2 else 2
    card_w = (_CONTENT_W - (columns - 1) * _COL_GAP) / columns
    ax_h = 2.0 if columns == 1 else 1.45
    text_w = card_w - 2 * _CARD_PAD

    panels: list[_Panel] = []
    for series in data.indicators:
        points = sorted(
            ((_parse_date(item.date), item.value) for item in series.measurements),
            key=lambda pair: pair[0],
        )
        scale = _value_scale(series, points)
        tick_w = max((m.size(label, _TICK_PT)[0] for label in scale.labels), default=0.0)
        name = m.fit(series.name, text_w, _NAME_PT, "bold")[0]
        meta = _meta_line(series, points)
        meta = m.fit(meta, text_w, _META_PT)[0] if meta else ""
        panels.append(_Panel(series, points, name, meta, scale, tick_w))

    rows = [panels[start : start + columns] for start in range(0, count, columns)]
    row_heads = []
    for row in rows:
        head = 0.0
        for panel in row:
            h = m.size(panel.name, _NAME_PT, "bold")[1]
            if panel.meta:
                h += 0.05 + m.size(panel.meta, _META_PT)[1]
            head = max(head, h)
        row_heads.append(head)
    card_heights = [_CARD_PAD + head + 0.18 + ax_h + _XTICK_H + 0.06 for head in row_heads]
    if panels:
        height = body_top + sum(card_heights) + _ROW_GAP * (len(rows) - 1) + 0.3
    else:
        height = body_top - 0.3 + 1.5 + 0.3
    height = math.ceil(height * DPI) / DPI

    fig = new_figure(height)
    trans = fig.dpi_scale_trans
    layout: dict[str, Box] = {}
    title_artist = draw_text(
        fig,
        _MARGIN,
        height - top,
        title,
        transform=trans,
        fontsize=TITLE_FONT_PT,
        fontweight="bold",
        color=TEXT_COLOUR,
        family=FONT_FAMILY,
        va="top",
        linespacing=1.2,
    )
    layout["title"] = text_box(fig, title_artist)
    if not panels:
        layout |= _placeholder(fig, body_top - 0.3, height)
    else:
        layout |= _draw_legend(fig, m, legend_top, height)

    y = body_top
    for row_number, row in enumerate(rows):
        card_h = card_heights[row_number]
        for column, panel in enumerate(row):
            index = row_number * columns + column
            x = _MARGIN + column * (card_w + _COL_GAP)
            card = FancyBboxPatch(
                (x, height - y - card_h),
                card_w,
                card_h,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=_CARD_FACE,
                edgecolor=_CARD_EDGE,
                linewidth=0.9,
                transform=trans,
                zorder=0,
            )
            fig.add_artist(card)
            layout[f"panel:{index}"] = text_box(fig, card)
            name = draw_text(
                fig,
                x + _CARD_PAD,
                height - y - _CARD_PAD,
                panel.name,
                transform=trans,
                fontsize=_NAME_PT,
                fontweight="bold",
                color=TEXT_COLOUR,
                family=FONT_FAMILY,
                va="top",
                linespacing=1.2,
            )
            layout[f"name:{index}"] = text_box(fig, name)
            if panel.meta:
                name_h = m.size(panel.name, _NAME_PT, "bold")[1]
                meta = draw_text(
                    fig,
                    x + _CARD_PAD,
                    height - y - _CARD_PAD - name_h - 0.05,
                    panel.meta,
                    transform=trans,
                    fontsize=_META_PT,
                    color=MUTED_COLOUR,
                    family=FONT_FAMILY,
                    va="top",
                    linespacing=1.2,
                )
                layout[f"meta:{index}"] = text_box(fig, meta)
            ax_left = x + _CARD_PAD + panel.tick_w + 0.1
            ax_width = x + card_w - 0.2 - ax_left
            ax_bottom = height - y - card_h + 0.06 + _XTICK_H
            layout |= _draw_panel(fig, index, panel, (ax_left, ax_bottom, ax_width, ax_h), height)
        y += card_h + _ROW_GAP

    return ChartResult.from_png(figure_to_png(fig), _alt_text(data), layout)
