"""The entry point: plans the page, draws it and measures the result."""

from __future__ import annotations

from bot.charts.actorrings.draw import (
    draw_actors,
    draw_circle,
    draw_ring_names,
    draw_sector_names,
)
from bot.charts.actorrings.groups import Group, actor_name, collect_groups
from bot.charts.actorrings.model import (
    RING_KEYS,
    RING_MEANINGS,
    RING_NAMES,
    RING_PLACES,
    ActorPlacement,
    ActorRingsData,
    ActorRingsResult,
    RingBand,
)
from bot.charts.actorrings.page import (
    count_phrase,
    draw_header,
    draw_legend,
    draw_notice,
    draw_ring_key,
    page_layout,
)
from bot.charts.actorrings.plan import Plan, make_plan
from bot.charts.actorrings.style import box_at
from bot.charts.base import WIDTH_PX, Box, figure_to_png, text_box, union
from bot.charts.canvas import pixel_axes
from bot.charts.text import TextMeasurer


def _alt_text(data: ActorRingsData, groups: list[Group], mode: str) -> str:
    """The whole content as German text: actors by ring, then by group."""
    place = " ".join(data.municipality.split())
    head = f"Akteursringe für {place}" if place else "Akteursringe"
    if not data.actors:
        lines = [f"{head}: Noch keine Einträge."]
    else:
        lines = [f"{head}: {count_phrase(len(data.actors), len(groups))}."]
    if groups:
        names = ", ".join(g.name for g in groups)
        lines.append(f"Gruppen (Sektoren im Uhrzeigersinn): {names}.")
    for key in RING_KEYS:
        parts = []
        for group in groups:
            members = [actor_name(data, i) for i in group.members[key]]
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
    groups = collect_groups(data)
    plan = make_plan(data, groups, measure)
    page = page_layout(data, groups, plan, measure)
    fig, ax = pixel_axes(page.height)
    centre = WIDTH_PX / 2, page.height - page.block_top - plan.block.y1

    texts: dict[str, object] = {}
    layout: dict[str, Box] = {}
    draw_header(ax, page, texts)
    draw_circle(ax, plan, groups, *centre)
    ring_glyphs = draw_ring_names(ax, plan, *centre, measure)
    texts.update(draw_sector_names(ax, plan, groups, centre, measure))
    marker_boxes, label_artists = draw_actors(ax, plan, groups, centre)
    draw_ring_key(ax, page, texts, layout)
    legend_artists: dict[int, tuple[Box, object]] = {}
    if plan.legend is not None:
        legend_artists = draw_legend(ax, page, plan, groups, measure, texts)
    elif plan.mode == "empty":
        draw_notice(ax, page, measure, texts)
    png = figure_to_png(fig)

    # ---- measured layout
    for name, artist in texts.items():
        parts = artist if isinstance(artist, tuple) else (artist,)
        layout[name] = union([text_box(fig, part) for part in parts])
    layout["centre"] = box_at(*centre, 2 * plan.geo.r0, 2 * plan.geo.r0)
    rings = []
    for key in RING_KEYS:
        r_in, r_out = plan.geo.band(key)
        glyph_boxes = tuple(text_box(fig, artist) for artist in ring_glyphs[key])
        layout[f"ring:{RING_NAMES[key]}"] = union(glyph_boxes)
        rings.append(RingBand(key, RING_NAMES[key], r_in, r_out, glyph_boxes))
    labels = {i: text_box(fig, artist) for i, artist in label_artists.items()}
    legend = {
        i: union([badge, text_box(fig, text)]) for i, (badge, text) in legend_artists.items()
    }
    placements = _placements(data, plan, groups, centre, marker_boxes, labels, legend, layout)
    return ActorRingsResult(
        png=png,
        alt_text=_alt_text(data, groups, plan.mode),
        width_px=WIDTH_PX,
        height_px=page.height,
        layout=layout,
        mode=plan.mode,
        centre=centre,
        rings=tuple(rings),
        sectors=tuple(plan.geo.sectors),
        placements=tuple(placements),
    )


def _placements(
    data: ActorRingsData,
    plan: Plan,
    groups: list[Group],
    centre: tuple[float, float],
    markers: dict[int, Box],
    labels: dict[int, Box],
    legend: dict[int, Box],
    layout: dict[str, Box],
) -> list[ActorPlacement]:
    """Every actor's placement in numbering order, with its boxes also entered in ``layout``."""
    placements = []
    for slot in sorted(plan.slots, key=lambda s: plan.numbers[s.index]):
        number = plan.numbers[slot.index]
        name = actor_name(data, slot.index)
        layout[f"marker:{number}:{name}"] = markers[slot.index]
        label = labels.get(slot.index, legend.get(slot.index))
        if label is not None:
            kind = "label" if slot.index in labels else "legend"
            layout[f"{kind}:{number}:{name}"] = label
        placements.append(
            ActorPlacement(
                index=slot.index,
                number=number,
                name=name,
                group=groups[slot.group].name,
                ring=slot.ring,
                radius=slot.r,
                theta=slot.theta,
                x=centre[0] + slot.x,
                y=centre[1] + slot.y,
                marker=markers[slot.index],
                label=label,
            )
        )
    return placements
