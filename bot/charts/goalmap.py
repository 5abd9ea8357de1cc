"""Zielmapping (AS3): the vision on top, fields of action below it, their strategic goals beneath.

The chart reads top to bottom like an outline on a phone: a highlighted vision box, from which
one connector spine per column runs down; every field of action branches off that spine as a
numbered header card, and its goals hang below it as numbered cards ("2.3") on a small tree line.
Small maps use one column; when one column would be taller than about two phone screens the
fields are split (in reading order) into two columns of about equal height.

All geometry is computed in figure pixels from measured text extents (no guessing), so long
German labels always wrap inside their card and never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from matplotlib.colors import to_rgb
from pydantic import BaseModel, ConfigDict, Field

from bot.charts.base import (
    BASE_FONT_PT,
    MIN_FONT_PT,
    MUTED_COLOUR,
    PALETTE,
    TEXT_COLOUR,
    TITLE_FONT_PT,
    WIDTH_PX,
    ChartResult,
    tint,
)
from bot.charts.canvas import TopDownCanvas
from bot.charts.text import Font, TextMeasurer

#: Name of the pseudo field that collects goals not yet assigned to a field of action.
UNASSIGNED_FIELD = "Ohne Handlungsfeld"


class GoalField(BaseModel):
    """One field of action (Handlungsfeld) with its strategic goals."""

    model_config = ConfigDict(frozen=True)

    name: str
    goals: list[str] = Field(default_factory=list)


class GoalMapData(BaseModel):
    """Input of the goal map: vision statement and goals clustered into fields of action."""

    model_config = ConfigDict(frozen=True)

    municipality: str
    target_year: int | None = None
    vision: str | None = None
    fields: list[GoalField] = Field(default_factory=list)


# --------------------------------------------------------------------------- styling

_font = partial(Font, linespacing=1.3)
_MARGIN = 40
_VISION_BG = "#0B3C5D"
_VISION_LABEL = "#F0E442"
_CARD_BG = "#F6F7F9"
_CARD_EDGE = "#D5DAE0"
_LINE = "#9AA5B1"
_UNASSIGNED_COLOUR = "#8A8A8A"

_TITLE = _font(TITLE_FONT_PT, "bold")
_SUBTITLE = _font(BASE_FONT_PT - 1, colour=MUTED_COLOUR)
_VISION_KICKER = _font(MIN_FONT_PT + 0.5, "bold", colour=_VISION_LABEL)
_VISION_TEXT = _font(BASE_FONT_PT + 1, style="italic", colour="white")
_VISION_OPEN = _font(BASE_FONT_PT + 1, "bold", colour=MUTED_COLOUR)
_HINT = _font(MIN_FONT_PT + 0.5, style="italic", colour=MUTED_COLOUR)
_FIELD = _font(BASE_FONT_PT, "bold")
_FIELD_MUTED = _font(BASE_FONT_PT, "bold", "italic", MUTED_COLOUR)
_COUNT = _font(MIN_FONT_PT, colour=MUTED_COLOUR)
_GOAL = _font(BASE_FONT_PT - 1)
_GOAL_MUTED = _font(BASE_FONT_PT - 1, colour=MUTED_COLOUR)
_GOAL_NUMBER = _font(BASE_FONT_PT - 1, "bold")

_BADGE_R = 15
_HEADER_PAD = 11
_GOAL_PAD_Y = 9
_GOAL_GAP = 8
_GOAL_INDENT = 46
_FIELD_GAP = 24
_MAX_ONE_COLUMN_PX = 2100


def _ink_on(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour``."""
    r, g, b = to_rgb(colour)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return TEXT_COLOUR if luminance > 0.45 else "white"


def _count_label(n: int) -> str:
    return "1 Ziel" if n == 1 else f"{n} Ziele"


@dataclass(frozen=True)
class _FieldView:
    """A field prepared for drawing: display name, layout key, number and colour."""

    key: str
    name: str
    goals: tuple[str, ...]
    number: int | None  # None for the unassigned pseudo field
    colour: str

    @property
    def muted(self) -> bool:
        return self.number is None


def _field_views(data: GoalMapData) -> list[_FieldView]:
    views: list[_FieldView] = []
    seen: dict[str, int] = {}
    number = 0
    for item in data.fields:
        name = " ".join(item.name.split()) or "(ohne Namen)"
        seen[item.name] = seen.get(item.name, 0) + 1
        key = item.name if seen[item.name] == 1 else f"{item.name}#{seen[item.name]}"
        goals = tuple(" ".join(goal.split()) or "(ohne Text)" for goal in item.goals)
        if item.name.strip() == UNASSIGNED_FIELD:
            views.append(_FieldView(key, name, goals, None, _UNASSIGNED_COLOUR))
        else:
            number += 1
            views.append(_FieldView(key, name, goals, number, PALETTE[(number - 1) % 7]))
    return views


