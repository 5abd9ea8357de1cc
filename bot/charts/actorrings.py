"""Akteursringe (AS1, Akteursmapping): actors on three concentric rings, one sector per group.

Everything is planned in pixels around the circle centre before anything is drawn:

1. Ring radii and sector angles are sized so every cell (one group in one ring) holds its actors
   in rows of evenly spaced markers; :func:`_cell_need` gives the smallest angle a cell needs.
2. The circle is as large as the group names around it allow; the sectors may be turned as a
   whole so no name has to sit at 3 or 9 o'clock (:func:`_geometry`).
3. Names go beside the markers if a real placement of every label succeeds; otherwise the
   markers carry numbers and a legend in columns below the circle lists "Nr. Name" per group.

The axes span the whole figure with one data unit per pixel, so planned boxes are figure boxes.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from matplotlib.colors import to_rgb
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Circle, FancyBboxPatch, PathPatch, Rectangle, Wedge
from matplotlib.transforms import Affine2D
from pydantic import BaseModel, ConfigDict, Field

from bot.charts.base import (
    BASE_FONT_PT,
    HATCHES,
    MARKERS,
    MIN_FONT_PT,
    MUTED_COLOUR,
    PALETTE,
    PX_PER_PT,
    TEXT_COLOUR,
    TITLE_FONT_PT,
    WIDTH_PX,
    Box,
    ChartResult,
    figure_to_png,
    text_box,
    tint,
    union,
)
from bot.charts.canvas import pixel_axes
from bot.charts.text import Font, TextMeasurer, draw_text

RingKey = Literal["kern", "erweitert", "peripher"]
RING_KEYS: tuple[RingKey, ...] = ("kern", "erweitert", "peripher")
RING_NAMES: dict[RingKey, str] = {
    "kern": "Schlüsselakteure",
    "erweitert": "Erweitertes Feld",
    "peripher": "Peripherie",
}
RING_MEANINGS: dict[RingKey, str] = {
    "kern": "direkter Einfluss auf Entwicklung und Umsetzung",
    "erweitert": "werden bei Bedarf eingebunden",
    "peripher": "punktuell beratend oder bei Beteiligungen dabei",
}
RING_PLACES: dict[RingKey, str] = {
    "kern": "innerer Ring",
    "erweitert": "mittlerer Ring",
    "peripher": "äußerer Ring",
}
OTHER_GROUP = "Sonstige"
_OTHER_COLOUR = "#4d4d4d"

_LINESPACING = 1.15
_MARGIN = 36.0  # left/right page margin for text blocks
_SIDE = 10.0  # closest any chart element may come to the left/right figure edge

_SUBTITLE_PT = 9.5
_SECTOR_PT = 9.5
_RING_PT = MIN_FONT_PT
_LABEL_PT = 9.0
_NUMBER_PT = MIN_FONT_PT
_LEGEND_PT = 9.0
_LEGEND_HEAD_PT = 9.5
_KEY_PT = MIN_FONT_PT
_CENTRE_PT = MIN_FONT_PT

_SWATCH = 20.0  # side of the group swatch next to sector names and legend headers
_SECTOR_PAD = 18.0  # gap between the rim and the sector names
_RIM_ARC = (3.0, 8.0)  # coloured arc just outside the rim: inner and outer offset from R
_MIN_SECTOR = math.radians(9)
_R_MIN = 200.0
_LABEL_PAD = 3.0  # padding of the white box behind a name beside a marker
_NAME_GAP = 4.0  # gap between a marker and its own name
_FOREIGN_GAP = 18.0  # a name keeps at least this far from every other marker
_MARKER_SPACING = 30.0  # free space between two markers in the names mode
_NAME_SPACING = 10.0  # free space between two names: more than to the own marker (proximity)


_LEGEND_GUTTER = 24.0
_TINT = {"kern": 0.36, "erweitert": 0.2, "peripher": 0.08}


# --------------------------------------------------------------------------- input model


class Actor(BaseModel):
    """One person or institution on the map."""

    model_config = ConfigDict(frozen=True)

    name: str
    group: str
    ring: RingKey


class ActorRingsData(BaseModel):
    """Input of the actor rings chart: the chosen groups (in order) and the named actors."""

    model_config = ConfigDict(frozen=True)

    municipality: str
    groups: list[str] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class RingBand:
    """A ring between two radii (pixels from the centre) and the boxes of its curved name."""

    key: RingKey
    name: str
    r_inner: float
    r_outer: float
    glyphs: tuple[Box, ...] = ()


@dataclass(frozen=True)
class SectorSpan:
    """One group's pie slice: counter-clockwise from ``theta_start`` to ``theta_end`` (radians).

    Sectors follow each other clockwise in the order of the groups, starting at or near
    12 o'clock, so angles may be negative.
    """

    group: str
    theta_start: float
    theta_end: float
    colour: str
    hatch: str

    def offset(self, theta: float) -> float:
        """``theta`` measured counter-clockwise from ``theta_start``, in [0, 2π)."""
        return (theta - self.theta_start) % math.tau

    def contains(self, theta: float) -> bool:
        """True if the direction ``theta`` lies inside the slice."""
        return self.offset(theta) <= self.theta_end - self.theta_start + 1e-9


@dataclass(frozen=True)
class ActorPlacement:
    """Where one actor ended up: polar position, figure position, marker and label boxes."""

    index: int  # position in ActorRingsData.actors
    number: int  # number on the marker and in the legend (legend mode)
    name: str
    group: str  # sector the actor sits in (``Sonstige`` for groups not chosen)
    ring: RingKey
    radius: float  # pixels from the circle centre
    theta: float  # radians, counter-clockwise from 3 o'clock
    x: float
    y: float
    marker: Box
    label: Box | None  # name beside the marker, or the legend entry in legend mode


@dataclass(frozen=True)
class ActorRingsResult(ChartResult):
    """The rendered chart plus its geometry, so tests can check every placement."""

    mode: Literal["labels", "legend", "empty"] = "empty"
    centre: tuple[float, float] = (0.0, 0.0)
    rings: tuple[RingBand, ...] = ()
    sectors: tuple[SectorSpan, ...] = ()
    placements: tuple[ActorPlacement, ...] = ()


# --------------------------------------------------------------------------- helpers


def _font(pt: float, bold: bool = False) -> Font:
    return Font(pt, "bold" if bold else "normal", linespacing=_LINESPACING)


def _advance(measure: TextMeasurer, text: str, pt: float, bold: bool = False) -> float:
    """Width of ``text`` including trailing spaces (measured between two bars)."""
    font = _font(pt, bold)
    return measure.size(f"|{text}|", font)[0] - measure.size("||", font)[0]


def _wrap_words(text: str, width: int) -> str:
    """Wrap at word boundaries (and hyphens); words longer than ``width`` stay whole."""
    words = " ".join(text.split())
    lines = textwrap.wrap(words, width=max(1, width), break_long_words=False) or [words]
    return "\n".join(lines)


def _wrap_px(
    text: str,
    max_px: float,
    pt: float,
    measure: TextMeasurer,
    bold: bool = False,
    compounds_only: bool = False,
) -> str:
    """Wrap ``text`` so that no line is wider than ``max_px``.

    Breaks at spaces and after hyphens; a word that is wider than a line on its own is split
    with a hyphen, never cut off. With ``compounds_only`` a word is only split in front of a
    known compound part and otherwise stays whole (and may be wider than ``max_px``).
    """
    tokens: list[tuple[str, bool]] = []  # (piece, preceded by a space)
    for word in text.split():
        pieces = re.split(r"(?<=-)(?=.)", word)
        tokens += [(piece, i == 0) for i, piece in enumerate(pieces)]

    def fits(line: str) -> bool:
        return measure.size(line, _font(pt, bold))[0] <= max_px

    lines: list[str] = []
    current = ""
    for piece, spaced in tokens:
        trial = current + (" " if spaced and current else "") + piece
        if current and not fits(trial):
            lines.append(current)
            trial = piece
        current = trial
        while not fits(current) and len(current) > 3:
            cut = _hyphen_cut(current, fits, compounds_only)
            if cut <= 0:
                break
            if current[:cut].endswith("-"):
                lines.append(current[:cut])
            else:
                lines.append(current[:cut] + "-")
            current = current[cut:]
    if current or not lines:
        lines.append(current)
    return "\n".join(lines)


#: Second parts of German compounds common in actor and group names: a long word is
#: preferably split in front of one of them ("Zivil-gesellschaft", "Verwaltungs-dienst…").
_STEM_WORDS = """
    akademie beauftragt beirat betrieb bibliothek dienst einrichtung forum gemeinde gemeinschaft
    genossenschaft gesellschaft hilfe initiative kammer kreis leistung management netzwerk
    organisation planung politik schule stelle stiftung technik unternehmen verband verbund
    verein versorgung verwaltung werk wirtschaft wissenschaft zentrum zweck
