"""Risikomatrix (AS6): likelihood × impact grid with coloured zones and numbered risk markers.

Zones follow the common 5×5 scheme by the score W×A of a cell (W = Eintrittswahrscheinlichkeit,
A = Auswirkung): "niedrig" for 1–4, "mittel" for 5–12, "hoch" for 15–25 (no cell has 13 or 14).
Each zone has a tint *and* a hatch and every cell shows its score, so the zones read without
colour. A risk (aggregated, possibly fractional means) goes into the cell of its rounded values
(round half up, clamped to 1..5); its zone is that cell's zone. Markers in a cell are packed in
a small grid and never overlap; a row of cells grows taller when it holds many risks. Every
marker carries a number; the numbered list below the matrix (sorted by score) gives title,
category and W×A, with "≠" for risks whose ratings disagreed. Categories differ in marker shape
and colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.patches import Circle, Patch, Polygon, Rectangle, RegularPolygon
from pydantic import BaseModel, ConfigDict, Field

from bot.charts.base import (
    MIN_FONT_PT,
    MUTED_COLOUR,
    PHONE_WIDTH_IN,
    TITLE_FONT_PT,
    ChartResult,
    figure_to_png,
    text_box,
)
from bot.charts.canvas import InchCanvas, inch_placeholder
from bot.charts.text import NBSP
from dialogs.parsing import format_german_number
from dialogs.replies import count

__all__ = ["CATEGORIES", "RatedRisk", "RiskMatrixData", "render_risk_matrix"]

#: The five risk categories of the handbook, in legend order.
CATEGORIES = (
    "Administrativ",
    "Technisch",
    "Gesellschaftlich-politisch",
    "Extern",
    "Datenschutz und Datensicherheit",
)
SCALE_WORDS = ("sehr gering", "gering", "mittel", "hoch", "sehr hoch")


class RatedRisk(BaseModel):
    """One risk with its aggregated (mean) likelihood and impact on the 1–5 scale."""

    model_config = ConfigDict(frozen=True)

    title: str
    category: str
    likelihood: float = Field(ge=1, le=5)
    impact: float = Field(ge=1, le=5)
    #: True if the members' ratings differed strongly (flagged with "≠" in the list).
    disagreement: bool = False


class RiskMatrixData(BaseModel):
    """Input of the risk matrix chart."""

    model_config = ConfigDict(frozen=True)

    title: str = "Risikomatrix"
    risks: list[RatedRisk] = Field(default_factory=list)


# --- pure helpers ----------------------------------------------------------------------------


def _cell_value(value: float) -> int:
    """Round half up and clamp to 1..5 (2.5 -> 3, 0.4 -> 1)."""
    return min(5, max(1, math.floor(value + 0.5 + 1e-9)))


@dataclass(frozen=True)
class _Zone:
    name: str
    rule: str
    fill: str
    hatch: str
    hatch_colour: str


ZONES = (
    _Zone("niedrig", "W×A 1–4", "#d9eed2", "", "#d9eed2"),
    _Zone("mittel", "W×A 5–12", "#fde9ad", "..", "#e9c45a"),
    _Zone("hoch", "W×A 15–25", "#f6c3bf", "//", "#e08d86"),
)


def _zone(likelihood: int, impact: int) -> _Zone:
    """Zone of a cell by its score: ≤ 4 niedrig, 5–12 mittel, ≥ 15 hoch."""
    score = likelihood * impact
    if score <= 4:
        return ZONES[0]
    if score <= 12:
        return ZONES[1]
    return ZONES[2]


@dataclass(frozen=True)
class _CategoryStyle:
    shape: str
    colour: str


_STYLES = {
    "Administrativ": _CategoryStyle("square", "#0072B2"),
    "Technisch": _CategoryStyle("circle", "#C24F00"),
    "Gesellschaftlich-politisch": _CategoryStyle("triangle_up", "#00775A"),
    "Extern": _CategoryStyle("diamond", "#8E3B77"),
    "Datenschutz und Datensicherheit": _CategoryStyle("triangle_down", "#333333"),
}
_EXTRA_STYLES = (
    _CategoryStyle("hexagon", "#6B5B00"),
    _CategoryStyle("pentagon", "#5A5A5A"),
)


def _categories(data: RiskMatrixData) -> list[str]:
    """The five standard categories, then any other category used (first seen first)."""
    extra = [r.category for r in data.risks if r.category not in CATEGORIES]
    return [*CATEGORIES, *dict.fromkeys(extra)]


def _style_of(category: str, categories: list[str]) -> _CategoryStyle:
    if category in _STYLES:
        return _STYLES[category]
    index = categories.index(category) - len(CATEGORIES)
    return _EXTRA_STYLES[index % len(_EXTRA_STYLES)]


def _entry_text(risk: RatedRisk) -> str:
    """Legend text of a risk: "Titel (Kategorie, W×A = 4 × 3,5 = 14)"."""
    score = risk.likelihood * risk.impact
    # No-break spaces keep the formula on one line when the entry is wrapped (see InchCanvas.fit).
    w, a, s = (format_german_number(v, 1) for v in (risk.likelihood, risk.impact, score))
    formula = f"W×A = {w} × {a} = {s}"
    return f"{risk.title} ({risk.category}, {formula.replace(' ', NBSP)})"


# --- drawing helpers -------------------------------------------------------------------------

MARGIN = 0.2
CONTENT_W = PHONE_WIDTH_IN - 2 * MARGIN
SMALL_PT = max(MIN_FONT_PT, 9.0)
LEGEND_PT = 9.0
MARKER = 0.3  # bounding box of a marker shape, inches
PITCH = 0.355  # distance between marker centres in a cell
MARKER_PT = MIN_FONT_PT
CELL_STRIP = 0.22  # top strip of a cell that holds the cell's score
CELL_PAD = 0.05
MIN_ROW_H = 0.95


def _marker(
    canvas: InchCanvas, style: _CategoryStyle, cx: float, cy: float, number: int | None
) -> Patch:
    """Draw a category marker centred at (cx, cy), with ``number`` inside; returns the shape."""
    half = MARKER / 2
    common = {"facecolor": style.colour, "edgecolor": "white", "linewidth": 1.0, "zorder": 4}
    text_y = cy
    if style.shape == "circle":
        patch: Patch = Circle((cx, cy), half * 0.97, **common)
    elif style.shape == "square":
        side = MARKER * 0.86
        patch = Rectangle((cx - side / 2, cy - side / 2), side, side, **common)
    elif style.shape == "diamond":
        patch = Polygon(
            [(cx, cy - half), (cx + half, cy), (cx, cy + half), (cx - half, cy)], **common
        )
    elif style.shape in ("triangle_up", "triangle_down"):
        # y grows downwards: an upward triangle has its apex at the smaller y.
        sign = -1 if style.shape == "triangle_up" else 1
        apex = (cx, cy + sign * half)
        base_y = cy - sign * half
        half_base = half * 1.1  # a little wider than tall, so two digits fit inside
        patch = Polygon([apex, (cx + half_base, base_y), (cx - half_base, base_y)], **common)
        text_y = cy - sign * MARKER * 0.2  # towards the base, where the number has room
    else:
        vertices = 6 if style.shape == "hexagon" else 5
        patch = RegularPolygon((cx, cy), vertices, radius=half, **common)
    canvas.ax.add_patch(patch)
    if number is not None:
        canvas.text(
            cx,
            text_y,
            str(number),
            MARKER_PT,
            ha="center",
            va="center_baseline",
            color="white",
            fontweight="bold",
            zorder=5,
        )
    return patch


def _grid_shape(count: int, max_cols: int) -> tuple[int, int]:
    """Columns and rows of the small grid that packs ``count`` markers in a cell."""
    if count == 0:
        return 0, 0
    cols = min(max_cols, math.ceil(math.sqrt(count)))
    return cols, math.ceil(count / cols)


# --- renderer --------------------------------------------------------------------------------


@dataclass
class _Plan:
    """Numbering and cell assignment of the risks."""

    order: list[int]  # risk indices sorted by score descending (legend order)
    number: dict[int, int]  # risk index -> marker number (1 = highest score)
    cell: dict[int, tuple[int, int]]  # risk index -> (likelihood, impact) cell
    members: dict[tuple[int, int], list[int]]  # cell -> risk indices in legend order

    @classmethod
    def of(cls, data: RiskMatrixData) -> _Plan:
        risks = data.risks
        order = sorted(
            range(len(risks)), key=lambda i: (-risks[i].likelihood * risks[i].impact, i)
        )
        cell = {i: (_cell_value(r.likelihood), _cell_value(r.impact)) for i, r in enumerate(risks)}
        members: dict[tuple[int, int], list[int]] = {
            (lk, im): [] for lk in range(1, 6) for im in range(1, 6)
        }
        for i in order:
            members[cell[i]].append(i)
        return cls(order, {i: n + 1 for n, i in enumerate(order)}, cell, members)


def _draw_matrix(
    canvas: InchCanvas, data: RiskMatrixData, plan: _Plan, categories: list[str], y: float
) -> tuple[float, dict[str, Artist]]:
    """The 5×5 grid with axis labels, zones, cell scores and packed markers."""
    placed: dict[str, Artist] = {}
    y_labels = {im: f"{im}\n{SCALE_WORDS[im - 1]}" for im in range(1, 6)}
    label_w = max(canvas.size(s, SMALL_PT)[0] for s in y_labels.values())
    grid_x0 = MARGIN + label_w + 0.12
    cell_w = (PHONE_WIDTH_IN - MARGIN - grid_x0) / 5
    max_cols = max(1, int((cell_w - 2 * CELL_PAD) // PITCH))

    placed["axis:impact"] = canvas.text(
        MARGIN, y, "Auswirkung ↑", SMALL_PT, fontweight="bold", va="top"
    )
    y += canvas.size("Auswirkung ↑", SMALL_PT, "bold")[1] + 0.1

    # Row heights: impact 5 on top; a row grows when one of its cells holds many markers.
    row_h = {}
    for im in range(1, 6):
        rows = max(_grid_shape(len(plan.members[(lk, im)]), max_cols)[1] for lk in range(1, 6))
        row_h[im] = max(MIN_ROW_H, CELL_STRIP + rows * PITCH + 2 * CELL_PAD)

    top = y
    for im in range(5, 0, -1):
        h = row_h[im]
        placed[f"ylabel:{im}"] = canvas.text(
            grid_x0 - 0.1,
            top + h / 2,
            y_labels[im],
            SMALL_PT,
            ha="right",
            va="center",
            multialignment="right",
        )
        for lk in range(1, 6):
            x0 = grid_x0 + (lk - 1) * cell_w
            zone = _zone(lk, im)
            cell = Rectangle(
                (x0, top),
                cell_w,
                h,
                facecolor=zone.fill,
                hatch=zone.hatch,
                hatchcolor=zone.hatch_colour,
                edgecolor="white",
                linewidth=2.0,
                zorder=1,
            )
            cell.set_hatch_linewidth(0.8)
            placed[f"cell:{lk}:{im}"] = canvas.ax.add_patch(cell)
            placed[f"score:{lk}:{im}"] = canvas.text(
                x0 + 0.07, top + 0.05, str(lk * im), MIN_FONT_PT, color=MUTED_COLOUR, zorder=3
            )
            members = plan.members[(lk, im)]
            cols, rows = _grid_shape(len(members), max_cols)
            area_top = top + CELL_STRIP
            area_h = h - CELL_STRIP - CELL_PAD
            grid_y0 = area_top + (area_h - rows * PITCH) / 2
            grid_x = x0 + (cell_w - cols * PITCH) / 2
            for k, i in enumerate(members):
                row, col = divmod(k, cols)
                # Centre a short last row.
                in_row = min(cols, len(members) - row * cols)
                offset = (cols - in_row) * PITCH / 2
                cx = grid_x + offset + (col + 0.5) * PITCH
                cy = grid_y0 + (row + 0.5) * PITCH
                style = _style_of(data.risks[i].category, categories)
                placed[f"marker:{i}"] = _marker(canvas, style, cx, cy, plan.number[i])
        top += h

    # Likelihood labels below the grid and the axis title.
    y = top + 0.08
    label_h = 0.0
    for lk in range(1, 6):
        cx = grid_x0 + (lk - 0.5) * cell_w
        text = f"{lk}\n{SCALE_WORDS[lk - 1]}"
        placed[f"xlabel:{lk}"] = canvas.text(cx, y, text, SMALL_PT, ha="center")
        label_h = max(label_h, canvas.size(text, SMALL_PT)[1])
    y += label_h + 0.08
    placed["axis:likelihood"] = canvas.text(
        grid_x0 + 2.5 * cell_w,
        y,
        "Eintrittswahrscheinlichkeit →",
        SMALL_PT,
        fontweight="bold",
        ha="center",
    )
    y += canvas.size("Eintrittswahrscheinlichkeit →", SMALL_PT, "bold")[1]
    return y, placed


def _draw_keys(
    canvas: InchCanvas, data: RiskMatrixData, categories: list[str], y: float
) -> tuple[float, dict[str, Artist]]:
    """Zone key (tint + hatch + rule) and category key (shape + colour + name)."""
    placed: dict[str, Artist] = {}
    placed["key:zones"] = canvas.text(MARGIN, y, "Zonen", SMALL_PT, fontweight="bold")
    y += canvas.size("Zonen", SMALL_PT, "bold")[1] + 0.1
    col_w = CONTENT_W / 3
    swatch_w, swatch_h = 0.36, 0.24
    texts = [canvas.fit(f"{z.name} ({z.rule})", col_w - swatch_w - 0.15, SMALL_PT) for z in ZONES]
    row_h = max(swatch_h, *(h for _, _, h in texts))
    for n, (zone, (text, _, _)) in enumerate(zip(ZONES, texts, strict=True)):
        x = MARGIN + n * col_w
        swatch = Rectangle(
            (x, y + (row_h - swatch_h) / 2),
            swatch_w,
            swatch_h,
            facecolor=zone.fill,
            hatch=zone.hatch,
            hatchcolor=zone.hatch_colour,
            edgecolor="#9ca3af",
            linewidth=0.6,
        )
        swatch.set_hatch_linewidth(0.8)
        canvas.ax.add_patch(swatch)
        placed[f"zone:{zone.name}"] = canvas.text(
            x + swatch_w + 0.08, y + row_h / 2, text, SMALL_PT, va="center"
        )
    y += row_h + 0.2

    placed["key:categories"] = canvas.text(MARGIN, y, "Kategorien", SMALL_PT, fontweight="bold")
    y += canvas.size("Kategorien", SMALL_PT, "bold")[1] + 0.1
    columns = 2
    col_w = CONTENT_W / columns
    counts = {c: sum(1 for r in data.risks if r.category == c) for c in categories}
    for start in range(0, len(categories), columns):
        row = []
        for ci in range(start, min(start + columns, len(categories))):
            name = categories[ci]
            label = f"{name} ({counts[name]})"
            row.append((ci, *canvas.fit(label, col_w - MARKER - 0.2, SMALL_PT)))
        row_h = max(MARKER, *(h for *_, h in row))
        for col, (ci, text, _, _) in enumerate(row):
            x = MARGIN + col * col_w
            style = _style_of(categories[ci], categories)
            _marker(canvas, style, x + MARKER / 2, y + row_h / 2, None)
            placed[f"category:{ci}"] = canvas.text(
                x + MARKER + 0.1, y + row_h / 2, text, SMALL_PT, va="center"
            )
        y += row_h + 0.08
    return y, placed


def _draw_list(
    canvas: InchCanvas, data: RiskMatrixData, plan: _Plan, categories: list[str], y: float
) -> tuple[float, dict[str, Artist]]:
    """Numbered risk list sorted by score, in two columns filled top to bottom."""
    placed: dict[str, Artist] = {}
    heading = "Risiken nach Score (W×A), höchstes zuerst"
    placed["list:heading"] = canvas.text(MARGIN, y, heading, SMALL_PT, fontweight="bold")
    y += canvas.size(heading, SMALL_PT, "bold")[1] + 0.12

    any_flag = any(r.disagreement for r in data.risks)
    flag_w = 0.2 if any_flag else 0.0
    gap = 0.2
    col_w = (CONTENT_W - gap) / 2
    text_w = col_w - MARKER - 0.1 - flag_w
    entries = []
    for i in plan.order:
        text, _, h = canvas.fit(_entry_text(data.risks[i]), text_w, LEGEND_PT)
        text = text.replace(NBSP, " ")
        entries.append((i, text, max(h, MARKER) + 0.1))

    # Split so that both columns are about equally tall; ties favour a longer first column.
    heights = [h for *_, h in entries]
    split = min(
        range(1, len(entries) + 1),
        key=lambda k: (max(sum(heights[:k]), sum(heights[k:])), -k),
    )
    columns = [entries[:split], entries[split:]]

    bottom = y
    for col, column in enumerate(columns):
        x = MARGIN + col * (col_w + gap)
        cy = y
        for i, text, h in column:
            risk = data.risks[i]
            style = _style_of(risk.category, categories)
            mid = cy + MARKER / 2 + 0.01
            _marker(canvas, style, x + MARKER / 2, mid, plan.number[i])
            if risk.disagreement:
                placed[f"flag:{i}"] = canvas.text(
                    x + MARKER + 0.06,
                    mid,
                    "≠",
                    LEGEND_PT + 1,
                    va="center",
                    fontweight="bold",
                    color="#b91c1c",
                )
            placed[f"legend:{i}"] = canvas.text(
                x + MARKER + 0.1 + flag_w, cy + 0.02, text, LEGEND_PT, va="top"
            )
            cy += h
        bottom = max(bottom, cy)
    y = bottom + 0.05
    if any_flag:
        note = "≠ Die Einschätzungen der Mitglieder gehen bei diesem Risiko deutlich auseinander."
        text, _, h = canvas.fit(note, CONTENT_W, SMALL_PT)
        placed["list:note"] = canvas.text(MARGIN, y, text, SMALL_PT, color=MUTED_COLOUR)
        y += h + 0.05
    return y, placed


def render_risk_matrix(data: RiskMatrixData) -> ChartResult:
    """Render the risk matrix with zones, numbered markers and the sorted risk list."""
    title = data.title.strip() or "Risikomatrix"
    if not data.risks:
        return inch_placeholder(title, "Noch keine Einträge", MARGIN)

    plan = _Plan.of(data)
    categories = _categories(data)
    canvas = InchCanvas.create()
    fig = canvas.fig

    y = MARGIN
    title_text, _, title_h = canvas.fit(title, CONTENT_W, TITLE_FONT_PT, "bold")
    placed: dict[str, Artist] = {
        "title": canvas.text(MARGIN, y, title_text, TITLE_FONT_PT, fontweight="bold")
    }
    y += title_h + 0.08
    high = sum(1 for i in plan.order if _zone(*plan.cell[i]).name == "hoch")
    subtitle = (
        f"{count(len(data.risks), 'Risiko', 'Risiken')}, davon {high} in der Zone „hoch“ · W = "
        "Eintrittswahrscheinlichkeit, A = Auswirkung (Mittelwerte, zur Einordnung gerundet)"
    )
    sub_text, _, sub_h = canvas.fit(subtitle, CONTENT_W, SMALL_PT)
    placed["subtitle"] = canvas.text(MARGIN, y, sub_text, SMALL_PT, color=MUTED_COLOUR)
    y += sub_h + 0.2

    y, part = _draw_matrix(canvas, data, plan, categories, y)
    placed |= part
    y, part = _draw_keys(canvas, data, categories, y + 0.3)
    placed |= part
    y, part = _draw_list(canvas, data, plan, categories, y + 0.25)
    placed |= part
    height = y + MARGIN
    canvas.finish(height)

    png = figure_to_png(fig)
    layout = {name: text_box(fig, artist) for name, artist in placed.items()}
    return ChartResult.from_png(png, _alt_text(data, title, plan), layout)


def _alt_text(data: RiskMatrixData, title: str, plan: _Plan) -> str:
    """German text version of the whole chart."""
    lines = [
        f"{title}: Risikomatrix mit {count(len(data.risks), 'Risiko', 'Risiken')}, "
        "Eintrittswahrscheinlichkeit (W) "
        "und Auswirkung (A) je 1 bis 5. Zonen nach W×A: niedrig 1–4, mittel 5–12, hoch 15–25.",
        "Risiken nach Score, höchstes zuerst:",
    ]
    for i in plan.order:
        risk = data.risks[i]
        lk, im = plan.cell[i]
        entry = _entry_text(risk).replace(NBSP, " ")
        line = (
            f"{plan.number[i]}. {entry}; Feld W {lk} ({SCALE_WORDS[lk - 1]}), "
            f"A {im} ({SCALE_WORDS[im - 1]}), Zone {_zone(lk, im).name}"
        )
        if risk.disagreement:
            line += "; Einschätzungen gehen auseinander"
        lines.append(line + ".")
    return "\n".join(lines)
