"""The numbered legend below the circle, flowed into balanced columns."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from bot.charts.actorrings.groups import Group, actor_name
from bot.charts.actorrings.model import ActorRingsData
from bot.charts.actorrings.names import Slot
from bot.charts.actorrings.packing import Packing
from bot.charts.actorrings.style import (
    LEGEND_GUTTER,
    LEGEND_HEAD_PT,
    LEGEND_PT,
    MARGIN,
    SWATCH,
    chart_font,
)
from bot.charts.actorrings.wrapping import wrap_px
from bot.charts.base import WIDTH_PX
from bot.charts.text import TextMeasurer


@dataclass
class _LegendRow:
    kind: Literal["head", "cont", "entry"]
    group: int
    text: str
    height: float
    slot: Slot | None = None
    number: int = 0
    column: int = 0
    top: float = 0.0  # from the top of the legend block


@dataclass
class Legend:
    columns: int
    column_width: float
    rows: list[_LegendRow] = field(default_factory=list)
    height: float = 0.0


_HEAD_GAP = 12.0  # extra space above a group heading that does not start a column


_ROW_GAP = 5.0


def plan_legend(
    groups: list[Group],
    slots: list[Slot],
    numbers: dict[int, int],
    data: ActorRingsData,
    packing: Packing,
    measure: TextMeasurer,
) -> Legend:
    """ "Nr. Name" rows grouped by sector, flowed into balanced columns that fit the width."""
    usable = WIDTH_PX - 2 * MARGIN
    line_h = measure.size("Ag", chart_font(LEGEND_PT))[1]
    d_max = packing.d_max
    best: Legend | None = None
    for columns in (3, 2, 1):
        col_w = (usable - (columns - 1) * LEGEND_GUTTER) / columns
        text_w = col_w - d_max - 8
        head_w = col_w - SWATCH - 8
        if text_w < 150 and columns > 1:
            continue
        blocks = []
        for gi, group in enumerate(groups):
            entries = []
            for slot in slots:
                if slot.group != gi:
                    continue
                d = packing.cell(gi, slot.ring).d
                text = wrap_px(actor_name(data, slot.index), text_w, LEGEND_PT, measure)
                th = measure.size(text, chart_font(LEGEND_PT))[1]
                height = max(d, th + max(0.0, d - line_h)) + _ROW_GAP
                entries.append(_LegendRow("entry", gi, text, height, slot, numbers[slot.index]))
            if entries:
                heads = []
                for title in (group.name, f"{group.name} (Fortsetzung)"):
                    text = wrap_px(title, head_w, LEGEND_HEAD_PT, measure, bold=True)
                    th = measure.size(text, chart_font(LEGEND_HEAD_PT, True))[1]
                    kind = "cont" if heads else "head"
                    heads.append(_LegendRow(kind, gi, text, max(SWATCH, th) + 6))
                blocks.append((heads[0], heads[1], entries))
        legend = _flow(blocks, columns, col_w)
        if best is None or legend.height < best.height * 0.93:
            best = legend
    assert best is not None
    return best


def _flow(
    blocks: list[tuple[_LegendRow, _LegendRow, list[_LegendRow]]], columns: int, col_w: float
) -> Legend:
    """Fill columns top to bottom with the smallest column height that needs ``columns``.

    A heading never ends a column; a group that continues in the next column repeats its
    heading there with "(Fortsetzung)".
    """

    def place(row: _LegendRow, column: int, top: float) -> _LegendRow:
        return replace(row, column=column, top=top)

    def fill(limit: float) -> tuple[list[_LegendRow], int, float]:
        rows: list[_LegendRow] = []
        col, y, tallest = 0, 0.0, 0.0
        for head, cont, entries in blocks:
            for j, entry in enumerate(entries):
                lead = (head.height + (_HEAD_GAP if y > 0 else 0.0)) if j == 0 else 0.0
                # never one entry alone: short groups stay whole, long ones split 2+ / 2+
                if j == 0:
                    keep = entries if len(entries) <= 4 else entries[:2]
                elif len(entries) > 4 and len(entries) - j == 2:
                    keep = entries[j:]
                else:
                    keep = [entry]
                need = sum(e.height for e in keep)
                if y > 0 and y + lead + need > limit:
                    col, y = col + 1, 0.0
                    if j > 0:
                        rows.append(place(cont, col, y))
                        y += cont.height
                if j == 0:
                    y += _HEAD_GAP if y > 0 else 0.0
                    rows.append(place(head, col, y))
                    y += head.height
                rows.append(place(entry, col, y))
                y += entry.height
                tallest = max(tallest, y)
        return rows, col + 1, tallest

    total = sum(
        head.height + _HEAD_GAP + sum(e.height for e in entries) for head, _, entries in blocks
    )
    lo, hi = 0.0, total + 1
    for _ in range(40):
        mid = (lo + hi) / 2
        if fill(mid)[1] <= columns:
            hi = mid
        else:
            lo = mid
    rows, used, tallest = fill(hi)
    return Legend(used, col_w, rows, tallest)
