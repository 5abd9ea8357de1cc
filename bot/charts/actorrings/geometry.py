"""Ring radii, sector angles and the group names around the rim."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from bot.charts.actorrings.groups import Group
from bot.charts.actorrings.model import RING_KEYS, RingKey, SectorSpan
from bot.charts.actorrings.packing import Pack, Packing, cell_need
from bot.charts.actorrings.style import (
    MIN_SECTOR,
    R_MIN,
    RIM_ARC,
    SECTOR_PAD,
    SECTOR_PT,
    SIDE,
    SWATCH,
    box_at,
    chart_font,
    inflate,
)
from bot.charts.actorrings.wrapping import wrap_px
from bot.charts.base import WIDTH_PX, Box, wrap
from bot.charts.text import TextMeasurer


@dataclass
class _SectorLabel:
    text: str
    box: Box  # local coordinates (circle centre at 0, 0)
    angle: float


@dataclass
class Geometry:
    packing: Packing
    r0: float
    radii: tuple[float, float, float]  # outer radius of kern, erweitert, peripher
    sectors: list[SectorSpan]
    labels: list[_SectorLabel]

    @property
    def R(self) -> float:
        return self.radii[2]

    @property
    def pack(self) -> Pack:
        return self.packing.base

    def band(self, key: RingKey) -> tuple[float, float]:
        i = RING_KEYS.index(key)
        return (self.r0 if i == 0 else self.radii[i - 1]), self.radii[i]


def _fit_bands(
    groups: list[Group],
    R: float,
    r0: float,
    packing: Packing,
    r1_min: float,
) -> tuple[float, float, list[float]] | None:
    """Ring radii close to equal bands and each sector's minimum angle, or None if too full."""
    counts = [tuple(len(g.members[k]) for k in RING_KEYS) for g in groups] or [(0, 0, 0)]
    packs = [[packing.cell(gi, k) for k in RING_KEYS] for gi in range(len(counts))]
    band_min = max(packing.d_max + 2 * packing.base.m_r + 2, 40.0)
    span = R - r0
    r1_def = max(r1_min, r0 + span / 3)
    r2_def = max(r1_def + band_min, r0 + 2 * span / 3)

    def needs(r1: float, r2: float) -> list[float] | None:
        out, total = [], 0.0
        for c, p in zip(counts, packs, strict=True):
            need = max(
                cell_need(r0, r1, c[0], p[0]),
                cell_need(r1, r2, c[1], p[1]),
                cell_need(r2, R, c[2], p[2]),
                MIN_SECTOR,
            )
            total += need
            if total > math.tau:
                return None
            out.append(need)
        return out

    def score(r1: float, r2: float, got: list[float]) -> float:
        fill = sum(got) / math.tau
        return (abs(r1 - r1_def) + abs(r2 - r2_def)) / R + 4 * max(0.0, fill - 0.75)

    best: tuple[float, float, float, list[float]] | None = None
    got = needs(r1_def, r2_def)
    if got is not None:
        best = (score(r1_def, r2_def, got), r1_def, r2_def, got)
        if sum(got) <= 0.75 * math.tau:
            return r1_def, r2_def, got

    def scan(r1_values: Iterable[float], r2_lo_hi: tuple[float, float] | None, step: float):
        nonlocal best
        for r1 in r1_values:
            lo = r1 + band_min
            hi = R - band_min
            if r2_lo_hi is not None:
                lo, hi = max(lo, r2_lo_hi[0]), min(hi, r2_lo_hi[1])
            r2 = lo
            while r2 <= hi + 1e-9:
                got = needs(round(r1), round(r2))
                if got is not None:
                    s = score(round(r1), round(r2), got)
                    if best is None or s < best[0]:
                        best = (s, round(r1), round(r2), got)
                r2 += step

    def frange(lo: float, hi: float, step: float) -> list[float]:
        count = int((hi - lo) / step + 1e-9)
        return [lo + i * step for i in range(count + 1)] if hi >= lo else []

    r1_lo, r1_hi = max(r0 + band_min, r1_min), R - 2 * band_min
    scan(frange(r1_lo, r1_hi, 12.0), None, 12.0)
    if best is None:
        return None
    _, b1, b2, _ = best
    scan(frange(max(r1_lo, b1 - 10), min(r1_hi, b1 + 10), 3.0), (b2 - 10, b2 + 10), 3.0)
    _, b1, b2, got = best
    return b1, b2, got