"""
_STEMS = tuple(_STEM_WORDS.split())


def _hyphen_cut(word: str, fits, compounds_only: bool = False) -> int:
    """Where to split a word that is too wide: before a compound part if possible (else 0
    with ``compounds_only``)."""
    lower = word.casefold()
    for cut in range(len(word) - 4, 3, -1):
        if lower.startswith(_STEMS, cut) and fits(word[:cut] + "-"):
            return cut
    if compounds_only:
        return 0
    cut = len(word) - 2
    while cut > 1 and not fits(word[:cut] + "-"):
        cut -= 1
    return cut


def _luminance(rgb: Iterable[float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _ink_on(colour: str) -> str:
    """Black or white text, whichever contrasts more with ``colour``."""
    lum = _luminance(to_rgb(colour))
    dark = _luminance(to_rgb(TEXT_COLOUR))
    on_white = 1.05 / (lum + 0.05)
    on_dark = (lum + 0.05) / (dark + 0.05)
    return "white" if on_white >= on_dark else TEXT_COLOUR


def _box_at(cx: float, cy: float, w: float, h: float) -> Box:
    return Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def _inflate(box: Box, by: float) -> Box:
    return Box(box.x0 - by, box.y0 - by, box.x1 + by, box.y1 + by)


def _shift(box: Box, dx: float, dy: float) -> Box:
    return Box(box.x0 + dx, box.y0 + dy, box.x1 + dx, box.y1 + dy)


def _lw(px: float) -> float:
    """Line width in points for a width in pixels."""
    return px / PX_PER_PT


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
    if _box_distance(box, *other) < a + _FOREIGN_GAP:
        return False
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    return math.hypot(cx - other[0], cy - other[1]) >= 1.5 * math.hypot(cx - own[0], cy - own[1])


# --------------------------------------------------------------------------- groups


@dataclass
class _Group:
    name: str
    colour: str
    hatch: str
    marker: str
    members: dict[RingKey, list[int]]

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.members.values())


def _collect_groups(data: ActorRingsData) -> list[_Group]:
    """Sectors in the given order (duplicates merged), plus ``Sonstige`` for unknown groups."""
    names: list[str] = []
    index: dict[str, int] = {}
    for raw in data.groups:
        name = " ".join(raw.split())
        if name and name.casefold() not in index:
            index[name.casefold()] = len(names)
            names.append(name)
    members: list[dict[RingKey, list[int]]] = [{k: [] for k in RING_KEYS} for _ in names]
    others: dict[RingKey, list[int]] = {k: [] for k in RING_KEYS}
    for i, actor in enumerate(data.actors):
        slot = index.get(" ".join(actor.group.split()).casefold())
        (others if slot is None else members[slot])[actor.ring].append(i)
    if any(others.values()):
        slot = index.get(OTHER_GROUP.casefold())
        if slot is None:
            names.append(OTHER_GROUP)
            members.append(others)
        else:
            for key in RING_KEYS:
                members[slot][key].extend(others[key])
    groups = []
    for i, (name, mem) in enumerate(zip(names, members, strict=True)):
        cycle, pos = divmod(i, len(PALETTE))
        groups.append(
            _Group(
                name=name,
                colour=PALETTE[pos],
                hatch=HATCHES[(pos + 3 * cycle) % len(HATCHES)],
                marker=MARKERS[(pos + 5 * cycle) % len(MARKERS)],
                members=mem,
            )
        )
    for group in groups:  # "Sonstige" is neutral: dark grey with a pattern nobody else uses
        if group.name.casefold() == OTHER_GROUP.casefold():
            others = [g for g in groups if g is not group]
            group.colour = _OTHER_COLOUR
            group.hatch = next(
                (h for h in (*HATCHES[1:], "|", "-") if h not in {g.hatch for g in others}), "|"
            )
            group.marker = next(
                (m for m in (*MARKERS, "h", "p") if m not in {g.marker for g in others}), "h"
            )
    return groups


# --------------------------------------------------------------------------- packing


@dataclass(frozen=True)
class _Pack:
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
class _Packing:
    """The pack of every cell (group × ring); only cells holding numbers ≥ 100 get the
    larger three-digit markers, so one long map does not make every marker bigger."""

    base: _Pack
    cells: tuple[tuple[_Pack, _Pack, _Pack], ...] = ()

    def cell(self, group: int, key: RingKey) -> _Pack:
        if group >= len(self.cells):
            return self.base
        return self.cells[group][RING_KEYS.index(key)]

    @property
    def d_max(self) -> float:
        return max([self.base.d] + [p.d for row in self.cells for p in row])


def _row_edge(r: float, p: _Pack) -> float | None:
    """Angle a marker centre on a row at radius ``r`` keeps from each sector boundary."""
    edge = p.a + p.m_t
    return None if r <= edge else math.asin(edge / r)


def _row_step(r: float, pitch: float) -> float:
    """Angle between neighbouring marker centres on a row at radius ``r``."""
    return math.inf if pitch >= 2 * r else 2 * math.asin(pitch / (2 * r))


def _max_rows(r_in: float, r_out: float, p: _Pack) -> int:
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


def _row_capacity(r: float, width: float, p: _Pack, comfort: float = 1.0) -> int:
    edge = _row_edge(r, p)
    if edge is None or width - 2 * edge < -1e-9:
        return 0
    step = max(_row_step(r, p.pitch), _row_step(r, p.pitch * comfort))
    if math.isinf(step):
        return 1
    return int((width - 2 * edge) / step + 1e-9) + 1


@lru_cache(maxsize=1 << 16)
def _cell_need(r_in: float, r_out: float, n: int, p: _Pack) -> float:
    """Smallest sector angle whose cell between ``r_in`` and ``r_out`` holds ``n`` markers."""
    if n == 0:
        return 0.0
    best = math.inf
    for k in range(1, _max_rows(r_in, r_out, p) + 1):
        lo, hi = r_in + p.m_r + p.a, r_out - p.m_r - p.a
        starts: list[float] = []
        for r in _spread(lo, hi, k, p.pitch):
            edge = _row_edge(r, p)
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


def _cell_slots(
    r_in: float, r_out: float, width: float, n: int, p: _Pack
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
        edge = _row_edge(r, p)
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
        edge = _row_edge(r, p) or 0.0
        usable = max(0.0, width - 2 * edge)
        step = _row_step(r, p.pitch)
        spacing = usable / count
        if count > 1 and spacing < step:
            spacing = usable / (count - 1)
        mid = width / 2
        slots.extend((r, mid + spacing * (i - (count - 1) / 2)) for i in range(count))
    return slots


# --------------------------------------------------------------------------- geometry


@dataclass
class _SectorLabel:
    text: str
    box: Box  # local coordinates (circle centre at 0, 0)
    angle: float


@dataclass
class _Geometry:
    packing: _Packing
    r0: float
    radii: tuple[float, float, float]  # outer radius of kern, erweitert, peripher
    sectors: list[SectorSpan]
    labels: list[_SectorLabel]

    @property
    def R(self) -> float:
        return self.radii[2]

    @property
    def pack(self) -> _Pack:
        return self.packing.base

    def band(self, key: RingKey) -> tuple[float, float]:
        i = RING_KEYS.index(key)
        return (self.r0 if i == 0 else self.radii[i - 1]), self.radii[i]


def _fit_bands(
    groups: list[_Group],
    R: float,
    r0: float,
    packing: _Packing,
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
                _cell_need(r0, r1, c[0], p[0]),
                _cell_need(r1, r2, c[1], p[1]),
                _cell_need(r2, R, c[2], p[2]),
                _MIN_SECTOR,
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
    groups: list[_Group], needs: list[float], start: float = math.pi / 2
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


def _sector_label_options(group: _Group, measure: TextMeasurer) -> list[tuple[str, float, float]]:
    """Wrapped variants of a group name with the size of swatch plus text."""
    texts = [_wrap_words(group.name, width) for width in (40, 18, 13, 10)]
    texts += [
        _wrap_px(group.name, px, _SECTOR_PT, measure, bold=True, compounds_only=True)
        for px in (170, 130, 100)
    ]
    options = []
    for text in dict.fromkeys(texts):
        if text.count("\n") > 2:
            continue
        w, h = measure.size(text, _font(_SECTOR_PT, True))
        options.append((text, _SWATCH + 7 + w, max(_SWATCH, h)))
    options.sort(key=lambda o: (o[0].count("-\n"), o[0].count("\n")))
    return options or [(group.name, _SWATCH + 7, _SWATCH)]


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
    return _box_at(t * math.cos(angle), t * math.sin(angle), w, h)


def _place_sector_labels(
    spans: list[SectorSpan], options: list[list[tuple[str, float, float]]], R: float
) -> list[_SectorLabel] | None:
    """Group names around the rim, near each sector's middle, inside the width, or None."""
    limit = WIDTH_PX / 2 - _SIDE
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
                box = _outside_box(angle, w, h, R + _SECTOR_PAD)
                if box.x0 < -limit or box.x1 > limit:
                    continue
                if any(box.overlaps(_inflate(o.box, 8)) for o in placed.values()):
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
    lo = _R_MIN
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


