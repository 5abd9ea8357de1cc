"""Label fitting: every actor's name beside its own marker, unambiguous and overlap-free."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from bot.charts.actorrings.geometry import Geometry
from bot.charts.actorrings.groups import Group, actor_name
from bot.charts.actorrings.model import RING_KEYS, ActorRingsData, RingKey
from bot.charts.actorrings.packing import cell_slots, row_edge
from bot.charts.actorrings.style import (
    FOREIGN_GAP,
    LABEL_PAD,
    LABEL_PT,
    MARKER_SPACING,
    NAME_GAP,
    NAME_SPACING,
    box_at,
    chart_font,
    inflate,
)
from bot.charts.base import Box, wrap
from bot.charts.text import TextMeasurer


def _box_distance(box: Box, x: float, y: float) -> float:
    """Distance from the point (x, y) to the nearest point of ``box``."""
    dx = max(box.x0 - x, 0.0, x - box.x1)
    dy = max(box.y0 - y, 0.0, y - box.y1)
    return math.hypot(dx, dy)


def _unambiguous(box: Box, own: tuple[float, float], other: tuple[float, float], a: float) -> bool:
    """True if a name in ``box`` clearly belongs to the marker at ``own``, not to ``other``.

    The other marker must keep a clear gap to the box, and the box's centre must be clearly
    nearer to its own marker than to the other one.
    """
    if _box_distance(box, *other) < a + FOREIGN_GAP:
        return False
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    return math.hypot(cx - other[0], cy - other[1]) >= 1.5 * math.hypot(cx - own[0], cy - own[1])


@dataclass
class Slot:
    index: int  # actor index
    group: int  # sector index
    ring: RingKey
    r: float
    theta: float

    @property
    def x(self) -> float:
        return self.r * math.cos(self.theta)

    @property
    def y(self) -> float:
        return self.r * math.sin(self.theta)

    @property
    def xy(self) -> tuple[float, float]:
        return self.x, self.y


def assign_slots(groups: list[Group], geo: Geometry) -> list[Slot]:
    """Every actor's marker centre, in numbering order (clockwise sectors, inner ring first)."""
    slots = []
    for gi, (group, span) in enumerate(zip(groups, geo.sectors, strict=True)):
        width = span.theta_end - span.theta_start
        for key in RING_KEYS:
            members = group.members[key]
            r_in, r_out = geo.band(key)
            pack = geo.packing.cell(gi, key)
            cell = cell_slots(r_in, r_out, width, len(members), pack)
            for index, (r, offset) in zip(members, cell, strict=True):
                slots.append(Slot(index, gi, key, r, span.theta_end - offset))
    return slots


@dataclass
class Name:
    text: str
    box: Box  # local coordinates, including the white padding
    align: Literal["left", "right", "center"]


def _name_candidates(
    x: float, y: float, a: float, w: float, h: float, prefer_right: bool
) -> list[tuple[Box, Literal["left", "right", "center"], float]]:
    """Boxes of size w × h touching the marker at (x, y), each with a small preference cost.

    Names beside the marker (on the outward side first) read best; above or below come next.
    """
    g = NAME_GAP
    right = [
        (Box(x + a + g, y - h / 2, x + a + g + w, y + h / 2), "left"),
        (Box(x + a + g, y - 0.6 * a, x + a + g + w, y - 0.6 * a + h), "left"),
        (Box(x + a + g, y + 0.6 * a - h, x + a + g + w, y + 0.6 * a), "left"),
    ]
    left = [
        (Box(x - a - g - w, y - h / 2, x - a - g, y + h / 2), "right"),
        (Box(x - a - g - w, y - 0.6 * a, x - a - g, y - 0.6 * a + h), "right"),
        (Box(x - a - g - w, y + 0.6 * a - h, x - a - g, y + 0.6 * a), "right"),
    ]
    above = [
        (Box(x - w / 2, y + a + g, x + w / 2, y + a + g + h), "center"),
        (Box(x - a, y + a + g, x - a + w, y + a + g + h), "left"),
        (Box(x + a - w, y + a + g, x + a, y + a + g + h), "right"),
    ]
    below = [
        (Box(x - w / 2, y - a - g - h, x + w / 2, y - a - g), "center"),
        (Box(x - a, y - a - g - h, x - a + w, y - a - g), "left"),
        (Box(x + a - w, y - a - g - h, x + a, y - a - g), "right"),
    ]
    first, second = (right, left) if prefer_right else (left, right)
    costs = [
        (first[0], 0.0),
        (second[0], 0.1),
        (first[1], 0.3),
        (first[2], 0.3),
        (second[1], 0.4),
        (second[2], 0.4),
        (above[0], 1.0),
        (below[0], 1.0),
        (above[1], 1.3),
        (above[2], 1.3),
        (below[1], 1.3),
        (below[2], 1.3),
    ]
    return [(box, align, cost) for (box, align), cost in costs]  # type: ignore[misc]


