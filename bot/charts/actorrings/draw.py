"""Drawing of the planned circle: cells, rim, centre, ring names, markers and swatches."""

from __future__ import annotations

import math

from matplotlib.markers import MarkerStyle
from matplotlib.patches import Circle, FancyBboxPatch, PathPatch, Rectangle, Wedge
from matplotlib.transforms import Affine2D

from bot.charts.actorrings.geometry import Geometry
from bot.charts.actorrings.groups import Group
from bot.charts.actorrings.model import RING_KEYS, RING_NAMES, RingKey, SectorSpan
from bot.charts.actorrings.names import Name
from bot.charts.actorrings.plan import Plan
from bot.charts.actorrings.ringnames import halo_half
from bot.charts.actorrings.style import (
    CENTRE_PT,
    LABEL_PAD,
    LABEL_PT,
    NUMBER_PT,
    RIM_ARC,
    RING_PT,
    SECTOR_PT,
    SWATCH,
    TINT,
    advance,
    box_at,
    chart_font,
    ink_on,
    lw,
    shifted,
)
from bot.charts.base import MUTED_COLOUR, PX_PER_PT, TEXT_COLOUR, Box, tint
from bot.charts.text import TextMeasurer, draw_text


def marker_patch(shape: str, x: float, y: float, d: float, **style) -> PathPatch:
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


def draw_swatch(ax, x0: float, y0: float, group: Group, with_marker: bool, zorder: float = 8):
    """A small square showing the group's tint, hatch (and marker shape)."""
    patch = Rectangle(
        (x0, y0),
        SWATCH,
        SWATCH,
        facecolor=tint(group.colour, TINT["kern"]),
        edgecolor=group.colour,
        hatch=group.hatch or None,
        hatchcolor=tint(group.colour, 0.7),
        linewidth=lw(1.5),
        zorder=zorder,
    )
    patch.set_hatch_linewidth(0.8)
    ax.add_patch(patch)
    artists = [patch]
    if with_marker:
        marker = marker_patch(
            group.marker,
            x0 + SWATCH / 2,
            y0 + SWATCH / 2,
            12.0,
            facecolor=group.colour,
            edgecolor=TEXT_COLOUR,
            linewidth=lw(0.8),
            zorder=zorder + 0.1,
        )
        ax.add_patch(marker)
    return artists


def ring_icon(ax, cx: float, cy: float, key: RingKey) -> Box:
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
                linewidth=lw(1.2),
                zorder=5,
            )
        )
        inner = r
    return box_at(cx, cy, 30, 30)


def draw_badge(ax, x: float, y: float, d: float, colour: str, number: int, zorder: float) -> Box:
    """A numbered circle in the group colour."""
    ax.add_patch(
        Circle(
            (x, y), d / 2, facecolor=colour, edgecolor="white", linewidth=lw(1.5), zorder=zorder
        )
    )
    draw_text(
        ax,
        x,
        y - 0.365 * NUMBER_PT * PX_PER_PT,  # digits are 0.73 em tall: centre them optically
        str(number),
        chart_font(NUMBER_PT, True),
        ha="center",
        va="baseline",
        color=ink_on(colour),
        zorder=zorder + 0.5,
    )
    return box_at(x, y, d, d)


def _draw_cells(ax, geo: Geometry, cells: list[tuple[Group, SectorSpan]], centre) -> None:
    """Each group's ring cells, tinted and hatched (grey rings when there is no group)."""
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
                    facecolor=tint("#8c8c8c", TINT[key]),
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
                facecolor=tint(group.colour, TINT[key]),
                edgecolor="none",
                hatch=group.hatch or None,
                hatchcolor=tint(group.colour, 0.45),
                linewidth=0,
                zorder=1,
            )
            patch.set_hatch_linewidth(0.7)
            ax.add_patch(patch)


def _draw_rim_and_centre(ax, geo: Geometry, cells: list[tuple[Group, SectorSpan]], centre) -> None:
    """Each group's coloured arc outside the rim, and the white centre with its words."""
    for group, span in cells:
        inset = math.degrees(2.0 / geo.R)
        ax.add_patch(
            Wedge(
                centre,
                geo.R + RIM_ARC[1],
                math.degrees(span.theta_start) + inset,
                math.degrees(span.theta_end) - inset,
                width=RIM_ARC[1] - RIM_ARC[0],
                facecolor=group.colour,
                linewidth=0,
                zorder=3,
            )
        )
    ax.add_patch(
        Circle(centre, geo.r0, facecolor="white", edgecolor="#8a8a8a", linewidth=lw(1.2), zorder=4)
    )
    draw_text(
        ax,
        *centre,
        "Smart\nCity",
        chart_font(CENTRE_PT, True),
        ha="center",
        va="center",
        multialignment="center",
        color=MUTED_COLOUR,
        zorder=4.5,
    )