def _geometry(
    groups: list[_Group], p: _Packing, r0: float, r1_min: float, measure: TextMeasurer
) -> _Geometry | None:
    """Largest circle whose group names fit around it, with rings and sectors that hold all.

    The sectors may be turned as a whole (order stays clockwise) so that no group name has to
    sit at 3 or 9 o'clock, where it would cost the most width.
    """
    options = [_sector_label_options(g, measure) for g in groups]
    R = WIDTH_PX / 2 - _SIDE - _RIM_ARC[1]
    turns = [0.0] + [math.radians(sign * k) for k in range(8, 91, 8) for sign in (1, -1)]
    for _ in range(12):
        if R < _R_MIN:
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
            return _Geometry(p, r0, (r1, r2, R), spans, labels)
        R = r_fit  # a smaller circle: fit rings and sectors again
    return None


# --------------------------------------------------------------------------- ring names


@dataclass
class _Glyph:
    char: str
    x: float
    y: float
    rotation: float  # degrees
    box: Box  # local coordinates, from the font metrics (for planning)


def _ring_name_glyphs(text: str, radius: float, measure: TextMeasurer) -> list[_Glyph]:
    """The letters of ``text`` along the circle of ``radius``, centred at 12 o'clock."""
    em = _RING_PT * PX_PER_PT
    base_r = radius - 0.36 * em  # baseline, so the letters sit centred on the boundary line
    total = _advance(measure, text, _RING_PT, True)
    glyphs = []
    for i, char in enumerate(text):
        left = _advance(measure, text[:i], _RING_PT, True)
        right = _advance(measure, text[: i + 1], _RING_PT, True)
        phi = math.pi / 2 + total / (2 * base_r) - left / base_r
        x, y = base_r * math.cos(phi), base_r * math.sin(phi)
        rot = phi - math.pi / 2
        c, s = math.cos(rot), math.sin(rot)
        corners = [
            (x + u * c - v * s, y + u * s + v * c)
            for u in (0.0, right - left)
            for v in (-0.24 * em, 0.8 * em)
        ]
        if char.strip():
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            box = Box(min(xs), min(ys), max(xs), max(ys))
            glyphs.append(_Glyph(char, x, y, math.degrees(rot), box))
    return glyphs


