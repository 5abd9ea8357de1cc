"""Roadmap (AS7.4): green projects on a multi-year plan, one swimlane per field of action.

Every field of action gets a full-width lane (its name as a header strip, so bars get the whole
phone width). Projects are bars from the first day of their start month to the last day of their
end month; the title sits inside the bar when it fits, otherwise above it, wrapped. Milestones
are diamonds hanging from the bar's lower edge with a short label beside them. Blocks that would
collide are moved to extra sub-rows of the lane. Dependency arrows run from the end of the
prerequisite to the start of the dependent project. Behind everything: year grid, the
kurz-/mittel-/langfristig bands (0–2, 2–5, 5+ years from ``start_year``) and a "heute" line
through the lanes (never through the band or lane titles).

Contradictions found by the step's result are shown, not hidden: ``warnings`` stand in a block
under the legend, a milestone outside its project's time is drawn in the warning colour with
„⚠“, and a dependency whose arrow runs backwards in time (``backward``) is dashed in that colour.

Layout keys: ``bar:<key>``, ``label:<key>``, ``milestone:<key>:<i>`` (the diamond),
``milestone-label:<key>:<i>``, ``lane:<field>`` (the lane incl. its header),
``lane-title:<field>``, ``year:<yyyy>``, ``band:<kurz|mittel|lang>``, ``heute`` (its label),
``heute-line:<field>`` (the line's part in a lane), ``warnings``, ``axis`` (the time axis: x0/x1
are the first day of the first and the end of the last year shown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from matplotlib.artist import Artist
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from pydantic import BaseModel, ConfigDict, Field

from bot.charts.base import (
    FONT_FAMILY,
    MIN_FONT_PT,
    MUTED_COLOUR,
    PALETTE,
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
from dialogs.replies import count

_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class Milestone(BaseModel):
    """A milestone of a project; ``month`` is ``YYYY-MM``; ``outside``: it lies outside the
    project's time (drawn as a warning)."""

    model_config = ConfigDict(frozen=True)

    title: str
    month: str = Field(pattern=_MONTH)
    outside: bool = False