def _goal_number(view: _FieldView, index: int) -> str:
    return "•" if view.number is None else f"{view.number}.{index + 1}"


# --------------------------------------------------------------------------- field blocks


@dataclass
class _Block:
    """Measured field block for a given card width: header and goal texts with their heights."""

    view: _FieldView
    name_text: str
    name_h: float
    header_h: float
    count_text: str
    number_w: float
    goal_texts: list[tuple[str, float, float]]  # (wrapped text, card height, first ascent)

    @property
    def height(self) -> float:
        goals = sum(h for _, h, _ in self.goal_texts) + _GOAL_GAP * max(
            0, len(self.goal_texts) - 1
        )
        return self.header_h + (10 + goals if self.goal_texts else 10 + 30)


def _measure_block(m: TextMeasurer, view: _FieldView, width: float) -> _Block:
    count_text = _count_label(len(view.goals))
    count_w, _ = m.size(count_text, _COUNT)
    name_max = width - (_HEADER_PAD + 2 * _BADGE_R + 12) - count_w - 14 - _HEADER_PAD
    name_text, _, name_h = m.fit(view.name, name_max, _FIELD_MUTED if view.muted else _FIELD)
    header_h = max(name_h, 2 * _BADGE_R) + 2 * _HEADER_PAD
    number_w = max(
        (m.size(_goal_number(view, i), _GOAL_NUMBER)[0] for i in range(len(view.goals))),
        default=0.0,
    )
    goal_max = width - _GOAL_INDENT - 14 - number_w - 8 - 12
    goal_texts = []
    for goal in view.goals:
        text, _, h = m.fit(goal, goal_max, _GOAL)
        goal_texts.append((text, h + 2 * _GOAL_PAD_Y, m.ascent(text, _GOAL)))
    return _Block(view, name_text, name_h, header_h, count_text, number_w, goal_texts)


def _draw_block(c: TopDownCanvas, block: _Block, x0: float, x1: float, top: float) -> float:
    """Draw one field (header card + goal cards); returns the header's vertical centre."""
    view = block.view
    header_bottom = top + block.header_h
    if view.muted:
        c.rect(
            x0,
            top,
            x1,
            header_bottom,
            key=f"field:{view.key}",
            radius=8,
            facecolor="#F1F1F1",
            edgecolor=view.colour,
            linewidth=1.2,
            linestyle=(0, (4, 3)),
        )
    else:
        c.rect(
            x0,
            top,
            x1,
            header_bottom,
            key=f"field:{view.key}",
            radius=8,
            facecolor=tint(view.colour, 0.2),
            edgecolor=view.colour,
            linewidth=1.4,
        )
    centre_y = top + block.header_h / 2
    badge_x = x0 + _HEADER_PAD + _BADGE_R
    if view.muted:
        c.circle(
            badge_x,
            centre_y,
            _BADGE_R,
            facecolor="white",
            edgecolor=view.colour,
            linewidth=1.2,
            linestyle=(0, (3, 2)),
        )
        c.text(
            badge_x,
            centre_y,
            "?",
            _font(BASE_FONT_PT, "bold", colour=MUTED_COLOUR),
            ha="center",
            va="center",
        )
    else:
        c.circle(badge_x, centre_y, _BADGE_R, facecolor=view.colour, edgecolor="none")
        c.text(
            badge_x,
            centre_y,
            str(view.number),
            _font(BASE_FONT_PT, "bold", colour=_ink_on(view.colour)),
            ha="center",
            va="center",
        )
    name_font = _FIELD_MUTED if view.muted else _FIELD
    c.text(badge_x + _BADGE_R + 12, centre_y - block.name_h / 2, block.name_text, name_font)
    c.text(x1 - _HEADER_PAD, centre_y, block.count_text, _COUNT, ha="right", va="center")

    # goals hang on a thin tree line that starts below the badge
    tree_x = badge_x
    y = header_bottom + 10
    card_x0 = x0 + _GOAL_INDENT
    if not block.goal_texts:
        c.line(
            [tree_x, tree_x, card_x0 - 4],
            [header_bottom, y + 15, y + 15],
            color=_LINE,
            linewidth=1.2,
        )
        c.text(card_x0, y + 15, "Noch keine Ziele zugeordnet", _HINT, va="center")
        return centre_y
    last_mid = y
    for index, (text, h, ascent) in enumerate(block.goal_texts):
        mid = y + h / 2
        last_mid = mid
        c.line([tree_x, card_x0], [mid, mid], color=_LINE, linewidth=1.2)
        c.rect(
            card_x0,
            y,
            x1,
            y + h,
            key=f"goal:{view.key}:{index}",
            radius=6,
            facecolor="white" if view.muted else _CARD_BG,
            edgecolor=view.colour if view.muted else _CARD_EDGE,
            linewidth=1.0,
            linestyle=(0, (4, 3)) if view.muted else "solid",
        )
        c.rect(
            card_x0,
            y + 3,
            card_x0 + 5,
            y + h - 3,
            facecolor=view.colour,
            edgecolor="none",
            zorder=2,
        )
        c.text(
            card_x0 + 14,
            y + _GOAL_PAD_Y + ascent,
            _goal_number(view, index),
            _font(_GOAL_NUMBER.size, "bold", colour=MUTED_COLOUR if view.muted else TEXT_COLOUR),
            va="baseline",
        )
        c.text(
            card_x0 + 14 + block.number_w + 8,
            y + _GOAL_PAD_Y,
            text,
            _GOAL_MUTED if view.muted else _GOAL,
        )
        y += h + _GOAL_GAP
    c.line([tree_x, tree_x], [header_bottom, last_mid], color=_LINE, linewidth=1.2)
    return centre_y