def _halo_half() -> float:
    """Half the width of the white band behind a curved ring name."""
    return 0.62 * _RING_PT * PX_PER_PT + 2.5


# --------------------------------------------------------------------------- actors


@dataclass
class _Slot:
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


def _assign_slots(groups: list[_Group], geo: _Geometry) -> list[_Slot]:
    """Every actor's marker centre, in numbering order (clockwise sectors, inner ring first)."""
    slots = []
    for gi, (group, span) in enumerate(zip(groups, geo.sectors, strict=True)):
        width = span.theta_end - span.theta_start
        for key in RING_KEYS:
            members = group.members[key]
            r_in, r_out = geo.band(key)
            pack = geo.packing.cell(gi, key)
            cell = _cell_slots(r_in, r_out, width, len(members), pack)
            for index, (r, offset) in zip(members, cell, strict=True):
                slots.append(_Slot(index, gi, key, r, span.theta_end - offset))
    return slots


@dataclass
class _Name:
    text: str
    box: Box  # local coordinates, including the white padding
    align: Literal["left", "right", "center"]


def _name_candidates(
    x: float, y: float, a: float, w: float, h: float, prefer_right: bool
) -> list[tuple[Box, Literal["left", "right", "center"], float]]:
    """Boxes of size w × h touching the marker at (x, y), each with a small preference cost.

    Names beside the marker (on the outward side first) read best; above or below come next.
    """
    g = _NAME_GAP
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


def _place_names(
    slots: list[_Slot],
    data: ActorRingsData,
    geo: _Geometry,
    measure: TextMeasurer,
    bounds: Box,
    obstacles: list[Box],
) -> tuple[list[_Slot], dict[int, _Name]] | None:
    """Every actor's name beside its marker without any overlap, or None if that fails.

    Markers start at their evenly spread slots but may move within their own cell to a spot
    where the name fits; the result keeps the order (and so the numbering) of ``slots``.
    """
    order = sorted(slots, key=lambda s: (RING_KEYS.index(s.ring), s.r))  # crowded cells first
    for width in (16, 22):
        texts = {s.index: _wrap_words(_actor_name(data, s.index), width) for s in slots}
        got = _try_names(order, texts, geo, measure, bounds, obstacles)
        if got is not None:
            moved, names = got
            return [moved[s.index] for s in slots], names
    return None


def _cell_positions(slot: _Slot, geo: _Geometry, step: float = 9.0) -> list[_Slot]:
    """Possible marker centres inside the slot's own cell, nearest to the slot first."""
    p = geo.packing.cell(slot.group, slot.ring)
    span = geo.sectors[slot.group]
    r_in, r_out = geo.band(slot.ring)
    lo, hi = r_in + p.m_r + p.a, r_out - p.m_r - p.a
    count = max(0, int((hi - lo) / step))
    radii = [lo + i * (hi - lo) / count for i in range(count + 1)] if count else [(lo + hi) / 2]
    found = []
    for r in radii:
        edge = _row_edge(r, p)
        if edge is None:
            continue
        first, last = span.theta_start + edge, span.theta_end - edge
        if last < first:
            continue
        n = max(1, int((last - first) * r / step))
        for i in range(n + 1):
            theta = first + (last - first) * i / n
            found.append(_Slot(slot.index, slot.group, slot.ring, r, theta))
    found.sort(key=lambda s: math.hypot(s.x - slot.x, s.y - slot.y))
    return found


def _try_names(
    order: list[_Slot],
    texts: dict[int, str],
    geo: _Geometry,
    measure: TextMeasurer,
    bounds: Box,
    obstacles: list[Box],
) -> tuple[dict[int, _Slot], dict[int, _Name]] | None:
    """Greedy placement of marker and name, one actor after the other; None if one fails."""
    a = geo.pack.a
    waiting = {s.index: (s.x, s.y) for s in order}
    markers: list[Box] = []
    centres: list[tuple[float, float]] = []
    moved: dict[int, _Slot] = {}
    names: dict[int, _Name] = {}
    for slot in order:
        del waiting[slot.index]
        span = geo.sectors[slot.group]
        r_in, r_out = geo.band(slot.ring)
        tw, th = measure.size(texts[slot.index], _font(_LABEL_PT))
        w, h = tw + 2 * _LABEL_PAD, th + 2 * _LABEL_PAD
        best: tuple[float, _Slot, Box, str] | None = None
        for pos in _cell_positions(slot, geo)[:90]:
            shift = math.hypot(pos.x - slot.x, pos.y - slot.y)
            if best is not None and 0.02 * shift >= best[0]:
                break
            marker = _box_at(pos.x, pos.y, 2 * a, 2 * a)
            if any(_inflate(marker, _MARKER_SPACING).overlaps(m) for m in markers):
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
                grown = _inflate(box, 1.5)
                if grown.overlaps(_inflate(marker, 2)):
                    continue
                if not all(_unambiguous(box, pos.xy, c, a) for c in centres):
                    continue
                if any(grown.overlaps(o) for o in obstacles):
                    continue
                if any(_inflate(box, _NAME_SPACING).overlaps(n.box) for n in names.values()):
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
        markers.append(_box_at(pos.x, pos.y, 2 * a, 2 * a))
        centres.append(pos.xy)
        names[slot.index] = _Name(texts[slot.index], box, align)  # type: ignore[arg-type]
    return moved, names


def _actor_name(data: ActorRingsData, index: int) -> str:
    return " ".join(data.actors[index].name.split()) or "(ohne Namen)"


# --------------------------------------------------------------------------- legend


@dataclass
class _LegendRow:
    kind: Literal["head", "cont", "entry"]
    group: int
    text: str
    height: float
    slot: _Slot | None = None
    number: int = 0
    column: int = 0
    top: float = 0.0  # from the top of the legend block


@dataclass
class _Legend:
    columns: int
    column_width: float
    rows: list[_LegendRow] = field(default_factory=list)
    height: float = 0.0


_HEAD_GAP = 12.0  # extra space above a group heading that does not start a column
_ROW_GAP = 5.0