class RoadmapProject(BaseModel):
    """A project on the roadmap; ``start``/``end`` are ``YYYY-MM`` (both months included).
    ``backward``: keys in ``depends_on`` that end only after this project starts."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    field: str
    start: str = Field(pattern=_MONTH)
    end: str = Field(pattern=_MONTH)
    milestones: list[Milestone] = Field(default_factory=list)
    depends_on: list[str] = Field(default_factory=list)
    backward: list[str] = Field(default_factory=list)


class RoadmapData(BaseModel):
    """Input of :func:`render_roadmap`; ``today`` is ``YYYY-MM`` or ``YYYY-MM-DD``."""

    model_config = ConfigDict(frozen=True)

    title: str = "Roadmap"
    start_year: int
    end_year: int
    fields: list[str] = Field(default_factory=list)
    projects: list[RoadmapProject] = Field(default_factory=list)
    today: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")
    warnings: list[str] = Field(default_factory=list)


# --- look -----------------------------------------------------------------------------------

_MARGIN = 28.0
_PLOT_X0 = _MARGIN
_PLOT_X1 = WIDTH_PX - _MARGIN
_LINESPACING = 1.25
_font = partial(Font, linespacing=_LINESPACING)

_BAR_H = 30.0
_DIAMOND = 8.0  # half diagonal of a milestone diamond
_GAP_X = 14.0  # minimum horizontal gap between blocks in one sub-row
_ROW_GAP = 16.0
_LANE_PAD = 12.0
_LABEL_MIN_W = 300.0
_MS_LABEL_W = 200.0

_LABEL_PT = 9.5
_MS_PT = MIN_FONT_PT
_AXIS_PT = 9.5
_LANE_PT = 10.5

_PAGE_BG = "white"
_LANE_HEAD_BG = "#eceff3"
_GRID = "#d5d9df"
_TODAY = "#D55E00"
_WARN = "#B3261E"  # contradictions: text, milestone diamonds, backward arrows
_ARROW = "#3d4450"
#: Lane colours: the palette without yellow and grey (those are too pale for bar outlines).
_LANE_COLOURS = tuple(c for c in PALETTE if c not in ("#F0E442", "#999999"))
#: Horizon bands: key, name, short name, years from start (from, to), tint.
_BANDS = (
    ("kurz", "kurzfristig", "kurz", 0, 2, "#e6f1fa"),
    ("mittel", "mittelfristig", "mittel", 2, 5, "#fcf1de"),
    ("lang", "langfristig", "lang", 5, None, "#efe8f5"),
)
_BAND_RANGE = {"kurz": "0–2 Jahre", "mittel": "2–5 Jahre", "lang": "ab 5 Jahren"}
_MONTH_NAMES = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


# --- time axis ------------------------------------------------------------------------------


def _month(value: str) -> int:
    """Months since year 0 for ``YYYY-MM`` (a day part is ignored)."""
    year, month = value[:7].split("-")
    return int(year) * 12 + int(month) - 1


def _month_name(value: str) -> str:
    m = _month(value)
    return f"{_MONTH_NAMES[m % 12]} {m // 12}"


@dataclass(frozen=True)
class _Axis:
    first_year: int
    last_year: int

    @property
    def months(self) -> int:
        return (self.last_year - self.first_year + 1) * 12

    def x(self, month_index: float) -> float:
        """Figure x of the *start* of a month index (may be fractional)."""
        rel = month_index - self.first_year * 12
        return _PLOT_X0 + rel * (_PLOT_X1 - _PLOT_X0) / self.months

    @property
    def month_px(self) -> float:
        return (_PLOT_X1 - _PLOT_X0) / self.months


def _axis(data: RoadmapData) -> _Axis:
    years = [data.start_year, data.end_year]
    for p in data.projects:
        years += [_month(p.start) // 12, _month(p.end) // 12]
        years += [_month(ms.month) // 12 for ms in p.milestones]
    return _Axis(min(years), max(years))


# --- planning -------------------------------------------------------------------------------


@dataclass
class _MsLabel:
    index: int
    title: str
    x: float  # diamond centre
    text: str
    w: float
    h: float
    outside: bool = False  # outside the project's time: drawn as a warning
    left: bool = False  # label to the left of the diamond
    level: int = 0

    @property
    def text_x(self) -> float:
        """Anchor of the label: just right of the diamond's axis, or left of it (``left``)."""
        return self.x - 3 if self.left else self.x + 3

    @property
    def x0(self) -> float:
        return min(self.x - _DIAMOND, self.text_x - self.w) if self.left else self.x - _DIAMOND

    @property
    def x1(self) -> float:
        return self.x + _DIAMOND if self.left else max(self.x + _DIAMOND, self.text_x + self.w)


@dataclass
class _Block:
    project: RoadmapProject
    colour: str
    bar_x0: float
    bar_x1: float
    label: str
    label_w: float
    label_h: float
    inside: bool
    label_x: float
    milestones: list[_MsLabel]
    level_h: list[float]
    bar_top: float = 0.0  # distances from the figure top, set when drawing
    row_top: float = 0.0
    row_bottom: float = 0.0

    @property
    def above(self) -> float:
        return 0.0 if self.inside else self.label_h + 5

    @property
    def below(self) -> float:
        if not self.milestones:
            return 0.0
        return _DIAMOND + 3 + sum(self.level_h) + 3 * (len(self.level_h) - 1)

    @property
    def x0(self) -> float:
        xs = [self.bar_x0, self.label_x] + [m.x0 for m in self.milestones]
        return min(xs)

    @property
    def x1(self) -> float:
        xs = [self.bar_x1, self.label_x + (0 if self.inside else self.label_w)]
        return max(xs + [m.x1 for m in self.milestones])