def _sector_spans(
    groups: list[Group], needs: list[float], start: float = math.pi / 2
) -> list[SectorSpan]:
    """Angles by water-filling: near-equal slices, larger groups a bit larger, needs met.

    The first sector begins at ``start`` (12 o'clock unless rotated); the others follow it
    clockwise.
    """
    if not groups:
        return []
    mean = max(1.0, sum(g.count for g in groups) / len(groups))
    targets = [0.45 if g.count == 0 else 0.75 + 0.25 * g.count / mean for g in groups]

    def total(lam: float) -> float:
        return sum(max(n, lam * t) for n, t in zip(needs, targets, strict=True))

    lo, hi = 0.0, math.tau / min(targets)
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if total(mid) < math.tau else (lo, mid)
    widths = [max(n, hi * t) for n, t in zip(needs, targets, strict=True)]
    scale = math.tau / sum(widths)
    spans, end = [], start
    for g, w in zip(groups, widths, strict=True):
        spans.append(SectorSpan(g.name, end - w * scale, end, g.colour, g.hatch))
        end -= w * scale
    return spans


def _sector_label_options(group: Group, measure: TextMeasurer) -> list[tuple[str, float, float]]:
    """Wrapped variants of a group name with the size of swatch plus text."""
    texts = [wrap(group.name, width, break_long=False) for width in (40, 18, 13, 10)]
    texts += [
        wrap_px(group.name, px, SECTOR_PT, measure, bold=True, compounds_only=True)
        for px in (170, 130, 100)
    ]
    options = []
    for text in dict.fromkeys(texts):
        if text.count("\n") > 2:
            continue
        w, h = measure.size(text, chart_font(SECTOR_PT, True))
        options.append((text, SWATCH + 7 + w, max(SWATCH, h)))
    options.sort(key=lambda o: (o[0].count("-\n"), o[0].count("\n")))
    return options or [(group.name, SWATCH + 7, SWATCH)]


def _outside_box(angle: float, w: float, h: float, radius: float) -> Box:
    """The box of size w × h on the ray at ``angle`` whose nearest point is ``radius`` away."""
    ux, uy = abs(math.cos(angle)), abs(math.sin(angle))
    hw, hh = w / 2, h / 2
    t = math.inf
    if ux > 1e-9 and (radius + hw) / ux * uy <= hh:
        t = (radius + hw) / ux  # only the side faces the circle
    elif uy > 1e-9 and (radius + hh) / uy * ux <= hw:
        t = (radius + hh) / uy  # only the top or bottom faces it
    else:  # the corner faces it: (t·ux − hw)² + (t·uy − hh)² = radius²
        b = ux * hw + uy * hh
        c = hw * hw + hh * hh - radius * radius
        t = b + math.sqrt(max(0.0, b * b - c))
    return box_at(t * math.cos(angle), t * math.sin(angle), w, h)


def _place_sector_labels(
    spans: list[SectorSpan], options: list[list[tuple[str, float, float]]], R: float
) -> list[_SectorLabel] | None:
    """Group names around the rim, near each sector's middle, inside the width, or None."""
    limit = WIDTH_PX / 2 - SIDE
    placed: dict[int, _SectorLabel] = {}
    order = sorted(range(len(spans)), key=lambda i: spans[i].theta_end - spans[i].theta_start)
    for i in order:
        span = spans[i]
        width = span.theta_end - span.theta_start
        mid = (span.theta_start + span.theta_end) / 2
        if len(spans) == 1:  # a full circle: the name sits beside the top
            angles = [math.radians(a) for a in (60, 120, 45, 135, 30, 150)]
        else:
            reach = max(0.0, min(width / 2 - math.radians(2), 0.3 * width))
            steps = int(reach / math.radians(2.5))
            angles = [mid]
            for k in range(1, steps + 1):
                angles += [mid + k * math.radians(2.5), mid - k * math.radians(2.5)]
        found = None
        for angle in angles:
            for text, w, h in options[i]:
                box = _outside_box(angle, w, h, R + SECTOR_PAD)
                if box.x0 < -limit or box.x1 > limit:
                    continue
                if any(box.overlaps(inflate(o.box, 8)) for o in placed.values()):
                    continue
                found = _SectorLabel(text, box, angle)
                break
            if found:
                break
        if found is None:
            return None
        placed[i] = found
    return [placed[i] for i in range(len(spans))]