def place_names(
    slots: list[Slot],
    data: ActorRingsData,
    geo: Geometry,
    measure: TextMeasurer,
    bounds: Box,
    obstacles: list[Box],
) -> tuple[list[Slot], dict[int, Name]] | None:
    """Every actor's name beside its marker without any overlap, or None if that fails.

    Markers start at their evenly spread slots but may move within their own cell to a spot
    where the name fits; the result keeps the order (and so the numbering) of ``slots``.
    """
    order = sorted(slots, key=lambda s: (RING_KEYS.index(s.ring), s.r))  # crowded cells first
    for width in (16, 22):
        texts = {s.index: wrap(actor_name(data, s.index), width, break_long=False) for s in slots}
        got = _try_names(order, texts, geo, measure, bounds, obstacles)
        if got is not None:
            moved, names = got
            return [moved[s.index] for s in slots], names
    return None


def _cell_positions(slot: Slot, geo: Geometry, step: float = 9.0) -> list[Slot]:
    """Possible marker centres inside the slot's own cell, nearest to the slot first."""
    p = geo.packing.cell(slot.group, slot.ring)
    span = geo.sectors[slot.group]
    r_in, r_out = geo.band(slot.ring)
    lo, hi = r_in + p.m_r + p.a, r_out - p.m_r - p.a
    count = max(0, int((hi - lo) / step))
    radii = [lo + i * (hi - lo) / count for i in range(count + 1)] if count else [(lo + hi) / 2]
    found = []
    for r in radii:
        edge = row_edge(r, p)
        if edge is None:
            continue
        first, last = span.theta_start + edge, span.theta_end - edge
        if last < first:
            continue
        n = max(1, int((last - first) * r / step))
        for i in range(n + 1):
            theta = first + (last - first) * i / n
            found.append(Slot(slot.index, slot.group, slot.ring, r, theta))
    found.sort(key=lambda s: math.hypot(s.x - slot.x, s.y - slot.y))
    return found


def _try_names(
    order: list[Slot],
    texts: dict[int, str],
    geo: Geometry,
    measure: TextMeasurer,
    bounds: Box,
    obstacles: list[Box],
) -> tuple[dict[int, Slot], dict[int, Name]] | None:
    """Greedy placement of marker and name, one actor after the other; None if one fails."""
    a = geo.pack.a
    waiting = {s.index: (s.x, s.y) for s in order}
    markers: list[Box] = []
    centres: list[tuple[float, float]] = []
    moved: dict[int, Slot] = {}
    names: dict[int, Name] = {}
    for slot in order:
        del waiting[slot.index]
        span = geo.sectors[slot.group]
        r_in, r_out = geo.band(slot.ring)
        tw, th = measure.size(texts[slot.index], chart_font(LABEL_PT))
        w, h = tw + 2 * LABEL_PAD, th + 2 * LABEL_PAD
        best: tuple[float, Slot, Box, str] | None = None
        for pos in _cell_positions(slot, geo)[:90]:
            shift = math.hypot(pos.x - slot.x, pos.y - slot.y)
            if best is not None and 0.02 * shift >= best[0]:
                break
            marker = box_at(pos.x, pos.y, 2 * a, 2 * a)
            if any(inflate(marker, MARKER_SPACING).overlaps(m) for m in markers):
                continue
            if not all(_unambiguous(n.box, moved[i].xy, pos.xy, a) for i, n in names.items()):
                continue
            if any(marker.overlaps(o) for o in obstacles):
                continue
            for box, align, cost in _name_candidates(pos.x, pos.y, a, w, h, pos.x >= 0):
                if not (bounds.x0 <= box.x0 and box.x1 <= bounds.x1):
                    continue
                if not (bounds.y0 <= box.y0 and box.y1 <= bounds.y1):
                    continue
                grown = inflate(box, 1.5)
                if grown.overlaps(inflate(marker, 2)):
                    continue
                if not all(_unambiguous(box, pos.xy, c, a) for c in centres):
                    continue
                if any(grown.overlaps(o) for o in obstacles):
                    continue
                if any(inflate(box, NAME_SPACING).overlaps(n.box) for n in names.values()):
                    continue
                centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
                if not span.contains(math.atan2(centre[1], centre[0])):
                    continue
                in_sector = in_cell = 0
                for i in range(5):
                    for j in range(3):
                        px = box.x0 + (box.x1 - box.x0) * i / 4
                        py = box.y0 + (box.y1 - box.y0) * j / 2
                        if span.contains(math.atan2(py, px)):
                            in_sector += 1
                            in_cell += r_in <= math.hypot(px, py) <= r_out
                blocking = sum(not _unambiguous(box, pos.xy, c, a) for c in waiting.values())
                score = (
                    4 * (1 - in_sector / 15)
                    + 1.5 * (1 - in_cell / 15)
                    + cost
                    + 2.0 * blocking
                    + 0.02 * shift
                )
                if best is None or score < best[0]:
                    best = (score, pos, box, align)
        if best is None:
            return None
        _, pos, box, align = best
        moved[slot.index] = pos
        markers.append(box_at(pos.x, pos.y, 2 * a, 2 * a))
        centres.append(pos.xy)
        names[slot.index] = Name(texts[slot.index], box, align)  # type: ignore[arg-type]
    return moved, names


def names_may_fit(data: ActorRingsData, geo: Geometry, measure: TextMeasurer) -> bool:
    """Quick necessary test: the names must cover well under a third of the circle."""
    area = 0.0
    for actor in data.actors:
        w, h = measure.size(wrap(actor.name, 16, break_long=False), chart_font(LABEL_PT))
        area += (w + 2 * LABEL_PAD + geo.pack.d) * (h + 2 * LABEL_PAD)
    return area <= 0.3 * math.pi * geo.R**2
