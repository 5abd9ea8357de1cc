"""The page plan: labels beside the markers if they fit, else numbered markers and a legend."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from bot.charts.actorrings.geometry import Geometry, fit_geometry, forced_geometry
from bot.charts.actorrings.groups import Group
from bot.charts.actorrings.legend import Legend, plan_legend
from bot.charts.actorrings.model import RING_KEYS, RING_NAMES, ActorRingsData, RingKey
from bot.charts.actorrings.names import Name, Slot, assign_slots, names_may_fit, place_names
from bot.charts.actorrings.packing import Pack, Packing
from bot.charts.actorrings.ringnames import Glyph, halo_half, ring_name_glyphs
from bot.charts.actorrings.style import (
    CENTRE_PT,
    NUMBER_PT,
    RIM_ARC,
    RING_PT,
    SIDE,
    advance,
    box_at,
    chart_font,
    inflate,
)
from bot.charts.base import PX_PER_PT, WIDTH_PX, Box, union
from bot.charts.text import TextMeasurer


@dataclass
class Plan:
    mode: Literal["labels", "legend", "empty"]
    geo: Geometry
    slots: list[Slot]
    numbers: dict[int, int]
    names: dict[int, Name]
    legend: Legend | None
    ring_glyphs: dict[RingKey, list[Glyph]]
    block: Box  # local extent of the circle with everything around it


def _badge_diameter(digits: int, measure: TextMeasurer) -> float:
    """A circle just large enough for a number with ``digits`` digits (at least two)."""
    w, _ = measure.size("8" * max(2, digits), chart_font(NUMBER_PT, True))
    cap = 0.73 * NUMBER_PT * PX_PER_PT
    return float(math.ceil(2 * math.hypot(w / 2 + 1.0, cap / 2 + 1.0)))


def _number_packing(
    groups: list[Group], m_r: float, measure: TextMeasurer, gap: float, m_t: float
) -> Packing:
    """Numbered markers; a cell gets the marker size of the longest number it will hold."""

    def pack(digits: int) -> Pack:
        return Pack(_badge_diameter(digits, measure), gap, m_r, m_t, comfort=1.3)

    cells, last = [], 0
    for group in groups:
        row = []
        for key in RING_KEYS:
            last += len(group.members[key])
            row.append(pack(len(str(last))))
        cells.append(tuple(row))
    return Packing(pack(2), tuple(cells))


def make_plan(data: ActorRingsData, groups: list[Group], measure: TextMeasurer) -> Plan:
    cw, ch = measure.size("Smart\nCity", chart_font(CENTRE_PT, True))
    r0 = max(34.0, math.hypot(cw / 2, ch / 2) + 6)
    kern_len = advance(measure, RING_NAMES["kern"], RING_PT, True)
    r1_min = kern_len / math.radians(105) + 0.36 * RING_PT * PX_PER_PT
    m_r = halo_half() + 2
    count = len(data.actors)

    def finish(mode, geo, names=None, legend=None, slots=None) -> Plan:
        slots = slots if slots is not None else assign_slots(groups, geo)
        numbers = {s.index: i + 1 for i, s in enumerate(slots)}
        glyphs = {
            key: ring_name_glyphs(RING_NAMES[key], geo.band(key)[1], measure) for key in RING_KEYS
        }
        parts = [box_at(0, 0, 2 * geo.R + 2 * RIM_ARC[1], 2 * geo.R + 2 * RIM_ARC[1])]
        parts += [label.box for label in geo.labels]
        parts += [g.box for gl in glyphs.values() for g in gl]
        block = union(parts)
        if legend is None and mode == "legend":
            legend = plan_legend(groups, slots, numbers, data, geo.packing, measure)
        return Plan(mode, geo, slots, numbers, names or {}, legend, glyphs, block)

    label_pack = Packing(Pack(d=20.0, gap=40.0, m_r=m_r, m_t=6.0, comfort=1.5))
    geo = fit_geometry(groups, label_pack, r0, r1_min, measure)
    if count == 0:
        geo = geo or forced_geometry(groups, label_pack, r0, r1_min, measure)
        return finish("empty", geo)
    if geo is not None and names_may_fit(data, geo, measure):
        slots = assign_slots(groups, geo)
        probe = finish("labels", geo, slots=slots)
        obstacles = [inflate(g.box, 4) for gl in probe.ring_glyphs.values() for g in gl]
        obstacles += [label.box for label in geo.labels]
        obstacles.append(box_at(0, 0, 2 * r0, 2 * r0))
        bounds = Box(-WIDTH_PX / 2 + SIDE, probe.block.y0, WIDTH_PX / 2 - SIDE, probe.block.y1)
        got = place_names(slots, data, geo, measure, bounds, obstacles)
        if got is not None:
            return finish("labels", geo, names=got[1], slots=got[0])
    for gap, m_t in ((6.0, 5.0), (4.0, 3.0), (2.0, 2.0)):
        packing = _number_packing(groups, m_r, measure, gap, m_t)
        geo = fit_geometry(groups, packing, r0, r1_min, measure)
        if geo is not None:
            return finish("legend", geo)
    packing = _number_packing(groups, m_r, measure, 2.0, 2.0)
    return finish("legend", forced_geometry(groups, packing, r0, r1_min, measure))
