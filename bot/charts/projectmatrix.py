"""Projektmatrix (AS7.3): one card per project with traffic light, facts and score.

A seven-column table is unreadable on a phone, so every project gets a full-width card: a status
column on the left (coloured disc with a symbol plus the word, so it reads without colour), the
title with the score badge, a wrapped short description and a small label/value grid with
Handlungsfeld, Rolle der Kommune, Zeithorizont, Kosten and Beteiligte. Cards are sorted by
traffic light (grün, gelb, rot, offen) and then by score, highest first.

Layout keys use the project's index in the *input* list: ``row:<i>`` (the card), ``light:<i>``
(disc plus status word), and ``title:<i>``, ``description:<i>``, ``score:<i>``,
``<label>:<i>`` for the texts inside the card (see :data:`_FACT_KEYS`).
"""

from __future__ import annotations

from functools import partial

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle
from matplotlib.text import Text
from pydantic import BaseModel, ConfigDict, Field

from bot.charts.base import (
    FONT_FAMILY,
    MUTED_COLOUR,
    TEXT_COLOUR,
    TITLE_FONT_PT,
    TRAFFIC_LIGHT,
    WIDTH_PX,
    Box,
    ChartResult,
    figure_to_png,
    text_box,
    union,
)
from bot.charts.canvas import pixel_axes
from bot.charts.text import Font, TextMeasurer, draw_text
from dialogs.replies import count
from dialogs.results.as7 import Horizon, Light


class MatrixProject(BaseModel):
    """One project sketch as rated in AS7."""

    model_config = ConfigDict(frozen=True)

    title: str
    description: str = ""
    field: str = ""
    role: str = ""
    horizon: Horizon | None = None
    costs: str | None = None
    participants: list[str] = Field(default_factory=list)
    score: float | None = None
    light: Light | None = None


class ProjectMatrixData(BaseModel):
    """Input of :func:`render_project_matrix`."""

    model_config = ConfigDict(frozen=True)

    title: str = "Projektmatrix"
    projects: list[MatrixProject] = Field(default_factory=list)


# --- look -----------------------------------------------------------------------------------

_MARGIN = 28.0
_CARD_PAD = 18.0
_CARD_GAP = 14.0
_STATUS_COL = 112.0
_DISC_R = 25.0
_PAGE_BG = "#f2f3f5"
_CARD_EDGE = "#d4d7dc"
_UNSET_COLOUR = "#8a8a8a"

_TITLE_PT = 12.5
_BODY_PT = 10.0
_LABEL_PT = 9.0
_SCORE_PT = 16.0
_LINESPACING = 1.3
_font = partial(Font, linespacing=_LINESPACING)
_TITLE = _font(TITLE_FONT_PT, "bold")
_CARD_TITLE = _font(_TITLE_PT, "bold")
_BODY = _font(_BODY_PT)
_LABEL = _font(_LABEL_PT)
_LABEL_BOLD = _font(_LABEL_PT, "bold")
_SCORE = _font(_SCORE_PT, "bold")

#: Traffic light -> (symbol in the disc, word, disc colour, text colour, symbol colour).
_STATUS: dict[str | None, tuple[str, str, str, str, str]] = {
    "gruen": ("✓", "umsetzen", TRAFFIC_LIGHT["gruen"], "#1b5e20", "white"),
    "gelb": ("‖", "später", TRAFFIC_LIGHT["gelb"], "#7a5a00", TEXT_COLOUR),
    "rot": ("✗", "verwerfen", TRAFFIC_LIGHT["rot"], "#b71c1c", "white"),
    None: ("–", "offen", _UNSET_COLOUR, "#4a4a4a", "white"),
}
_LIGHT_NAMES = {"gruen": "grün", "gelb": "gelb", "rot": "rot", None: "nicht gesetzt"}
_ORDER = {"gruen": 0, "gelb": 1, "rot": 2, None: 3}
_HORIZON = {"kurz": "kurzfristig", "mittel": "mittelfristig", "lang": "langfristig"}

#: Layout key prefix -> visible label of the facts grid.
_FACT_KEYS = {
    "field": "Handlungsfeld",
    "role": "Rolle der Kommune",
    "horizon": "Zeithorizont",
    "costs": "Kosten",
    "participants": "Beteiligte",
}


# --- helpers --------------------------------------------------------------------------------


def _score_text(score: float | None) -> str:
    if score is None:
        return "–"
    text = f"{score:.1f}".replace(".", ",")
    return text.removesuffix(",0")