def _legend(
    groups: list[_Group],
    slots: list[_Slot],
    numbers: dict[int, int],
    data: ActorRingsData,
    packing: _Packing,
    measure: TextMeasurer,
) -> _Legend:
    """ "Nr. Name" rows grouped by sector, flowed into balanced columns that fit the width."""
    usable = WIDTH_PX - 2 * _MARGIN
    line_h = measure.size("Ag", _font(_LEGEND_PT))[1]
    d_max = packing.d_max
    best: _Legend | None = None
    for columns in (3, 2, 1):
        col_w = (usable - (columns - 1) * _LEGEND_GUTTER) / columns
        text_w = col_w - d_max - 8
        head_w = col_w - _SWATCH - 8
        if text_w < 150 and columns > 1:
            continue
        blocks = []
        for gi, group in enumerate(groups):
            entries = []
            for slot in slots:
                if slot.group != gi:
                    continue
                d = packing.cell(gi, slot.ring).d
                text = _wrap_px(_actor_name(data, slot.index), text_w, _LEGEND_PT, measure)
                th = measure.size(text, _font(_LEGEND_PT))[1]
                height = max(d, th + max(0.0, d - line_h)) + _ROW_GAP
                entries.append(_LegendRow("entry", gi, text, height, slot, numbers[slot.index]))
            if entries:
                heads = []
                for title in (group.name, f"{group.name} (Fortsetzung)"):
                    text = _wrap_px(title, head_w, _LEGEND_HEAD_PT, measure, bold=True)
                    th = measure.size(text, _font(_LEGEND_HEAD_PT, True))[1]
                    kind = "cont" if heads else "head"
                    heads.append(_LegendRow(kind, gi, text, max(_SWATCH, th) + 6))
                blocks.append((heads[0], heads[1], entries))
        legend = _flow(blocks, columns, col_w)
        if best is None or legend.height < best.height * 0.93:
            best = legend
    assert best is not None
    return best


def _flow(
    blocks: list[tuple[_LegendRow, _LegendRow, list[_LegendRow]]], columns: int, col_w: float
) -> _Legend:
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
    return _Legend(used, col_w, rows, tallest)


# --------------------------------------------------------------------------- page plan


@dataclass
class _Plan:
    mode: Literal["labels", "legend", "empty"]
    geo: _Geometry
    slots: list[_Slot]
    numbers: dict[int, int]
    names: dict[int, _Name]
    legend: _Legend | None
    ring_glyphs: dict[RingKey, list[_Glyph]]
    block: Box  # local extent of the circle with everything around it


def _badge_diameter(digits: int, measure: TextMeasurer) -> float:
    """A circle just large enough for a number with ``digits`` digits (at least two)."""
    w, _ = measure.size("8" * max(2, digits), _font(_NUMBER_PT, True))
    cap = 0.73 * _NUMBER_PT * PX_PER_PT
    return float(math.ceil(2 * math.hypot(w / 2 + 1.0, cap / 2 + 1.0)))


def _number_packing(
    groups: list[_Group], m_r: float, measure: TextMeasurer, gap: float, m_t: float
) -> _Packing:
    """Numbered markers; a cell gets the marker size of the longest number it will hold."""

    def pack(digits: int) -> _Pack:
        return _Pack(_badge_diameter(digits, measure), gap, m_r, m_t, comfort=1.3)

    cells, last = [], 0
    for group in groups:
        row = []
        for key in RING_KEYS:
            last += len(group.members[key])
            row.append(pack(len(str(last))))
        cells.append(tuple(row))
    return _Packing(pack(2), tuple(cells))


def _make_plan(data: ActorRingsData, groups: list[_Group], measure: TextMeasurer) -> _Plan:
    cw, ch = measure.size("Smart\nCity", _font(_CENTRE_PT, True))
    r0 = max(34.0, math.hypot(cw / 2, ch / 2) + 6)
    kern_len = _advance(measure, RING_NAMES["kern"], _RING_PT, True)
    r1_min = kern_len / math.radians(105) + 0.36 * _RING_PT * PX_PER_PT
    m_r = _halo_half() + 2
    count = len(data.actors)

    def finish(mode, geo, names=None, legend=None, slots=None) -> _Plan:
        slots = slots if slots is not None else _assign_slots(groups, geo)
        numbers = {s.index: i + 1 for i, s in enumerate(slots)}
        glyphs = {
            key: _ring_name_glyphs(RING_NAMES[key], geo.band(key)[1], measure) for key in RING_KEYS
        }
        parts = [_box_at(0, 0, 2 * geo.R + 2 * _RIM_ARC[1], 2 * geo.R + 2 * _RIM_ARC[1])]
        parts += [label.box for label in geo.labels]
        parts += [g.box for gl in glyphs.values() for g in gl]
        block = union(parts)
        if legend is None and mode == "legend":
            legend = _legend(groups, slots, numbers, data, geo.packing, measure)
        return _Plan(mode, geo, slots, numbers, names or {}, legend, glyphs, block)

    label_pack = _Packing(_Pack(d=20.0, gap=40.0, m_r=m_r, m_t=6.0, comfort=1.5))
    geo = _geometry(groups, label_pack, r0, r1_min, measure)
    if count == 0:
        geo = geo or _forced_geometry(groups, label_pack, r0, r1_min, measure)
        return finish("empty", geo)
    if geo is not None and _names_may_fit(data, geo, measure):
        slots = _assign_slots(groups, geo)
        probe = finish("labels", geo, slots=slots)
        obstacles = [_inflate(g.box, 4) for gl in probe.ring_glyphs.values() for g in gl]
        obstacles += [label.box for label in geo.labels]
        obstacles.append(_box_at(0, 0, 2 * r0, 2 * r0))
        bounds = Box(-WIDTH_PX / 2 + _SIDE, probe.block.y0, WIDTH_PX / 2 - _SIDE, probe.block.y1)
        got = _place_names(slots, data, geo, measure, bounds, obstacles)
        if got is not None:
            return finish("labels", geo, names=got[1], slots=got[0])
    for gap, m_t in ((6.0, 5.0), (4.0, 3.0), (2.0, 2.0)):
        packing = _number_packing(groups, m_r, measure, gap, m_t)
        geo = _geometry(groups, packing, r0, r1_min, measure)
        if geo is not None:
            return finish("legend", geo)
    packing = _number_packing(groups, m_r, measure, 2.0, 2.0)
    return finish("legend", _forced_geometry(groups, packing, r0, r1_min, measure))


def _names_may_fit(data: ActorRingsData, geo: _Geometry, measure: TextMeasurer) -> bool:
    """Quick necessary test: the names must cover well under a third of the circle."""
    area = 0.0
    for actor in data.actors:
        w, h = measure.size(_wrap_words(actor.name, 16), _font(_LABEL_PT))
        area += (w + 2 * _LABEL_PAD + geo.pack.d) * (h + 2 * _LABEL_PAD)
    return area <= 0.3 * math.pi * geo.R**2