def _split_columns(heights: list[float]) -> int:
    """Index k so that fields[:k] / fields[k:] give the most balanced two columns."""
    best_k, best = 1, float("inf")
    for k in range(1, len(heights)):
        worst = max(sum(heights[:k]), sum(heights[k:]))
        if worst < best:
            best_k, best = k, worst
    return best_k


# --------------------------------------------------------------------------- public API


def render_goal_map(data: GoalMapData) -> ChartResult:
    """Render the goal map (vision → fields of action → strategic goals) as a phone PNG."""
    m = TextMeasurer()
    c = TopDownCanvas()
    views = _field_views(data)
    n_goals = sum(len(v.goals) for v in views)
    n_fields = sum(1 for v in views if not v.muted)

    # --- title and subtitle
    y = 30.0
    title, _, title_h = m.fit(
        f"Zielmapping {data.municipality}".strip(), WIDTH_PX - 2 * _MARGIN, _TITLE
    )
    c.text(_MARGIN, y, title, _TITLE, key="title")
    y += title_h + 8
    parts = [f"Vision {data.target_year}"] if data.target_year else []
    parts.append("1 Handlungsfeld" if n_fields == 1 else f"{n_fields} Handlungsfelder")
    parts.append("1 strategisches Ziel" if n_goals == 1 else f"{n_goals} strategische Ziele")
    subtitle = " · ".join(parts)
    c.text(_MARGIN, y, subtitle, _SUBTITLE)
    y += m.size(subtitle, _SUBTITLE)[1] + 20

    # --- vision box
    vision = " ".join((data.vision or "").split())
    pad = 22
    inner = WIDTH_PX - 2 * _MARGIN - 2 * pad
    kicker = f"VISION {data.target_year}" if data.target_year else "VISION"
    kicker_h = m.size(kicker, _VISION_KICKER)[1]
    vision_top = y
    if vision:
        text, _, text_h = m.fit(f"„{vision}“", inner, _VISION_TEXT)
        box_h = pad + kicker_h + 10 + text_h + pad
        c.rect(
            _MARGIN,
            y,
            WIDTH_PX - _MARGIN,
            y + box_h,
            key="vision",
            radius=12,
            facecolor=_VISION_BG,
            edgecolor="none",
        )
        c.text(_MARGIN + pad, y + pad, kicker, _VISION_KICKER)
        c.text(_MARGIN + pad, y + pad + kicker_h + 10, text, _VISION_TEXT)
    else:
        hint = "Das Kernteam formuliert das Leitbild im Arbeitsschritt AS3."
        hint_text, _, hint_h = m.fit(hint, inner, _HINT)
        open_h = m.size("Vision noch offen", _VISION_OPEN)[1]
        box_h = pad + kicker_h + 10 + open_h + 8 + hint_h + pad
        c.rect(
            _MARGIN,
            y,
            WIDTH_PX - _MARGIN,
            y + box_h,
            key="vision",
            radius=12,
            facecolor="#F4F6F8",
            edgecolor=_LINE,
            linewidth=1.5,
            linestyle=(0, (5, 4)),
        )
        c.text(_MARGIN + pad, y + pad, kicker, _font(_VISION_KICKER.size, "bold", colour=_LINE))
        c.text(_MARGIN + pad, y + pad + kicker_h + 10, "Vision noch offen", _VISION_OPEN)
        c.text(_MARGIN + pad, y + pad + kicker_h + 10 + open_h + 8, hint_text, _HINT)
    vision_bottom = vision_top + box_h
    y = vision_bottom + 30

    # --- fields of action
    if not views:
        text = "Noch keine Einträge"
        sub = "Strategische Ziele und Handlungsfelder erscheinen hier, sobald sie erfasst sind."
        sub_text, _, sub_h = m.fit(sub, WIDTH_PX - 2 * _MARGIN - 48, _HINT)
        main_h = m.size(text, _FIELD)[1]
        box_h = 22 + main_h + 8 + sub_h + 22
        c.line([WIDTH_PX / 2, WIDTH_PX / 2], [vision_bottom, y], color=_LINE, linewidth=1.5)
        c.rect(
            _MARGIN,
            y,
            WIDTH_PX - _MARGIN,
            y + box_h,
            key="placeholder",
            radius=10,
            facecolor="white",
            edgecolor=_LINE,
            linewidth=1.5,
            linestyle=(0, (5, 4)),
        )
        c.text(
            WIDTH_PX / 2,
            y + 22,
            text,
            _font(BASE_FONT_PT + 1, "bold", colour=MUTED_COLOUR),
            ha="center",
        )
        c.text(WIDTH_PX / 2, y + 22 + main_h + 8, sub_text, _HINT, ha="center")
        bottom = y + box_h
    else:
        bottom = _draw_fields(c, m, views, vision_bottom, y)

    height = int(bottom + 36)
    png, layout = c.render(height)
    return ChartResult.from_png(png, _alt_text(data, views), layout)