def _sorted(projects: list[MatrixProject]) -> list[tuple[int, MatrixProject]]:
    """Green, yellow, red, unset; within each: score descending (no score last)."""
    indexed = list(enumerate(projects))
    return sorted(
        indexed,
        key=lambda item: (
            _ORDER[item[1].light],
            item[1].score is None,
            -(item[1].score or 0.0),
            item[0],
        ),
    )


def _facts(project: MatrixProject) -> dict[str, str]:
    """Visible values of the facts grid (placeholders for missing answers)."""
    return {
        "field": project.field.strip() or "–",
        "role": project.role.strip() or "–",
        "horizon": _HORIZON[project.horizon] if project.horizon else "offen",
        "costs": (project.costs or "").strip() or "nicht angegeben",
        "participants": ", ".join(p.strip() for p in project.participants if p.strip()) or "–",
    }


def _alt_text(data: ProjectMatrixData, order: list[tuple[int, MatrixProject]]) -> str:
    if not data.projects:
        return f"{data.title}: Noch keine Einträge."
    counts = _counts(data.projects)
    lines = [
        f"{data.title}: {len(data.projects)} Projekte, sortiert nach Ampel und Bewertung "
        f"({counts}).",
    ]
    for rank, (_, project) in enumerate(order, start=1):
        word = _STATUS[project.light][1]
        facts = _facts(project)
        parts = [
            f"{rank}. {project.title.strip()}",
            f"Ampel {_LIGHT_NAMES[project.light]} ({word})",
            f"Bewertung: {_score_text(project.score)}",
        ]
        parts += [f"{label}: {facts[key]}" for key, label in _FACT_KEYS.items()]
        if project.description.strip():
            parts.append(f"Beschreibung: {' '.join(project.description.split()).rstrip('.')}")
        lines.append(" – ".join(parts[:2]) + "; " + "; ".join(parts[2:]) + ".")
    return "\n".join(lines)


def _counts(projects: list[MatrixProject]) -> str:
    parts = []
    for light in ("gruen", "gelb", "rot", None):
        n = sum(1 for p in projects if p.light == light)
        if n:
            parts.append(f"{n} {_STATUS[light][1]}")
    return ", ".join(parts)


# --- card planning ----------------------------------------------------------------------------


class _Card:
    """Pre-measured texts and relative offsets of one project card."""

    def __init__(self, index: int, project: MatrixProject, m: TextMeasurer) -> None:
        self.index = index
        self.project = project
        inner_w = WIDTH_PX - 2 * _MARGIN - 2 * _CARD_PAD
        content_w = inner_w - _STATUS_COL
        # Score column on the right (the weighted rating, not dots of the dot vote); "nicht
        # bewertet" in small type if the project is unscored.
        self.score = _score_text(project.score) if project.score is not None else ""
        self.unit = "Bewertung" if project.score is not None else "nicht bewertet"
        score_w = max(m.width(self.score, _SCORE), m.width(self.unit, _LABEL))
        text_w = content_w - score_w - 24
        self.title = m.wrap(project.title.strip() or "(ohne Titel)", text_w, _CARD_TITLE)
        title_h = m.height(self.title, _CARD_TITLE)
        self.score_line_h = m.height("0,", _SCORE) if self.score else 0.0
        score_h = self.score_line_h + m.height(self.unit, _LABEL)
        self.desc = ""
        desc_h = 0.0
        if project.description.strip():
            self.desc = m.wrap(project.description, text_w, _BODY)
            desc_h = m.height(self.desc, _BODY)
        # Facts grid: two columns (field/role | horizon/costs), participants across.
        facts = _facts(project)
        col_gap = 20.0
        col_w = (content_w - col_gap) * 0.56
        col_w2 = content_w - col_gap - col_w
        label_w = max(m.width(_FACT_KEYS[k], _LABEL) for k in ("field", "role")) + 10
        label_w2 = max(m.width(_FACT_KEYS[k], _LABEL) for k in ("horizon", "costs")) + 10
        self.facts: list[tuple[str, str, float, float, float]] = []  # key, text, x, y, label_x
        y = 0.0
        row_gap = 5.0
        for left, right in (("field", "horizon"), ("role", "costs")):
            left_text = m.wrap(facts[left], col_w - label_w, _BODY)
            right_text = m.wrap(facts[right], col_w2 - label_w2, _BODY)
            self.facts.append((left, left_text, label_w, y, 0.0))
            self.facts.append((right, right_text, col_w + col_gap + label_w2, y, col_w + col_gap))
            y += max(m.height(left_text, _BODY), m.height(right_text, _BODY)) + row_gap
        part_text = m.wrap(facts["participants"], content_w - label_w, _BODY)
        self.facts.append(("participants", part_text, label_w, y, 0.0))
        grid_h = y + m.height(part_text, _BODY)

        self.desc_y = title_h + 4
        self.grid_y = max(self.desc_y + desc_h, score_h) + (20 if desc_h else 12)
        content_h = self.grid_y + grid_h
        status_h = 2 * _DISC_R + 8 + m.height(_STATUS[project.light][1], _LABEL_BOLD)
        self.height = max(content_h, status_h) + 2 * _CARD_PAD