def _largest_label_radius(
    spans: list[SectorSpan], options: list[list[tuple[str, float, float]]], R: float
) -> tuple[float, list[_SectorLabel]] | None:
    """The largest radius up to ``R`` (within 2 px) whose group names fit around it."""
    labels = _place_sector_labels(spans, options, R)
    if labels is not None:
        return R, labels
    lo = R_MIN
    low_labels = _place_sector_labels(spans, options, lo)
    if low_labels is None:
        return None
    hi = R
    while hi - lo > 2:
        mid = (lo + hi) / 2
        got = _place_sector_labels(spans, options, mid)
        if got is None:
            hi = mid
        else:
            lo, low_labels = mid, got
    return math.floor(lo), _place_sector_labels(spans, options, math.floor(lo)) or low_labels


def fit_geometry(
    groups: list[Group], p: Packing, r0: float, r1_min: float, measure: TextMeasurer
) -> Geometry | None:
    """Largest circle whose group names fit around it, with rings and sectors that hold all.

    The sectors may be turned as a whole (order stays clockwise) so that no group name has to
    sit at 3 or 9 o'clock, where it would cost the most width.
    """
    options = [_sector_label_options(g, measure) for g in groups]
    R = WIDTH_PX / 2 - SIDE - RIM_ARC[1]
    turns = [0.0] + [math.radians(sign * k) for k in range(8, 91, 8) for sign in (1, -1)]
    for _ in range(12):
        if R < R_MIN:
            return None
        bands = _fit_bands(groups, R, r0, p, r1_min)
        if bands is None:
            return None
        r1, r2, needs = bands
        # value of a turn: the radius it allows, less a little for names away from the middle
        best: tuple[float, float, list[SectorSpan], list[_SectorLabel]] | None = None
        for turn in turns if len(groups) > 1 else [0.0]:
            spans = _sector_spans(groups, needs, math.pi / 2 + turn)
            got = _largest_label_radius(spans, options, R)
            if got is None:
                continue
            off = sum(
                abs(label.angle - (span.theta_start + span.theta_end) / 2)
                for label, span in zip(got[1], spans, strict=True)
            )
            value = got[0] - 60 * off / max(1, len(spans)) - 0.1 * abs(math.degrees(turn))
            if best is None or value > best[0]:
                best = (value, got[0], spans, got[1])
            if off == 0 and got[0] >= R:
                break
        if best is None:
            return None
        _, r_fit, spans, labels = best
        if r_fit >= R - 1e-6:
            return Geometry(p, r0, (r1, r2, R), spans, labels)
        R = r_fit  # a smaller circle: fit rings and sectors again
    return None


def forced_geometry(
    groups: list[Group], p: Packing, r0: float, r1_min: float, measure: TextMeasurer
) -> Geometry:
    """Last resort for absurd inputs: equal bands, sectors by size; markers may overlap."""
    R = R_MIN
    r1 = max(r1_min, r0 + (R - r0) / 3)
    r2 = max(r1 + 40, r0 + 2 * (R - r0) / 3)
    needs = [
        max(MIN_SECTOR, math.tau * g.count / max(1, sum(x.count for x in groups))) for g in groups
    ]
    scale = min(1.0, math.tau / sum(needs)) if needs else 1.0
    spans = _sector_spans(groups, [n * scale * 0.999 for n in needs])
    options = [_sector_label_options(g, measure) for g in groups]
    labels = _place_sector_labels(spans, options, R)
    if labels is None:
        labels = [
            _SectorLabel(opts[-1][0], _outside_box(ang, opts[-1][1], opts[-1][2], R + 18), ang)
            for opts, ang in zip(
                options, [(s.theta_start + s.theta_end) / 2 for s in spans], strict=True
            )
        ]
    return Geometry(p, r0, (r1, r2, R), spans, labels)
