"""Marker packing: how many markers fit into a cell (one group in one ring), and where."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from bot.charts.actorrings.model import RING_KEYS, RingKey


@dataclass(frozen=True)
class Pack:
    """Marker size and clearances (pixels) used to fill the cells."""

    d: float  # marker diameter
    gap: float  # free space between two markers
    m_r: float  # marker edge to ring boundary (leaves room for the curved ring names)
    m_t: float  # marker edge to sector boundary
    comfort: float  # preferred spacing as a multiple of the tightest one

    @property
    def a(self) -> float:
        return self.d / 2

    @property
    def pitch(self) -> float:
        return self.d + self.gap


@dataclass(frozen=True)
class Packing:
    """The pack of every cell (group × ring); only cells holding numbers ≥ 100 get the
    larger three-digit markers, so one long map does not make every marker bigger."""

    base: Pack
    cells: tuple[tuple[Pack, Pack, Pack], ...] = ()

    def cell(self, group: int, key: RingKey) -> Pack:
        if group >= len(self.cells):
            return self.base
        return self.cells[group][RING_KEYS.index(key)]

    @property
    def d_max(self) -> float:
        return max([self.base.d] + [p.d for row in self.cells for p in row])


def row_edge(r: float, p: Pack) -> float | None:
    """Angle a marker centre on a row at radius ``r`` keeps from each sector boundary."""
    edge = p.a + p.m_t
    return None if r <= edge else math.asin(edge / r)


def _row_step(r: float, pitch: float) -> float:
    """Angle between neighbouring marker centres on a row at radius ``r``."""
    return math.inf if pitch >= 2 * r else 2 * math.asin(pitch / (2 * r))


def _max_rows(r_in: float, r_out: float, p: Pack) -> int:
    span = (r_out - p.m_r - p.a) - (r_in + p.m_r + p.a)
    return 0 if span < -1e-9 else int(span / p.pitch + 1e-9) + 1


def _spread(lo: float, hi: float, k: int, pitch: float) -> list[float]:
    """``k`` evenly spread positions in [lo, hi] that are at least ``pitch`` apart."""
    mid = (lo + hi) / 2
    if k == 1:
        return [mid]
    step = (hi - lo) / k
    if step < pitch - 1e-9:
        step = (hi - lo) / (k - 1)
    return [mid + step * (j - (k - 1) / 2) for j in range(k)]


def _row_capacity(r: float, width: float, p: Pack, comfort: float = 1.0) -> int:
    edge = row_edge(r, p)
    if edge is None or width - 2 * edge < -1e-9:
        return 0
    step = max(_row_step(r, p.pitch), _row_step(r, p.pitch * comfort))
    if math.isinf(step):
        return 1
    return int((width - 2 * edge) / step + 1e-9) + 1


@lru_cache(maxsize=1 << 16)
def cell_need(r_in: float, r_out: float, n: int, p: Pack) -> float:
    """Smallest sector angle whose cell between ``r_in`` and ``r_out`` holds ``n`` markers."""
    if n == 0:
        return 0.0
    best = math.inf
    for k in range(1, _max_rows(r_in, r_out, p) + 1):
        lo, hi = r_in + p.m_r + p.a, r_out - p.m_r - p.a
        starts: list[float] = []
        for r in _spread(lo, hi, k, p.pitch):
            edge = row_edge(r, p)
            if edge is None:
                continue
            step = _row_step(r, p.pitch)
            if math.isinf(step):
                starts.append(2 * edge)
            else:
                starts.extend(2 * edge + m * step for m in range(n))
        if len(starts) >= n:
            starts.sort()
            best = min(best, starts[n - 1])
    return best if best <= math.tau + 1e-9 else math.inf


def cell_slots(
    r_in: float, r_out: float, width: float, n: int, p: Pack
) -> list[tuple[float, float]]:
    """Marker centres (radius, clockwise angle from the sector start) for ``n`` actors.

    Uses the fewest rows that hold everyone comfortably (else tightly), shares the actors
    between rows in proportion to their length and spreads each row evenly.
    """
    if n == 0:
        return []
    lo, hi = r_in + p.m_r + p.a, r_out - p.m_r - p.a
    k_max = max(1, _max_rows(r_in, r_out, p))
    options = [_spread(lo, hi, k, p.pitch) for k in range(1, k_max + 1)]
    chosen = None
    for comfort in (p.comfort, 1.0):
        for radii in options:
            caps = [_row_capacity(r, width, p, comfort) for r in radii]
            if sum(caps) >= n:
                chosen = radii, [_row_capacity(r, width, p) for r in radii]
                break
        if chosen:
            break
    if chosen is None:  # does not fit: overfill the largest option (never expected)
        radii = options[-1]
        chosen = radii, [n] * len(radii)
    radii, caps = chosen
    lengths = []
    for r in radii:
        edge = row_edge(r, p)
        lengths.append(0.0 if edge is None else max(0.0, r * (width - 2 * edge)) + 1e-6)
    counts = [0] * len(radii)
    for _ in range(n):  # D'Hondt: proportional to row length, within each row's capacity
        open_rows = [j for j in range(len(radii)) if counts[j] < caps[j]]
        j = max(open_rows or range(len(radii)), key=lambda j: lengths[j] / (counts[j] + 1))
        counts[j] += 1
    slots = []
    for r, count in zip(radii, counts, strict=True):
        if count == 0:
            continue
        edge = row_edge(r, p) or 0.0
        usable = max(0.0, width - 2 * edge)
        step = _row_step(r, p.pitch)
        spacing = usable / count
        if count > 1 and spacing < step:
            spacing = usable / (count - 1)
        mid = width / 2
        slots.extend((r, mid + spacing * (i - (count - 1) / 2)) for i in range(count))
    return slots