@dataclass
class _Lane:
    name: str
    colour: str
    header: str
    header_h: float
    rows: list[list[_Block]] = field(default_factory=list)
    top: float = 0.0
    height: float = 0.0


def _block(project: RoadmapProject, colour: str, axis: _Axis, m: TextMeasurer) -> _Block:
    start, end = sorted((_month(project.start), _month(project.end)))
    x0, x1 = axis.x(start), axis.x(end + 1)
    title = " ".join(project.title.split()) or project.key
    one_line_w = m.width(title, _font(_LABEL_PT, "bold"))
    inside = one_line_w <= (x1 - x0) - 18
    if inside:
        label, (label_w, label_h) = title, m.size(title, _font(_LABEL_PT, "bold"))
        label_x = x0 + 9
    else:
        # Wrap to the bar's width (at least _LABEL_MIN_W); widen rather than split a word.
        longest = max(m.width(word, _font(_LABEL_PT, "bold")) for word in title.split(" "))
        max_w = min(max(x1 - x0, _LABEL_MIN_W, longest + 2), _PLOT_X1 - _PLOT_X0)
        label = m.wrap(title, max_w, _font(_LABEL_PT, "bold"))
        label_w, label_h = m.size(label, _font(_LABEL_PT, "bold"))
        label_x = max(_PLOT_X0, min(x0, _PLOT_X1 - label_w))

    milestones: list[_MsLabel] = []
    for i, ms in sorted(enumerate(project.milestones), key=lambda im: _month(im[1].month)):
        x = axis.x(_month(ms.month) + 0.5)
        name = " ".join(ms.title.split()) or "Meilenstein"
        text = m.wrap(f"⚠ {name}" if ms.outside else name, _MS_LABEL_W, _font(_MS_PT))
        w, h = m.size(text, _font(_MS_PT))
        item = _MsLabel(i, ms.title, x, text, w, h, ms.outside)
        item.left = item.x1 > _PLOT_X1
        milestones.append(item)
    # Stack milestone labels into levels so that none collides with an earlier one.
    levels: list[list[_MsLabel]] = []
    for item in milestones:
        for n, level in enumerate(levels):
            if all(item.x0 > o.x1 + 8 or item.x1 < o.x0 - 8 for o in level):
                item.level = n
                level.append(item)
                break
        else:
            item.level = len(levels)
            levels.append([item])
    level_h = [max(i.h for i in level) for level in levels]
    return _Block(
        project, colour, x0, x1, label, label_w, label_h, inside, label_x, milestones, level_h
    )


def _pack(blocks: list[_Block]) -> list[list[_Block]]:
    """Greedy interval packing into sub-rows (first row whose last block ends before)."""
    rows: list[list[_Block]] = []
    for block in sorted(blocks, key=lambda b: (b.bar_x0, b.bar_x1)):
        for row in rows:
            if all(
                block.x0 >= other.x1 + _GAP_X or block.x1 <= other.x0 - _GAP_X for other in row
            ):
                row.append(block)
                break
        else:
            rows.append([block])
    return rows


def _row_metrics(row: list[_Block]) -> tuple[float, float]:
    above = max(b.above for b in row)
    below = max(b.below for b in row)
    return above, above + _BAR_H + below


# --- drawing helpers --------------------------------------------------------------------------