# --- drawing ----------------------------------------------------------------------------------


def _text(ax: Axes, x: float, y: float, s: str, size: float, **kwargs) -> Text:
    kwargs.setdefault("color", TEXT_COLOUR)
    kwargs.setdefault("va", "top")
    kwargs.setdefault("ha", "left")
    return draw_text(
        ax, x, y, s, fontsize=size, family=FONT_FAMILY, linespacing=_LINESPACING, **kwargs
    )


def _draw_disc(ax: Axes, cx: float, cy: float, r: float, light: str | None, size: float):
    symbol, _, colour, _, symbol_colour = _STATUS[light]
    disc = Circle((cx, cy), r, facecolor=colour, edgecolor="white", linewidth=1.5, zorder=3)
    ax.add_patch(disc)
    draw_text(
        ax,
        cx,
        cy,
        symbol,
        fontsize=size,
        weight="bold",
        color=symbol_colour,
        family=FONT_FAMILY,
        ha="center",
        va="center_baseline",
        zorder=4,
    )
    return disc


def _draw_card(fig: Figure, ax: Axes, card: _Card, top: float, layout: dict[str, Box]) -> None:
    x0, x1 = _MARGIN, WIDTH_PX - _MARGIN
    y1, y0 = top, top - card.height
    project = card.project
    _, word, colour, text_colour, _ = _STATUS[project.light]
    i = card.index

    body = FancyBboxPatch(
        (x0, y0),
        x1 - x0,
        y1 - y0,
        boxstyle="round,pad=0,rounding_size=10",
        facecolor="white",
        edgecolor=_CARD_EDGE,
        linewidth=1.0,
        zorder=1,
    )
    ax.add_patch(body)
    # Accent strip on the left in the status colour, clipped to the rounded card.
    strip = Rectangle((x0, y0), 8, y1 - y0, facecolor=colour, edgecolor="none", zorder=2)
    strip.set_clip_path(body)
    ax.add_patch(strip)
    layout[f"row:{i}"] = text_box(fig, body)

    # Status column: disc with symbol, word below.
    cx = x0 + _CARD_PAD + _STATUS_COL / 2 - 6
    cy = y1 - _CARD_PAD - _DISC_R
    disc = _draw_disc(ax, cx, cy, _DISC_R, project.light, 17)
    status = _text(
        ax, cx, cy - _DISC_R - 8, word, _LABEL_PT, weight="bold", color=text_colour, ha="center"
    )
    layout[f"light:{i}"] = union([text_box(fig, disc), text_box(fig, status)])

    # Content column.
    cx0 = x0 + _CARD_PAD + _STATUS_COL
    ct = y1 - _CARD_PAD
    title = _text(ax, cx0, ct, card.title, _TITLE_PT, weight="bold")
    layout[f"title:{i}"] = text_box(fig, title)
    sx = x1 - _CARD_PAD
    unit = _text(
        ax, sx, ct - card.score_line_h, card.unit, _LABEL_PT, color=MUTED_COLOUR, ha="right"
    )
    score_box = text_box(fig, unit)
    if card.score:
        score = _text(
            ax, sx, ct, card.score, _SCORE_PT, weight="bold", ha="right", color=text_colour
        )
        score_box = union([score_box, text_box(fig, score)])
    layout[f"score:{i}"] = score_box
    if card.desc:
        desc = _text(ax, cx0, ct - card.desc_y, card.desc, _BODY_PT, color=MUTED_COLOUR)
        layout[f"description:{i}"] = text_box(fig, desc)
        rule_y = ct - card.grid_y + 10
        ax.plot([cx0, sx], [rule_y, rule_y], color="#e3e5e8", linewidth=1.0, zorder=2)
    for key, value, vx, vy, lx in card.facts:
        gy = ct - card.grid_y - vy
        label = _text(ax, cx0 + lx, gy - 1.5, _FACT_KEYS[key], _LABEL_PT, color=MUTED_COLOUR)
        val = _text(ax, cx0 + vx, gy, value, _BODY_PT)
        layout[f"{key}:{i}"] = union([text_box(fig, label), text_box(fig, val)])