def draw_circle(ax, plan: Plan, groups: list[Group], cx: float, cy: float) -> None:
    """Tinted, hatched cells; ring and sector boundaries; coloured rim; the centre."""
    geo = plan.geo
    centre = (cx, cy)
    cells = [(g, s) for g, s in zip(groups, geo.sectors, strict=True)]
    _draw_cells(ax, geo, cells, centre)
    for r in (geo.r0, geo.radii[0], geo.radii[1]):
        ax.add_patch(
            Circle(centre, r, fill=False, edgecolor="#8a8a8a", linewidth=lw(1.2), zorder=2.5)
        )
    ax.add_patch(
        Circle(centre, geo.R, fill=False, edgecolor="#6a6a6a", linewidth=lw(1.6), zorder=2.5)
    )
    if len(cells) > 1:
        for span in geo.sectors:
            c, s = math.cos(span.theta_end), math.sin(span.theta_end)
            ax.plot(
                [cx + geo.r0 * c, cx + geo.R * c],
                [cy + geo.r0 * s, cy + geo.R * s],
                color="white",
                linewidth=lw(3.0),
                solid_capstyle="butt",
                zorder=2,
            )
    _draw_rim_and_centre(ax, geo, cells, centre)


def draw_ring_names(ax, plan: Plan, cx: float, cy: float, measure: TextMeasurer) -> dict:
    """Ring names along the top of each ring boundary, on a white band."""
    artists: dict[RingKey, list] = {}
    half = halo_half()
    em = RING_PT * PX_PER_PT
    for key in RING_KEYS:
        radius = plan.geo.band(key)[1]
        base_r = radius - 0.36 * em
        total = advance(measure, RING_NAMES[key], RING_PT, True)
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
                chart_font(RING_PT, True),
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


def draw_sector_names(
    ax, plan: Plan, groups: list[Group], centre: tuple[float, float], measure: TextMeasurer
) -> dict[str, object]:
    """Each group's swatch and name beside its sector, outside the rim."""
    texts: dict[str, object] = {}
    line_h = measure.size("Ag", chart_font(SECTOR_PT, True))[1]
    for group, label in zip(groups, plan.geo.labels, strict=True):
        box = shifted(label.box, *centre)
        sw_top = box.y1 - max(0.0, (line_h - SWATCH) / 2)
        swatch = draw_swatch(ax, box.x0, sw_top - SWATCH, group, plan.mode == "labels")
        text = draw_text(
            ax,
            box.x0 + SWATCH + 7,
            box.y1,
            label.text,
            chart_font(SECTOR_PT, True),
            ha="left",
            va="top",
            color=TEXT_COLOUR,
            zorder=8,
        )
        texts[f"sector:{group.name}"] = (swatch[0], text)
    return texts


def _draw_name(ax, name: Name, centre: tuple[float, float]) -> FancyBboxPatch:
    """An actor's name on a white, rounded box; returns the box patch."""
    box = shifted(name.box, *centre)
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
        "left": box.x0 + LABEL_PAD,
        "right": box.x1 - LABEL_PAD,
        "center": (box.x0 + box.x1) / 2,
    }[name.align]
    draw_text(
        ax,
        tx,
        (box.y0 + box.y1) / 2,
        name.text,
        chart_font(LABEL_PT),
        ha=name.align,
        va="center",
        multialignment=name.align,
        color=TEXT_COLOUR,
        zorder=10,
    )
    return patch


def draw_actors(
    ax, plan: Plan, groups: list[Group], centre: tuple[float, float]
) -> tuple[dict[int, Box], dict[int, object]]:
    """Every actor's marker (with its name, or numbered); returns the marker boxes and the
    name patches by actor index."""
    cx, cy = centre
    marker_boxes: dict[int, Box] = {}
    label_artists: dict[int, object] = {}
    for slot in plan.slots:
        group = groups[slot.group]
        x, y = cx + slot.x, cy + slot.y
        d = plan.geo.packing.cell(slot.group, slot.ring).d
        marker_boxes[slot.index] = box_at(x, y, d, d)
        if plan.mode != "labels":
            draw_badge(ax, x, y, d, group.colour, plan.numbers[slot.index], zorder=7)
            continue
        style = {"facecolor": group.colour, "edgecolor": TEXT_COLOUR, "linewidth": lw(1.0)}
        ax.add_patch(marker_patch(group.marker, x, y, d, zorder=7, **style))
        label_artists[slot.index] = _draw_name(ax, plan.names[slot.index], centre)
    return marker_boxes, label_artists