def _draw_fields(
    c: TopDownCanvas, m: TextMeasurer, views: list[_FieldView], vision_bottom: float, top: float
) -> float:
    """Lay the field blocks out in one or two columns; returns the lowest y used."""
    one_x0 = _MARGIN + 46
    one_blocks = [_measure_block(m, v, WIDTH_PX - _MARGIN - one_x0) for v in views]
    one_h = sum(b.height for b in one_blocks) + _FIELD_GAP * (len(views) - 1)
    if len(views) == 1 or top + one_h <= _MAX_ONE_COLUMN_PX:
        columns = [(_MARGIN, WIDTH_PX - _MARGIN, one_blocks)]
        spine_offset = 22.0
    else:
        gutter = 26
        col_w = (WIDTH_PX - 2 * _MARGIN - gutter) / 2
        spine_offset = 16.0
        card_w = col_w - 38
        blocks = [_measure_block(m, v, card_w) for v in views]
        k = _split_columns([b.height + _FIELD_GAP for b in blocks])
        columns = [
            (_MARGIN, _MARGIN + col_w, blocks[:k]),
            (WIDTH_PX - _MARGIN - col_w, WIDTH_PX - _MARGIN, blocks[k:]),
        ]
    bottom = top
    for col_x0, col_x1, blocks in columns:
        spine_x = col_x0 + spine_offset
        card_x0 = col_x0 + (46 if len(columns) == 1 else 38)
        y = top
        last_centre = top
        for block in blocks:
            centre = _draw_block(c, block, card_x0, col_x1, y)
            c.line([spine_x, card_x0], [centre, centre], color=_LINE, linewidth=1.8)
            c.circle(spine_x, centre, 4.5, facecolor=_LINE, edgecolor="none")
            last_centre = centre
            y += block.height + _FIELD_GAP
        c.line([spine_x, spine_x], [vision_bottom, last_centre], color=_LINE, linewidth=1.8)
        bottom = max(bottom, y - _FIELD_GAP)
    return bottom


def _alt_text(data: GoalMapData, views: list[_FieldView]) -> str:
    """German text version of the whole map for screen readers."""
    year = f" {data.target_year}" if data.target_year else ""
    lines = [f"Zielmapping {data.municipality}".strip() + "."]
    vision = " ".join((data.vision or "").split())
    lines.append(f"Vision{year}: „{vision}“" if vision else f"Vision{year}: noch offen.")
    if not views:
        lines.append("Noch keine Einträge: keine Handlungsfelder und keine strategischen Ziele.")
    for view in views:
        head = view.name if view.muted else f"Handlungsfeld {view.number}: {view.name}"
        lines.append(f"{head} ({_count_label(len(view.goals))})")
        if not view.goals:
            lines.append("  – noch keine Ziele zugeordnet")
        for index, goal in enumerate(view.goals):
            number = "–" if view.muted else f"Ziel {_goal_number(view, index)}:"
            lines.append(f"  {number} {goal}")
    return "\n".join(lines)