def _draw_legend(
    fig: Figure, ax: Axes, projects: list[MatrixProject], top: float, m: TextMeasurer
) -> float:
    """Status legend with counts; returns the y below it."""
    x = _MARGIN
    r = 11.0
    cy = top - r
    for light in ("gruen", "gelb", "rot", None):
        n = sum(1 for p in projects if p.light == light)
        label = f"{_STATUS[light][1]} ({n})"
        width = 2 * r + 8 + m.width(label, _BODY) + 22
        if x + width > WIDTH_PX - _MARGIN:
            x = _MARGIN
            cy -= 2 * r + 10
        _draw_disc(ax, x + r, cy, r, light, 9.5)
        _text(ax, x + 2 * r + 8, cy, label, _BODY_PT, va="center_baseline")
        x += width
    return cy - r


def render_project_matrix(data: ProjectMatrixData) -> ChartResult:
    """Render the project matrix as a stack of phone-width project cards."""
    m = TextMeasurer(hyphens=False)
    order = _sorted(list(data.projects))
    title_text = m.wrap(data.title.strip() or "Projektmatrix", WIDTH_PX - 2 * _MARGIN, _TITLE)
    title_h = m.height(title_text, _TITLE)
    sub = (
        f"{count(len(data.projects), 'Projekt', 'Projekte')} · sortiert nach Ampel, "
        "dann gewichteter Bewertung"
        if data.projects
        else "Projekte mit Ampel, Rolle, Zeithorizont und Kosten"
    )
    header_h = _MARGIN + title_h + 8 + m.height(sub, _BODY) + 16
    cards = [_Card(i, p, m) for i, p in order]
    legend_h = 2 * 11.0 + 10 + 18 if data.projects else 0.0
    body_h = sum(c.height for c in cards) + _CARD_GAP * (len(cards) - 1) if cards else 180.0
    height_px = round(header_h + legend_h + body_h + _MARGIN)

    fig, ax = pixel_axes(height_px)
    ax.add_patch(Rectangle((0, 0), WIDTH_PX, height_px, facecolor=_PAGE_BG, edgecolor="none"))

    layout: dict[str, Box] = {}
    top = height_px - _MARGIN
    title = _text(ax, _MARGIN, top, title_text, TITLE_FONT_PT, weight="bold")
    layout["title"] = text_box(fig, title)
    subtitle = _text(ax, _MARGIN, layout["title"].y0 - 8, sub, _BODY_PT, color=MUTED_COLOUR)
    layout["subtitle"] = text_box(fig, subtitle)
    top = height_px - header_h

    if not cards:
        box = FancyBboxPatch(
            (_MARGIN, top - body_h),
            WIDTH_PX - 2 * _MARGIN,
            body_h,
            boxstyle="round,pad=0,rounding_size=10",
            facecolor="white",
            edgecolor=_CARD_EDGE,
            linewidth=1.0,
            linestyle="--",
        )
        ax.add_patch(box)
        cy = top - body_h / 2
        empty = _text(
            ax,
            WIDTH_PX / 2,
            cy + 8,
            "Noch keine Einträge",
            13,
            weight="bold",
            color=MUTED_COLOUR,
            ha="center",
            va="bottom",
        )
        hint = _text(
            ax,
            WIDTH_PX / 2,
            cy - 4,
            "Bewertete Projektskizzen erscheinen hier mit ihrer Ampel.",
            _BODY_PT,
            color=MUTED_COLOUR,
            ha="center",
        )
        layout["placeholder"] = union([text_box(fig, empty), text_box(fig, hint)])
    else:
        top = _draw_legend(fig, ax, list(data.projects), top, m) - 18
        for card in cards:
            _draw_card(fig, ax, card, top, layout)
            top -= card.height + _CARD_GAP

    return ChartResult.from_png(figure_to_png(fig), _alt_text(data, order), layout)