def _forced_geometry(
    groups: list[_Group], p: _Packing, r0: float, r1_min: float, measure: TextMeasurer
) -> _Geometry:
    """Last resort for absurd inputs: equal bands, sectors by size; markers may overlap."""
    R = _R_MIN
    r1 = max(r1_min, r0 + (R - r0) / 3)
    r2 = max(r1 + 40, r0 + 2 * (R - r0) / 3)
    needs = [
        max(_MIN_SECTOR, math.tau * g.count / max(1, sum(x.count for x in groups))) for g in groups
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
    return _Geometry(p, r0, (r1, r2, R), spans, labels)


# --------------------------------------------------------------------------- drawing


def _marker_patch(shape: str, x: float, y: float, d: float, **style) -> PathPatch:
    """A matplotlib marker shape as a patch of diameter ``d`` pixels centred on (x, y)."""
    marker = MarkerStyle(shape)
    path = marker.get_path().transformed(marker.get_transform())
    ext = path.get_extents()
    scale = d / max(ext.width, ext.height)
    transform = (
        Affine2D()
        .translate(-(ext.x0 + ext.x1) / 2, -(ext.y0 + ext.y1) / 2)
        .scale(scale)
        .translate(x, y)
    )
    return PathPatch(path.transformed(transform), **style)


def _swatch(ax, x0: float, y0: float, group: _Group, with_marker: bool, zorder: float = 8):
    """A small square showing the group's tint, hatch (and marker shape)."""
    patch = Rectangle(
        (x0, y0),
        _SWATCH,
        _SWATCH,
        facecolor=tint(group.colour, _TINT["kern"]),
        edgecolor=group.colour,
        hatch=group.hatch or None,
        hatchcolor=tint(group.colour, 0.7),
        linewidth=_lw(1.5),
        zorder=zorder,
    )
    patch.set_hatch_linewidth(0.8)
    ax.add_patch(patch)
    artists = [patch]
    if with_marker:
        marker = _marker_patch(
            group.marker,
            x0 + _SWATCH / 2,
            y0 + _SWATCH / 2,
            12.0,
            facecolor=group.colour,
            edgecolor=TEXT_COLOUR,
            linewidth=_lw(0.8),
            zorder=zorder + 0.1,
        )
        ax.add_patch(marker)
    return artists


def _ring_icon(ax, cx: float, cy: float, key: RingKey) -> Box:
    """Three small concentric rings with ``key``'s ring filled: readable without colour."""
    radii = (6.5, 11.5, 16.0)
    inner = 0.0
    for ring, r in zip(RING_KEYS, radii, strict=True):
        colour = "#404040" if ring == key else "#d4d4d4"
        ax.add_patch(
            Wedge(
                (cx, cy),
                r,
                0,
                360,
                width=r - inner,
                facecolor=colour,
                edgecolor="white",
                linewidth=_lw(1.2),
                zorder=5,
            )
        )
        inner = r
    return _box_at(cx, cy, 30, 30)


def _count_phrase(actors: int, groups: int) -> str:
    who = "eine Akteurin oder ein Akteur" if actors == 1 else f"{actors} Akteurinnen und Akteure"
    where = "einer Gruppe" if groups == 1 else f"{groups} Gruppen"
    return f"{who} in {where}"


def _alt_text(data: ActorRingsData, groups: list[_Group], mode: str) -> str:
    """The whole content as German text: actors by ring, then by group."""
    place = " ".join(data.municipality.split())
    head = f"Akteursringe für {place}" if place else "Akteursringe"
    if not data.actors:
        lines = [f"{head}: Noch keine Einträge."]
    else:
        lines = [f"{head}: {_count_phrase(len(data.actors), len(groups))}."]
    if groups:
        names = ", ".join(g.name for g in groups)
        lines.append(f"Gruppen (Sektoren im Uhrzeigersinn): {names}.")
    for key in RING_KEYS:
        parts = []
        for group in groups:
            members = [_actor_name(data, i) for i in group.members[key]]
            if members:
                parts.append(f"{group.name}: {', '.join(members)}")
        body = "; ".join(parts) if parts else "keine Einträge"
        lines.append(f"{RING_NAMES[key]} ({RING_PLACES[key]}, {RING_MEANINGS[key]}) – {body}.")
    empty = [g.name for g in groups if g.count == 0]
    if empty and data.actors:
        lines.append(f"Noch ohne Einträge: {', '.join(empty)}.")
    if mode == "legend":
        lines.append("Im Bild tragen die Markierungen Nummern; die Legende nennt die Namen.")
    return "\n".join(lines)


def render_actor_rings(data: ActorRingsData) -> ActorRingsResult:
    """Render the actor rings chart (AS1 Akteursmapping) for a phone screen."""
    measure = TextMeasurer()
    groups = _collect_groups(data)
    plan = _make_plan(data, groups, measure)
    geo = plan.geo
    text_w = WIDTH_PX - 2 * _MARGIN
    place = " ".join(data.municipality.split())

    # ---- vertical plan (distances from the top edge)
    title = _wrap_px(
        f"Akteursringe – {place}" if place else "Akteursringe",
        text_w,
        TITLE_FONT_PT,
        measure,
        bold=True,
    )
    if data.actors:
        sub = f"Akteursmapping: {_count_phrase(len(data.actors), len(groups))}"
    else:
        sub = "Akteursmapping: noch keine Akteurinnen und Akteure erfasst"
    subtitle = _wrap_px(sub, text_w, _SUBTITLE_PT, measure)
    key_col = (text_w - 2 * 20) / 3
    key_text_w = key_col - 30 - 8
    key_items = []
    for key in RING_KEYS:
        name = _wrap_px(RING_NAMES[key], key_text_w, _KEY_PT, measure, bold=True)
        meaning = _wrap_px(
            f"{RING_PLACES[key]}: {RING_MEANINGS[key]}", key_text_w, _KEY_PT, measure
        )
        nh = measure.size(name, _font(_KEY_PT, True))[1]
        mh = measure.size(meaning, _font(_KEY_PT))[1]
        key_items.append((key, name, meaning, nh, nh + 2 + mh))
    key_h = max(30.0, *(item[4] for item in key_items))

    y = 26.0
    title_top = y
    y += measure.size(title, _font(TITLE_FONT_PT, True))[1] + 6
    subtitle_top = y
    y += measure.size(subtitle, _font(_SUBTITLE_PT))[1] + 14
    notice = (
        "Noch keine Einträge",
        _wrap_px(
            "Nennen Sie im Akteursmapping Personen oder Institutionen je Gruppe und ordnen Sie "
            "jede einem Ring zu; dann erscheinen sie hier.",
            text_w,
            _SUBTITLE_PT,
            measure,
        ),
    )
    if plan.mode == "empty":
        notice_top = y + 6
        y = notice_top + measure.size(notice[0], _font(12, True))[1] + 6
        y += measure.size(notice[1], _font(_SUBTITLE_PT))[1] + 20
    block_top = y
    y += plan.block.y1 - plan.block.y0 + 20
    key_top = y
    y += key_h
    legend_head = "Legende: Nummern im Kreis"
    if plan.legend is not None:
        y += 24
        legend_head_top = y
        y += measure.size(legend_head, _font(BASE_FONT_PT, True))[1] + 12
        legend_top = y
        y += plan.legend.height
    y += 24
    height = math.ceil(y)

    fig, ax = pixel_axes(height)
    cx, cy = WIDTH_PX / 2, height - block_top - plan.block.y1

    def top(distance: float) -> float:
        return height - distance

    texts: dict[str, object] = {}
    layout: dict[str, Box] = {}
    texts["title"] = draw_text(
        ax,
        _MARGIN,
        top(title_top),
        title,
        _font(TITLE_FONT_PT, True),
        ha="left",
        va="top",
        color=TEXT_COLOUR,
    )
    texts["subtitle"] = draw_text(
        ax,
        _MARGIN,
        top(subtitle_top),
        subtitle,
        _font(_SUBTITLE_PT),
        ha="left",
        va="top",
        color=MUTED_COLOUR,
    )

    _draw_circle(ax, plan, groups, cx, cy)
    ring_glyphs = _draw_ring_names(ax, plan, cx, cy, measure)

    # ---- group names around the rim
    line_h = measure.size("Ag", _font(_SECTOR_PT, True))[1]
    for group, label in zip(groups, geo.labels, strict=True):
        box = _shift(label.box, cx, cy)
        sw_top = box.y1 - max(0.0, (line_h - _SWATCH) / 2)
        swatch = _swatch(ax, box.x0, sw_top - _SWATCH, group, plan.mode == "labels")
        text = draw_text(
            ax,
            box.x0 + _SWATCH + 7,
            box.y1,
            label.text,
            _font(_SECTOR_PT, True),
            ha="left",
            va="top",
            color=TEXT_COLOUR,
            zorder=8,
        )
        texts[f"sector:{group.name}"] = (swatch[0], text)

    # ---- markers and names
    marker_boxes: dict[int, Box] = {}
    label_artists: dict[int, object] = {}
    for slot in plan.slots:
        group = groups[slot.group]
        x, y_ = cx + slot.x, cy + slot.y
        d = geo.packing.cell(slot.group, slot.ring).d
        marker_boxes[slot.index] = _box_at(x, y_, d, d)
        if plan.mode == "labels":
            ax.add_patch(
                _marker_patch(
                    group.marker,
                    x,
                    y_,
                    d,
                    facecolor=group.colour,
                    edgecolor=TEXT_COLOUR,
                    linewidth=_lw(1.0),
                    zorder=7,
                )
            )
            name = plan.names[slot.index]
            box = _shift(name.box, cx, cy)
            patch = FancyBboxPatch(
                (box.x0, box.y0),
                box.x1 - box.x0,
                box.y1 - box.y0,
                boxstyle="round,pad=0,rounding_size=4",
                facecolor="white",
                alpha=0.88,
                edgecolor="none",
                zorder=9,
            )
            ax.add_patch(patch)
            tx = {
                "left": box.x0 + _LABEL_PAD,
                "right": box.x1 - _LABEL_PAD,
                "center": (box.x0 + box.x1) / 2,
            }[name.align]
            draw_text(
                ax,
                tx,
                (box.y0 + box.y1) / 2,
                name.text,
                _font(_LABEL_PT),
                ha=name.align,
                va="center",
                multialignment=name.align,
                color=TEXT_COLOUR,
                zorder=10,
            )
            label_artists[slot.index] = patch
        else:
            _badge(ax, x, y_, d, group.colour, plan.numbers[slot.index], zorder=7)

    # ---- ring key
    key_left = _MARGIN
    for i, (key, name, meaning, nh, _) in enumerate(key_items):
        x0 = key_left + i * (key_col + 20)
        layout[f"key:{key}"] = _ring_icon(ax, x0 + 15, top(key_top) - 15, key)
        texts[f"key-name:{key}"] = draw_text(
            ax,
            x0 + 38,
            top(key_top),
            name,
            _font(_KEY_PT, True),
            ha="left",
            va="top",
            color=TEXT_COLOUR,
        )
        texts[f"key-text:{key}"] = draw_text(
            ax,
            x0 + 38,
            top(key_top + nh + 2),
            meaning,
            _font(_KEY_PT),
            ha="left",
            va="top",
            color=MUTED_COLOUR,
        )

    # ---- legend or notice
    legend_artists: dict[int, tuple[Box, object]] = {}
    if plan.legend is not None:
        texts["legend-title"] = draw_text(
            ax,
            _MARGIN,
            top(legend_head_top),
            legend_head,
            _font(BASE_FONT_PT, True),
            ha="left",
            va="top",
            color=TEXT_COLOUR,
        )
        d_max = geo.packing.d_max
        lh = measure.size("Ag", _font(_LEGEND_PT))[1]
        head_line = measure.size("Ag", _font(_LEGEND_HEAD_PT, True))[1]
        for row in plan.legend.rows:
            x0 = _MARGIN + row.column * (plan.legend.column_width + _LEGEND_GUTTER)
            row_top = top(legend_top + row.top)
            group = groups[row.group]
            if row.kind != "entry":
                sw = _swatch(ax, x0, row_top - (head_line + _SWATCH) / 2, group, False)
                text = draw_text(
                    ax,
                    x0 + _SWATCH + 8,
                    row_top,
                    row.text,
                    _font(_LEGEND_HEAD_PT, True),
                    ha="left",
                    va="top",
                    color=TEXT_COLOUR,
                )
                suffix = f":Fortsetzung{row.column}" if row.kind == "cont" else ""
                texts[f"legend-group:{group.name}{suffix}"] = (sw[0], text)
            else:
                assert row.slot is not None
                d = geo.packing.cell(row.slot.group, row.slot.ring).d
                band = max(d, lh)
                badge = _badge(
                    ax, x0 + d_max / 2, row_top - band / 2, d, group.colour, row.number, zorder=7
                )
                text = draw_text(
                    ax,
                    x0 + d_max + 8,
                    row_top - (band - lh) / 2,
                    row.text,
                    _font(_LEGEND_PT),
                    ha="left",
                    va="top",
                    color=TEXT_COLOUR,
                )
                legend_artists[row.slot.index] = (badge, text)
    elif plan.mode == "empty":
        texts["notice"] = draw_text(
            ax,
            _MARGIN,
            top(notice_top),
            notice[0],
            _font(12, True),
            ha="left",
            va="top",
            color=TEXT_COLOUR,
        )
        nh = measure.size(notice[0], _font(12, True))[1]
        texts["notice-hint"] = draw_text(
            ax,
            _MARGIN,
            top(notice_top + nh + 6),
            notice[1],
            _font(_SUBTITLE_PT),
            ha="left",
            va="top",
            color=MUTED_COLOUR,
        )

    png = figure_to_png(fig)

    # ---- measured layout
    for name, artist in texts.items():
        parts = artist if isinstance(artist, tuple) else (artist,)
        layout[name] = union([text_box(fig, part) for part in parts])
    centre_box = _box_at(cx, cy, 2 * geo.r0, 2 * geo.r0)
    layout["centre"] = centre_box
    rings = []
    for key in RING_KEYS:
        r_in, r_out = geo.band(key)
        glyph_boxes = tuple(text_box(fig, artist) for artist in ring_glyphs[key])
        layout[f"ring:{RING_NAMES[key]}"] = union(glyph_boxes)
        rings.append(RingBand(key, RING_NAMES[key], r_in, r_out, glyph_boxes))
    placements = []
    for slot in sorted(plan.slots, key=lambda s: plan.numbers[s.index]):
        number = plan.numbers[slot.index]
        name = _actor_name(data, slot.index)
        marker = marker_boxes[slot.index]
        layout[f"marker:{number}:{name}"] = marker
        label: Box | None = None
        if slot.index in label_artists:
            label = text_box(fig, label_artists[slot.index])
            layout[f"label:{number}:{name}"] = label
        elif slot.index in legend_artists:
            badge, text = legend_artists[slot.index]
            label = union([badge, text_box(fig, text)])
            layout[f"legend:{number}:{name}"] = label
        placements.append(
            ActorPlacement(
                index=slot.index,
                number=number,
                name=name,
                group=groups[slot.group].name,
                ring=slot.ring,
                radius=slot.r,
                theta=slot.theta,
                x=cx + slot.x,
                y=cy + slot.y,
                marker=marker,
                label=label,
            )
        )
    return ActorRingsResult(
        png=png,
        alt_text=_alt_text(data, groups, plan.mode),
        width_px=WIDTH_PX,
        height_px=height,
        layout=layout,
        mode=plan.mode,
        centre=(cx, cy),
        rings=tuple(rings),
        sectors=tuple(geo.sectors),
        placements=tuple(placements),
    )


def _badge(ax, x: float, y: float, d: float, colour: str, number: int, zorder: float) -> Box:
    """A numbered circle in the group colour."""
    ax.add_patch(
        Circle(
            (x, y), d / 2, facecolor=colour, edgecolor="white", linewidth=_lw(1.5), zorder=zorder
        )
    )
    draw_text(
        ax,
        x,
        y - 0.365 * _NUMBER_PT * PX_PER_PT,  # digits are 0.73 em tall: centre them optically
        str(number),
        _font(_NUMBER_PT, True),
        ha="center",
        va="baseline",
        color=_ink_on(colour),
        zorder=zorder + 0.5,
    )
    return _box_at(x, y, d, d)


def _draw_circle(ax, plan: _Plan, groups: list[_Group], cx: float, cy: float) -> None:
    """Tinted, hatched cells; ring and sector boundaries; coloured rim; the centre."""
    geo = plan.geo
    centre = (cx, cy)
    cells = [(g, s) for g, s in zip(groups, geo.sectors, strict=True)]
    for key in RING_KEYS:
        r_in, r_out = geo.band(key)
        if not cells:
            ax.add_patch(
                Wedge(
                    centre,
                    r_out,
                    0,
                    360,
                    width=r_out - r_in,
                    facecolor=tint("#8c8c8c", _TINT[key]),
                    linewidth=0,
                    zorder=1,
                )
            )
        for group, span in cells:
            patch = Wedge(
                centre,
                r_out,
                math.degrees(span.theta_start),
                math.degrees(span.theta_end),
                width=r_out - r_in,
                facecolor=tint(group.colour, _TINT[key]),
                edgecolor="none",
                hatch=group.hatch or None,
                hatchcolor=tint(group.colour, 0.45),
                linewidth=0,
                zorder=1,
            )
            patch.set_hatch_linewidth(0.7)
            ax.add_patch(patch)
    for r in (geo.r0, geo.radii[0], geo.radii[1]):
        ax.add_patch(
            Circle(centre, r, fill=False, edgecolor="#8a8a8a", linewidth=_lw(1.2), zorder=2.5)
        )
    ax.add_patch(
        Circle(centre, geo.R, fill=False, edgecolor="#6a6a6a", linewidth=_lw(1.6), zorder=2.5)
    )
    if len(cells) > 1:
        for span in geo.sectors:
            c, s = math.cos(span.theta_end), math.sin(span.theta_end)
            ax.plot(
                [cx + geo.r0 * c, cx + geo.R * c],
                [cy + geo.r0 * s, cy + geo.R * s],
                color="white",
                linewidth=_lw(3.0),
                solid_capstyle="butt",
                zorder=2,
            )
    for group, span in cells:
        inset = math.degrees(2.0 / geo.R)
        ax.add_patch(
            Wedge(
                centre,
                geo.R + _RIM_ARC[1],
                math.degrees(span.theta_start) + inset,
                math.degrees(span.theta_end) - inset,
                width=_RIM_ARC[1] - _RIM_ARC[0],
                facecolor=group.colour,
                linewidth=0,
                zorder=3,
            )
        )
    ax.add_patch(
        Circle(
            centre, geo.r0, facecolor="white", edgecolor="#8a8a8a", linewidth=_lw(1.2), zorder=4
        )
    )
    draw_text(
        ax,
        cx,
        cy,
        "Smart\nCity",
        _font(_CENTRE_PT, True),
        ha="center",
        va="center",
        multialignment="center",
        color=MUTED_COLOUR,
        zorder=4.5,
    )


def _draw_ring_names(ax, plan: _Plan, cx: float, cy: float, measure: TextMeasurer) -> dict:
    """Ring names along the top of each ring boundary, on a white band."""
    artists: dict[RingKey, list] = {}
    half = _halo_half()
    em = _RING_PT * PX_PER_PT
    for key in RING_KEYS:
        radius = plan.geo.band(key)[1]
        base_r = radius - 0.36 * em
        total = _advance(measure, RING_NAMES[key], _RING_PT, True)
        spread = math.degrees(total / (2 * base_r) + 5 / base_r)
        ax.add_patch(
            Wedge(
                (cx, cy),
                radius + half,
                90 - spread,
                90 + spread,
                width=2 * half,
                facecolor="white",
                linewidth=0,
                zorder=5,
            )
        )
        artists[key] = [
            draw_text(
                ax,
                cx + g.x,
                cy + g.y,
                g.char,
                _font(_RING_PT, True),
                rotation=g.rotation,
                rotation_mode="anchor",
                ha="left",
                va="baseline",
                color="#333333",
                zorder=6,
            )
            for g in plan.ring_glyphs[key]
        ]
    return artists