class _Canvas:
    """Figure with one axes in pixel units; ``y`` arguments are distances from the top."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.fig, self.ax = pixel_axes(height)

    def y(self, top: float) -> float:
        return self.height - top

    def text(self, x: float, top: float, s: str, size: float, **kwargs) -> Text:
        kwargs.setdefault("color", TEXT_COLOUR)
        kwargs.setdefault("va", "top")
        kwargs.setdefault("ha", "left")
        kwargs.setdefault("zorder", 6)
        return draw_text(
            self.ax,
            x,
            self.y(top),
            s,
            fontsize=size,
            family=FONT_FAMILY,
            linespacing=_LINESPACING,
            **kwargs,
        )

    def rect(self, x0: float, top: float, x1: float, bottom: float, **kwargs) -> Rectangle:
        patch = Rectangle((x0, self.y(bottom)), x1 - x0, bottom - top, **kwargs)
        self.ax.add_patch(patch)
        return patch

    def diamond(self, x: float, cy: float, r: float, **kwargs) -> Polygon:
        y = self.y(cy)
        patch = Polygon([(x, y + r), (x + r, y), (x, y - r), (x - r, y)], closed=True, **kwargs)
        self.ax.add_patch(patch)
        return patch

    def box(self, artist: Artist) -> Box:
        return text_box(self.fig, artist)


def _band_spans(data: RoadmapData, axis: _Axis) -> list[tuple[str, str, str, float, float, str]]:
    spans = []
    last = axis.x(axis.months + axis.first_year * 12)
    for key, name, short, start, end, band_tint in _BANDS:
        x0 = axis.x((data.start_year + start) * 12)
        x1 = last if end is None else axis.x((data.start_year + end) * 12)
        x0, x1 = max(x0, _PLOT_X0), min(x1, last)
        if x1 - x0 > 1:
            spans.append((key, name, short, x0, x1, band_tint))
    return spans


def _today(data: RoadmapData, axis: _Axis) -> float | None:
    if not data.today:
        return None
    day = int(data.today[8:10]) if len(data.today) == 10 else 15
    x = axis.x(_month(data.today) + (min(max(day, 1), 31) - 1) / 31)
    return x if _PLOT_X0 <= x <= _PLOT_X1 else None


# --- alt text -------------------------------------------------------------------------------


def _alt_text(data: RoadmapData, lanes: list[str], axis: _Axis) -> str:
    title = data.title.strip() or "Roadmap"
    if not data.projects:
        return f"{title}: Noch keine Einträge."
    titles = {p.key: p.title.strip() for p in data.projects}
    s = data.start_year
    lines = [
        f"{title}. {len(data.projects)} Projekte in {len(lanes)} Handlungsfeldern, "
        f"{axis.first_year}–{axis.last_year}.",
        f"Zeithorizonte: kurzfristig {s}–{s + 1}, mittelfristig {s + 2}–{s + 4}, "
        f"langfristig ab {s + 5}.",
    ]
    if data.today:
        lines.append(f"Heute: {_month_name(data.today)}.")
    for lane in lanes:
        projects = [p for p in data.projects if _lane_of(p) == lane]
        if not projects:
            lines.append(f"Handlungsfeld {lane}: noch keine Projekte.")
            continue
        lines.append(f"Handlungsfeld {lane}:")
        for p in sorted(projects, key=lambda p: _month(p.start)):
            a, b = sorted((p.start, p.end), key=_month)
            text = f"- {p.title.strip()}: {_month_name(a)} bis {_month_name(b)}"
            if p.milestones:
                ms = sorted(p.milestones, key=lambda m: _month(m.month))
                text += "; Meilensteine: " + ", ".join(
                    f"{m.title.strip()} ({_month_name(m.month)})" for m in ms
                )
            deps = [titles[k] for k in dict.fromkeys(p.depends_on) if k in titles and k != p.key]
            if deps:
                text += "; baut auf: " + ", ".join(deps)
            lines.append(text + ".")
    lines += [f"Bitte prüfen: {warning}" for warning in data.warnings]
    return "\n".join(lines)


# --- render ---------------------------------------------------------------------------------


def _lane_of(project: RoadmapProject) -> str:
    return project.field.strip() or "Ohne Handlungsfeld"


def _lane_names(data: RoadmapData) -> list[str]:
    """``fields`` in their order, then fields only named by projects; blank names dropped."""
    names = [name.strip() for name in data.fields if name.strip()]
    names += [_lane_of(p) for p in data.projects]
    return list(dict.fromkeys(names))


def render_roadmap(data: RoadmapData) -> ChartResult:
    """Render the multi-year roadmap with swimlanes, milestones and dependencies."""
    m = TextMeasurer(hyphens=False)
    axis = _axis(data)
    lane_names = _lane_names(data)
    content_w = _PLOT_X1 - _PLOT_X0

    # Header texts.
    title = m.wrap(data.title.strip() or "Roadmap", content_w, _font(TITLE_FONT_PT, "bold"))
    title_h = m.size(title, _font(TITLE_FONT_PT, "bold"))[1]
    n = len(data.projects)
    subtitle = (
        f"{axis.first_year}–{axis.last_year} · {count(n, 'Projekt', 'Projekte')} in "
        f"{count(len(lane_names), 'Handlungsfeld', 'Handlungsfeldern')}"
        if data.projects
        else f"{axis.first_year}–{axis.last_year}"
    )
    subtitle = m.wrap(subtitle, content_w, _font(_AXIS_PT))
    subtitle_h = m.size(subtitle, _font(_AXIS_PT))[1]

    # Lanes and blocks.
    lanes: list[_Lane] = []
    for i, name in enumerate(lane_names):
        colour = _LANE_COLOURS[i % len(_LANE_COLOURS)]
        header = m.wrap(name, content_w - 30, _font(_LANE_PT, "bold"))
        lane = _Lane(name, colour, header, m.size(header, _font(_LANE_PT, "bold"))[1] + 12)
        blocks = [_block(p, colour, axis, m) for p in data.projects if _lane_of(p) == name]
        lane.rows = _pack(blocks)
        lanes.append(lane)

    warn_font = _font(_AXIS_PT, "bold")
    warn_text = "\n".join(m.wrap(f"⚠ {w}", content_w, warn_font) for w in data.warnings)
    warn_h = m.size(warn_text, warn_font)[1] + 10 if warn_text and data.projects else 0.0
    today_x = _today(data, axis)
    band_spans = _band_spans(data, axis)
    band_h = 2 * m.size("Ag", _font(_AXIS_PT))[1] + 10
    year_h = m.size("2025", _font(_AXIS_PT, "bold"))[1] + 10
    legend_h = 26.0
    today_row = 24.0 if today_x is not None else 0.0

    # Vertical plan (distances from the top).
    top = _MARGIN
    title_top = top
    top += title_h + 6
    subtitle_top = top
    top += subtitle_h + 10
    legend_top = top
    top += legend_h + 8 if data.projects else 0.0
    warn_top = top
    top += warn_h
    today_top = top
    top += today_row
    band_top = top
    top += band_h
    year_top = top
    top += year_h
    lanes_top = top
    empty_h = 150.0
    if data.projects:
        for lane in lanes:
            lane.top = top
            if lane.rows:
                inner = sum(_row_metrics(r)[1] for r in lane.rows)
                inner += _ROW_GAP * (len(lane.rows) - 1) + 2 * _LANE_PAD
            else:
                inner = m.size("Ag", _font(_LABEL_PT))[1] + 2 * _LANE_PAD
            lane.height = lane.header_h + inner
            top += lane.height
    else:
        top += empty_h
    lanes_bottom = top
    bottom_axis = bool(data.projects) and lanes_bottom - lanes_top > 700
    if bottom_axis:
        top += year_h
    height = round(top + _MARGIN)

    c = _Canvas(height)
    layout: dict[str, Box] = {}
    c.rect(0, 0, WIDTH_PX, height, facecolor=_PAGE_BG, edgecolor="none", zorder=0)

    t = c.text(_PLOT_X0, title_top, title, TITLE_FONT_PT, weight="bold")
    layout["title"] = c.box(t)
    t = c.text(_PLOT_X0, subtitle_top, subtitle, _AXIS_PT, color=MUTED_COLOUR)
    layout["subtitle"] = c.box(t)
    if data.projects:
        _draw_legend(c, legend_top, today_x is not None, layout)
    if warn_h:
        t = c.text(_PLOT_X0, warn_top, warn_text, _AXIS_PT, weight="bold", color=_WARN)
        layout["warnings"] = c.box(t)

    # Horizon bands: header blocks with labels, light tints through the lanes.
    for key, name, short, x0, x1, band_tint in band_spans:
        c.rect(
            x0,
            band_top,
            x1,
            band_top + band_h - 4,
            facecolor=band_tint,
            edgecolor="white",
            linewidth=2,
            zorder=1,
        )
        c.rect(
            x0,
            year_top,
            x1,
            lanes_bottom,
            facecolor=band_tint,
            alpha=0.55,
            edgecolor="none",
            zorder=1,
        )
        label = f"{name}\n{_BAND_RANGE[key]}"
        if m.size(label, _font(_AXIS_PT))[0] > x1 - x0 - 8:
            label = name if m.width(name, _font(_AXIS_PT)) <= x1 - x0 - 8 else short
        t = c.text(
            (x0 + x1) / 2,
            band_top + (band_h - 4) / 2,
            label,
            _AXIS_PT,
            ha="center",
            va="center",
            color=TEXT_COLOUR,
            bbox={"boxstyle": "square,pad=0.15", "facecolor": band_tint, "edgecolor": "none"},
        )
        layout[f"band:{key}"] = c.box(t)

    # Years: labels centred in their cell, gridlines at each 1 January.
    year_w = axis.month_px * 12
    step = 1
    while step * year_w < m.width("2025", _font(_AXIS_PT, "bold")) + 12:
        step += 1
    for k, year in enumerate(range(axis.first_year, axis.last_year + 1)):
        x0 = axis.x(year * 12)
        if k:
            c.ax.plot(
                [x0, x0], [c.y(year_top), c.y(lanes_bottom)], color=_GRID, linewidth=1.0, zorder=2
            )
        if k % step == 0:
            for row_top in [year_top] + ([lanes_bottom] if bottom_axis else []):
                t = c.text(
                    x0 + year_w / 2,
                    row_top + year_h / 2,
                    str(year),
                    _AXIS_PT,
                    weight="bold",
                    ha="center",
                    va="center",
                )
                if row_top == year_top:
                    layout[f"year:{year}"] = c.box(t)
    layout["axis"] = Box(_PLOT_X0, c.y(lanes_bottom), _PLOT_X1, c.y(year_top))

    if not data.projects:
        t1 = c.text(
            WIDTH_PX / 2,
            lanes_top + empty_h / 2 - 4,
            "Noch keine Einträge",
            13,
            weight="bold",
            color=MUTED_COLOUR,
            ha="center",
            va="bottom",
        )
        t2 = c.text(
            WIDTH_PX / 2,
            lanes_top + empty_h / 2 + 4,
            "Grüne Projekte aus der Projektmatrix erscheinen hier im Zeitplan.",
            _AXIS_PT,
            color=MUTED_COLOUR,
            ha="center",
        )
        layout["placeholder"] = union([c.box(t1), c.box(t2)])
    else:
        _draw_lanes(c, lanes, m, layout)
        _draw_dependencies(c, data, lanes)

    if today_x is not None:
        # Through the lanes only: band titles, years and lane titles stay uncrossed.
        for lane in lanes:
            body = (lane.top + lane.header_h, lane.top + lane.height)
            c.ax.plot(
                [today_x, today_x],
                [c.y(body[0]), c.y(body[1])],
                color=_TODAY,
                linewidth=1.8,
                linestyle=(0, (5, 3)),
                zorder=4.5,
            )
            layout[f"heute-line:{lane.name}"] = Box(
                today_x - 1, c.y(body[1]), today_x + 1, c.y(body[0])
            )
        t = c.text(
            today_x,
            today_top + today_row / 2,
            "heute",
            _AXIS_PT,
            weight="bold",
            color=_TODAY,
            va="center",
            ha="center",
        )
        box = c.box(t)
        if box.x0 < 2 or box.x1 > WIDTH_PX - 2:  # keep the label inside the figure
            t.set_ha("left" if box.x0 < 2 else "right")
            t.set_x(2 if box.x0 < 2 else WIDTH_PX - 2)
            box = c.box(t)
        layout["heute"] = box

    return ChartResult.from_png(figure_to_png(c.fig), _alt_text(data, lane_names, axis), layout)


def _draw_legend(c: _Canvas, top: float, with_today: bool, layout: dict[str, Box]) -> None:
    cy = top + 13
    x = _PLOT_X0
    c.diamond(x + 8, cy, _DIAMOND, facecolor=TEXT_COLOUR, edgecolor="white", zorder=5)
    t = c.text(x + 22, cy, "Meilenstein", _AXIS_PT, va="center")
    x = c.box(t).x1 + 26
    arrow = FancyArrowPatch(
        (x, c.y(cy)),
        (x + 34, c.y(cy)),
        arrowstyle="-|>",
        mutation_scale=12,
        color=_ARROW,
        linewidth=1.4,
        zorder=5,
    )
    c.ax.add_patch(arrow)
    t = c.text(x + 42, cy, "Abhängigkeit (baut auf)", _AXIS_PT, va="center")
    x = c.box(t).x1 + 26
    if with_today:
        c.ax.plot(
            [x + 6, x + 6],
            [c.y(cy - 11), c.y(cy + 11)],
            color=_TODAY,
            linewidth=1.8,
            linestyle=(0, (3, 2)),
            zorder=5,
        )
        t = c.text(x + 16, cy, "heute", _AXIS_PT, va="center")
    layout["legend"] = Box(_PLOT_X0, c.y(cy + 13), c.box(t).x1, c.y(cy - 13))


def _draw_lanes(c: _Canvas, lanes: list[_Lane], m: TextMeasurer, layout: dict[str, Box]) -> None:
    line_h = m.size("Ag", _font(_LANE_PT, "bold"))[1]
    for lane in lanes:
        top, bottom = lane.top, lane.top + lane.height
        head_bottom = top + lane.header_h
        c.rect(0, top, WIDTH_PX, head_bottom, facecolor=_LANE_HEAD_BG, edgecolor="none", zorder=3)
        c.ax.plot([0, WIDTH_PX], [c.y(top), c.y(top)], color="#c3c8cf", linewidth=1.0, zorder=3)
        square_top = top + 6 + line_h / 2 - 6
        c.rect(
            _PLOT_X0,
            square_top,
            _PLOT_X0 + 12,
            square_top + 12,
            facecolor=lane.colour,
            edgecolor="none",
            zorder=4,
        )
        t = c.text(_PLOT_X0 + 20, top + 6, lane.header, _LANE_PT, weight="bold")
        layout[f"lane-title:{lane.name}"] = c.box(t)
        layout[f"lane:{lane.name}"] = Box(0, c.y(bottom), WIDTH_PX, c.y(top))
        if not lane.rows:
            t = c.text(
                _PLOT_X0 + 20,
                head_bottom + _LANE_PAD,
                "Noch keine Projekte in diesem Handlungsfeld",
                _LABEL_PT,
                color=MUTED_COLOUR,
                style="italic",
            )
            layout[f"lane-empty:{lane.name}"] = c.box(t)
            continue
        row_top = head_bottom + _LANE_PAD
        for row in lane.rows:
            above, row_h = _row_metrics(row)
            for block in row:
                block.row_top, block.row_bottom = row_top, row_top + row_h
                block.bar_top = row_top + above
                _draw_block(c, block, layout)
            row_top += row_h + _ROW_GAP


_SOFT_BOX = {
    "boxstyle": "square,pad=0.12",
    "facecolor": "white",
    "alpha": 0.9,
    "edgecolor": "none",
}


def _draw_block(c: _Canvas, b: _Block, layout: dict[str, Box]) -> None:
    key = b.project.key
    top, bottom = b.bar_top, b.bar_top + _BAR_H
    bar = FancyBboxPatch(
        (b.bar_x0, c.y(bottom)),
        b.bar_x1 - b.bar_x0,
        _BAR_H,
        boxstyle="round,pad=0,rounding_size=5",
        facecolor=tint(b.colour, 0.28),
        edgecolor=b.colour,
        linewidth=1.6,
        zorder=4,
    )
    c.ax.add_patch(bar)
    layout[f"bar:{key}"] = c.box(bar)
    if b.inside:
        t = c.text(
            b.label_x, top + (_BAR_H - b.label_h) / 2 - 1, b.label, _LABEL_PT, weight="bold"
        )
    else:
        t = c.text(
            b.label_x, top - 5 - b.label_h, b.label, _LABEL_PT, weight="bold", bbox=_SOFT_BOX
        )
    layout[f"label:{key}"] = c.box(t)

    level_tops = [bottom + _DIAMOND + 3]
    for h in b.level_h[:-1]:
        level_tops.append(level_tops[-1] + h + 3)
    for ms in b.milestones:
        label_top = level_tops[ms.level]
        if ms.level:  # leader from the diamond down to a label on a lower level
            c.ax.plot(
                [ms.x, ms.x],
                [c.y(bottom), c.y(label_top + 4)],
                color=MUTED_COLOUR,
                linewidth=0.9,
                zorder=5,
            )
        d = c.diamond(
            ms.x,
            bottom,
            _DIAMOND,
            facecolor=_WARN if ms.outside else TEXT_COLOUR,
            edgecolor="white",
            linewidth=1.2,
            zorder=6,
        )
        layout[f"milestone:{key}:{ms.index}"] = c.box(d)
        t = c.text(
            ms.text_x,
            label_top,
            ms.text,
            _MS_PT,
            color=_WARN if ms.outside else "#2b2b2b",
            ha="right" if ms.left else "left",
            bbox=_SOFT_BOX,
        )
        layout[f"milestone-label:{key}:{ms.index}"] = c.box(t)


def _route(a: _Block, b: _Block) -> list[tuple[float, float]]:
    """Orthogonal route (top coordinates) from the end of ``a`` to the start of ``b``."""
    ya, yb = a.bar_top + _BAR_H / 2, b.bar_top + _BAR_H / 2
    xa, xb = a.bar_x1, b.bar_x0
    stub = xa + 8
    if xb >= stub + 10:
        if abs(ya - yb) < 1:
            return [(xa, ya), (xb, yb)]
        return [(xa, ya), (stub, ya), (stub, yb), (xb, yb)]
    # The dependent starts before the prerequisite ends: go round through the row gap.
    # Routes above and below a row use different thirds of the gap so they never coincide.
    gap = b.row_top - _ROW_GAP / 3 if yb > ya else b.row_bottom + _ROW_GAP / 3
    back = xb - 10
    return [(xa, ya), (stub, ya), (stub, gap), (back, gap), (back, yb), (xb, yb)]


def _draw_dependencies(c: _Canvas, data: RoadmapData, lanes: list[_Lane]) -> None:
    blocks = {b.project.key: b for lane in lanes for row in lane.rows for b in row}
    for p in data.projects:
        target = blocks.get(p.key)
        for dep in dict.fromkeys(p.depends_on):
            source = blocks.get(dep)
            if target is None or source is None or source is target:
                continue
            points = [(x, c.y(y)) for x, y in _route(source, target)]
            codes = [Path.MOVETO] + [Path.LINETO] * (len(points) - 1)
            backward = dep in p.backward
            arrow = FancyArrowPatch(
                path=Path(points, codes),
                arrowstyle="-|>",
                mutation_scale=13,
                color=_WARN if backward else _ARROW,
                linestyle="--" if backward else "-",
                linewidth=1.6 if backward else 1.3,
                zorder=5,
                shrinkA=0,
                shrinkB=0,
                joinstyle="round",
                capstyle="round",
            )
            c.ax.add_patch(arrow)
