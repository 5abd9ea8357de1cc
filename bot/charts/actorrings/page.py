"""The page around the circle: title, notice, ring key and legend, planned top-down and drawn."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.charts.actorrings.draw import draw_badge, draw_swatch, ring_icon
from bot.charts.actorrings.groups import Group
from bot.charts.actorrings.model import (
    RING_KEYS,
    RING_MEANINGS,
    RING_NAMES,
    RING_PLACES,
    ActorRingsData,
    RingKey,
)
from bot.charts.actorrings.plan import Plan
from bot.charts.actorrings.style import (
    KEY_PT,
    LEGEND_GUTTER,
    LEGEND_HEAD_PT,
    LEGEND_PT,
    MARGIN,
    SUBTITLE_PT,
    SWATCH,
    chart_font,
)
from bot.charts.actorrings.wrapping import wrap_px
from bot.charts.base import (
    BASE_FONT_PT,
    MUTED_COLOUR,
    TEXT_COLOUR,
    TITLE_FONT_PT,
    WIDTH_PX,
    Box,
)
from bot.charts.text import TextMeasurer, draw_text

LEGEND_HEAD = "Legende: Nummern im Kreis"
NOTICE = "Noch keine Einträge"
NOTICE_HINT = (
    "Nennen Sie im Akteursmapping Personen oder Institutionen je Gruppe und ordnen Sie "
    "jede einem Ring zu; dann erscheinen sie hier."
)
_TEXT_W = WIDTH_PX - 2 * MARGIN
_KEY_COL = (_TEXT_W - 2 * 20) / 3


@dataclass
class Page:
    """The wrapped texts of the page and their distances from the top edge (pixels)."""

    title: str
    subtitle: str
    notice_hint: str
    #: Per ring: key, wrapped name, wrapped meaning, height of the name.
    key_items: list[tuple[RingKey, str, str, float]]
    key_h: float
    title_top: float = 0.0
    subtitle_top: float = 0.0
    notice_top: float = 0.0
    block_top: float = 0.0  # the circle with everything around it
    key_top: float = 0.0
    legend_head_top: float = 0.0
    legend_top: float = 0.0
    height: int = 0

    def top(self, distance: float) -> float:
        """The y coordinate ``distance`` pixels below the top edge."""
        return self.height - distance


def count_phrase(actors: int, groups: int) -> str:
    who = "eine Akteurin oder ein Akteur" if actors == 1 else f"{actors} Akteurinnen und Akteure"
    where = "einer Gruppe" if groups == 1 else f"{groups} Gruppen"
    return f"{who} in {where}"


def _ring_key(measure: TextMeasurer) -> tuple[list[tuple[RingKey, str, str, float]], float]:
    """The three ring explanations below the circle, and the height of the tallest."""
    text_w = _KEY_COL - 30 - 8
    items, heights = [], []
    for key in RING_KEYS:
        name = wrap_px(RING_NAMES[key], text_w, KEY_PT, measure, bold=True)
        meaning = wrap_px(f"{RING_PLACES[key]}: {RING_MEANINGS[key]}", text_w, KEY_PT, measure)
        nh = measure.size(name, chart_font(KEY_PT, True))[1]
        mh = measure.size(meaning, chart_font(KEY_PT))[1]
        items.append((key, name, meaning, nh))
        heights.append(nh + 2 + mh)
    return items, max(30.0, *heights)


def _texts(data: ActorRingsData, groups: list[Group], measure: TextMeasurer) -> Page:
    place = " ".join(data.municipality.split())
    title = wrap_px(
        f"Akteursringe – {place}" if place else "Akteursringe",
        _TEXT_W,
        TITLE_FONT_PT,
        measure,
        bold=True,
    )
    if data.actors:
        sub = f"Akteursmapping: {count_phrase(len(data.actors), len(groups))}"
    else:
        sub = "Akteursmapping: noch keine Akteurinnen und Akteure erfasst"
    subtitle = wrap_px(sub, _TEXT_W, SUBTITLE_PT, measure)
    key_items, key_h = _ring_key(measure)
    hint = wrap_px(NOTICE_HINT, _TEXT_W, SUBTITLE_PT, measure)
    return Page(title, subtitle, hint, key_items, key_h)


def page_layout(
    data: ActorRingsData, groups: list[Group], plan: Plan, measure: TextMeasurer
) -> Page:
    """Every block of the page, top to bottom, and the page height."""
    page = _texts(data, groups, measure)
    y = 26.0
    page.title_top = y
    y += measure.size(page.title, chart_font(TITLE_FONT_PT, True))[1] + 6
    page.subtitle_top = y
    y += measure.size(page.subtitle, chart_font(SUBTITLE_PT))[1] + 14
    if plan.mode == "empty":
        page.notice_top = y + 6
        y = page.notice_top + measure.size(NOTICE, chart_font(12, True))[1] + 6
        y += measure.size(page.notice_hint, chart_font(SUBTITLE_PT))[1] + 20
    page.block_top = y
    y += plan.block.y1 - plan.block.y0 + 20
    page.key_top = y
    y += page.key_h
    if plan.legend is not None:
        y += 24
        page.legend_head_top = y
        y += measure.size(LEGEND_HEAD, chart_font(BASE_FONT_PT, True))[1] + 12
        page.legend_top = y
        y += plan.legend.height
    y += 24
    page.height = math.ceil(y)
    return page


def _text(ax, page: Page, top: float, text: str, font, colour: str, x: float = MARGIN):
    """A left-aligned text block ``top`` pixels below the top edge."""
    return draw_text(ax, x, page.top(top), text, font, ha="left", va="top", color=colour)


def draw_header(ax, page: Page, texts: dict[str, object]) -> None:
    texts["title"] = _text(
        ax, page, page.title_top, page.title, chart_font(TITLE_FONT_PT, True), TEXT_COLOUR
    )
    texts["subtitle"] = _text(
        ax, page, page.subtitle_top, page.subtitle, chart_font(SUBTITLE_PT), MUTED_COLOUR
    )


def draw_ring_key(ax, page: Page, texts: dict[str, object], layout: dict[str, Box]) -> None:
    """Icon, name and meaning of each ring, in three columns below the circle."""
    for i, (key, name, meaning, nh) in enumerate(page.key_items):
        x0 = MARGIN + i * (_KEY_COL + 20)
        layout[f"key:{key}"] = ring_icon(ax, x0 + 15, page.top(page.key_top) - 15, key)
        texts[f"key-name:{key}"] = _text(
            ax, page, page.key_top, name, chart_font(KEY_PT, True), TEXT_COLOUR, x0 + 38
        )
        texts[f"key-text:{key}"] = _text(
            ax, page, page.key_top + nh + 2, meaning, chart_font(KEY_PT), MUTED_COLOUR, x0 + 38
        )


def draw_notice(ax, page: Page, measure: TextMeasurer, texts: dict[str, object]) -> None:
    """What to do when no actor is entered yet."""
    texts["notice"] = _text(ax, page, page.notice_top, NOTICE, chart_font(12, True), TEXT_COLOUR)
    nh = measure.size(NOTICE, chart_font(12, True))[1]
    texts["notice-hint"] = _text(
        ax, page, page.notice_top + nh + 6, page.notice_hint, chart_font(SUBTITLE_PT), MUTED_COLOUR
    )


def draw_legend(
    ax, page: Page, plan: Plan, groups: list[Group], measure: TextMeasurer, texts: dict
) -> dict[int, tuple[Box, object]]:
    """The numbered legend; returns badge box and text artist per actor index."""
    assert plan.legend is not None
    texts["legend-title"] = _text(
        ax, page, page.legend_head_top, LEGEND_HEAD, chart_font(BASE_FONT_PT, True), TEXT_COLOUR
    )
    packing = plan.geo.packing
    lh = measure.size("Ag", chart_font(LEGEND_PT))[1]
    head_line = measure.size("Ag", chart_font(LEGEND_HEAD_PT, True))[1]
    artists: dict[int, tuple[Box, object]] = {}
    for row in plan.legend.rows:
        x0 = MARGIN + row.column * (plan.legend.column_width + LEGEND_GUTTER)
        row_top = page.legend_top + row.top
        group = groups[row.group]
        if row.kind != "entry":
            sw = draw_swatch(ax, x0, page.top(row_top) - (head_line + SWATCH) / 2, group, False)
            font = chart_font(LEGEND_HEAD_PT, True)
            text = _text(ax, page, row_top, row.text, font, TEXT_COLOUR, x0 + SWATCH + 8)
            suffix = f":Fortsetzung{row.column}" if row.kind == "cont" else ""
            texts[f"legend-group:{group.name}{suffix}"] = (sw[0], text)
            continue
        assert row.slot is not None
        d = packing.cell(row.slot.group, row.slot.ring).d
        band = max(d, lh)
        y = page.top(row_top) - band / 2
        badge = draw_badge(ax, x0 + packing.d_max / 2, y, d, group.colour, row.number, zorder=7)
        text = draw_text(
            ax,
            x0 + packing.d_max + 8,
            page.top(row_top) - (band - lh) / 2,
            row.text,
            chart_font(LEGEND_PT),
            ha="left",
            va="top",
            color=TEXT_COLOUR,
        )
        artists[row.slot.index] = (badge, text)
    return artists
