"""Monitoring-Matrix (AS9): implementation status of every project, grouped by field of action.

Each project is a card tinted and edged in its status colour (red / orange / light green / green,
grey for "no report yet") and carries a badge with a symbol and the status in words, so the chart
reads without colour. A row of tiles at the top is both the legend and the count per status.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.charts.base import (
    BASE_FONT_PT,
    DPI,
    MIN_FONT_PT,
    MUTED_COLOUR,
    PHONE_WIDTH_IN,
    TEXT_COLOUR,
    TITLE_FONT_PT,
    ChartResult,
    figure_to_png,
    tint,
)
from bot.charts.canvas import InchScene, SceneRect, SceneText
from bot.charts.text import InchMeasurer
from dialogs.replies import count

Status = Literal["nicht_im_plan", "teilweise", "weitgehend", "erreicht"]

#: Status keys in display order; ``None`` means no report yet.
STATUSES: tuple[Status | None, ...] = (
    "nicht_im_plan",
    "teilweise",
    "weitgehend",
    "erreicht",
    None,
)
STATUS_LABELS: dict[Status | None, str] = {
    "nicht_im_plan": "nicht im Plan",
    "teilweise": "teilweise im Plan",
    "weitgehend": "weitgehend im Plan",
    "erreicht": "erreicht",
    None: "noch kein Bericht",
}
#: Symbols that carry the status without colour: ✗, half / three-quarter pie, ✓, "?".
STATUS_SYMBOLS: dict[Status | None, str] = {
    "nicht_im_plan": "✗",
    "teilweise": "◑",
    "weitgehend": "◕",
    "erreicht": "✓",
    None: "?",
}
STATUS_COLOURS: dict[Status | None, str] = {
    "nicht_im_plan": "#c62828",  # red
    "teilweise": "#ef6c00",  # orange
    "weitgehend": "#9ccc65",  # light green
    "erreicht": "#2e7d32",  # green
    None: "#b0b4b9",  # grey
}
#: Text colour on a badge of that status colour (contrast ≥ 4.5:1).
_BADGE_TEXT: dict[Status | None, str] = {
    "nicht_im_plan": "white",
    "teilweise": TEXT_COLOUR,
    "weitgehend": TEXT_COLOUR,
    "erreicht": "white",
    None: TEXT_COLOUR,
}

_KEYS: dict[Status | None, str] = {status: status or "kein_bericht" for status in STATUSES}

PLACEHOLDER = "Noch keine Einträge"
NO_FIELD = "Ohne Handlungsfeld"


class MonitoredProject(BaseModel):
    """One project and its latest monitoring report."""

    model_config = ConfigDict(frozen=True)

    title: str
    field: str = ""
    status: Status | None = None
    responsible: str | None = None
    updated: str | None = None


class MonitoringData(BaseModel):
    """Input of :func:`render_monitoring`."""

    model_config = ConfigDict(frozen=True)

    title: str = "Monitoring"
    projects: list[MonitoredProject] = Field(default_factory=list)


# --- geometry (inches) -------------------------------------------------------------------------
_MARGIN = 0.3
_CONTENT_W = PHONE_WIDTH_IN - 2 * _MARGIN
_STRIPE_W = 0.09
_PAD = 0.1
_CARD_GAP = 0.09
_FIELD_GAP = 0.26
_TILE_GAP = 0.12
_NAME_PT = BASE_FONT_PT - 0.5
_META_PT = MIN_FONT_PT
_BADGE_PT = MIN_FONT_PT
_FIELD_PT = BASE_FONT_PT + 1


def format_updated(value: str) -> str:
    """``2026-03-14`` → ``14.03.2026``, ``2026-03`` → ``03/2026``; anything else unchanged."""
    value = value.strip()
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", value):
        year, month, day = match.groups()
        return f"{day}.{month}.{year}"
    if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = match.groups()
        return f"{month}/{year}"
    return value


def status_text(status: Status | None) -> str:
    """Symbol and words for a status, e.g. ``"✓ erreicht"``."""
    return f"{STATUS_SYMBOLS[status]} {STATUS_LABELS[status]}"


def _groups(projects: list[MonitoredProject]) -> list[tuple[str, list[int]]]:
    """Project indices grouped by field of action, fields in order of first appearance."""
    groups: dict[str, list[int]] = {}
    for index, project in enumerate(projects):
        groups.setdefault(project.field.strip() or NO_FIELD, []).append(index)
    return list(groups.items())


def _layout_tiles(
    m: InchMeasurer, scene: InchScene, projects: list[MonitoredProject], y: float
) -> float:
    """One tile per status: symbol, count and label. Legend and summary in one."""
    tile_w = (_CONTENT_W - 4 * _TILE_GAP) / 5
    labels = {
        status: m.fit(STATUS_LABELS[status], tile_w - 2 * 0.06, _BADGE_PT)[0]
        for status in STATUSES
    }
    label_h = max(m.size(text, _BADGE_PT)[1] for text in labels.values())
    count_pt = BASE_FONT_PT + 4
    count_h = m.size("✓ 0", count_pt, "bold")[1]
    tile_h = 0.1 + count_h + 0.07 + label_h + 0.1
    for position, status in enumerate(STATUSES):
        key = _KEYS[status]
        colour = STATUS_COLOURS[status]
        x = _MARGIN + position * (tile_w + _TILE_GAP)
        in_status = sum(1 for project in projects if project.status == status)
        scene.rects.append(
            SceneRect(f"legend:{key}", x, y, tile_w, tile_h, tint(colour, 0.16), colour, 1.2, 0.06)
        )
        scene.rects.append(SceneRect(None, x, y, tile_w, 0.07, colour, zorder=1.1))
        scene.texts.append(
            SceneText(
                f"count:{key}",
                x + tile_w / 2,
                y + 0.12,
                f"{STATUS_SYMBOLS[status]} {in_status}",
                count_pt,
                "bold",
                ha="center",
            )
        )
        scene.texts.append(
            SceneText(
                f"legendlabel:{key}",
                x + tile_w / 2,
                y + 0.12 + count_h + 0.07,
                labels[status],
                _BADGE_PT,
                ha="center",
            )
        )
    return y + tile_h


def _layout_projects(
    m: InchMeasurer, scene: InchScene, projects: list[MonitoredProject], y: float
) -> float:
    """Field headers and one card per project; returns the new top."""
    badge_w = max(m.size(status_text(status), _BADGE_PT, "bold")[0] for status in STATUSES)
    badge_w += 2 * 0.1
    text_x = _MARGIN + _STRIPE_W + _PAD
    text_w = _CONTENT_W - _STRIPE_W - 2 * _PAD - badge_w - 0.15
    for number, (field, indices) in enumerate(_groups(projects)):
        y += _FIELD_GAP
        header = m.fit(field, _CONTENT_W - 1.3, _FIELD_PT, "bold")[0]
        scene.texts.append(SceneText(f"field:{number}", _MARGIN, y, header, _FIELD_PT, "bold"))
        header_h = m.size(header, _FIELD_PT, "bold")[1]
        scene.texts.append(
            SceneText(
                f"fieldcount:{number}",
                _MARGIN + _CONTENT_W,
                y + header_h,
                count(len(indices), "Projekt", "Projekte"),
                _META_PT,
                colour=MUTED_COLOUR,
                ha="right",
                va="bottom",
            )
        )
        y += header_h + 0.06
        scene.rects.append(SceneRect(None, _MARGIN, y, _CONTENT_W, 0.012, "#c3c8ce"))
        y += 0.1
        for index in indices:
            y = _layout_card(m, scene, index, projects[index], y, text_x, text_w, badge_w)
            y += _CARD_GAP
        y -= _CARD_GAP
    return y


def _layout_card(
    m: InchMeasurer,
    scene: InchScene,
    index: int,
    project: MonitoredProject,
    y: float,
    text_x: float,
    text_w: float,
    badge_w: float,
) -> float:
    """One project card; returns its bottom."""
    colour = STATUS_COLOURS[project.status]
    name = m.fit(project.title, text_w, _NAME_PT, "bold")[0]
    meta_parts = []
    if project.responsible:
        meta_parts.append(f"Verantwortlich: {project.responsible}")
    if project.updated:
        meta_parts.append(f"Stand: {format_updated(project.updated)}")
    meta = " · ".join(meta_parts)
    if meta and m.size(meta, _META_PT)[0] > text_w:  # one part per line rather than split one
        meta = "\n".join(m.fit(part, text_w, _META_PT)[0] for part in meta_parts)
    content_h = m.size(name, _NAME_PT, "bold")[1]
    if meta:
        content_h += 0.05 + m.size(meta, _META_PT)[1]
    badge_label = status_text(project.status)
    badge_h = m.size(badge_label, _BADGE_PT, "bold")[1] + 0.12
    card_h = max(content_h, badge_h) + 2 * _PAD

    scene.rects.append(
        SceneRect(
            f"project:{index}",
            _MARGIN,
            y,
            _CONTENT_W,
            card_h,
            tint(colour, 0.13),
            colour,
            1.0,
            0.05,
        )
    )
    scene.rects.append(SceneRect(None, _MARGIN, y, _STRIPE_W, card_h, colour, zorder=1.2))
    top = y + (card_h - content_h) / 2  # content block centred vertically
    scene.texts.append(SceneText(f"name:{index}", text_x, top, name, _NAME_PT, "bold"))
    if meta:
        name_h = m.size(name, _NAME_PT, "bold")[1]
        scene.texts.append(
            SceneText(
                f"meta:{index}",
                text_x,
                top + name_h + 0.05,
                meta,
                _META_PT,
                "normal",
                MUTED_COLOUR,
            )
        )
    badge_x = _MARGIN + _CONTENT_W - _PAD - badge_w
    badge_y = y + (card_h - badge_h) / 2
    scene.rects.append(
        SceneRect(
            f"status:{index}", badge_x, badge_y, badge_w, badge_h, colour, colour, 0.8, 0.07, 1.5
        )
    )
    scene.texts.append(
        SceneText(
            f"statustext:{index}",
            badge_x + badge_w / 2,
            badge_y + badge_h / 2,
            badge_label,
            _BADGE_PT,
            "bold",
            _BADGE_TEXT[project.status],
            ha="center",
            va="center",
        )
    )
    return y + card_h


def _alt_text(data: MonitoringData) -> str:
    """German text version: counts per status, then every project by field."""
    lines = [f"Monitoring-Matrix: {data.title}."]
    if not data.projects:
        lines.append(f"{PLACEHOLDER}.")
        return "\n".join(lines)
    groups = _groups(data.projects)
    lines.append(
        f"{count(len(data.projects), 'Projekt', 'Projekte')} in "
        f"{count(len(groups), 'Handlungsfeld', 'Handlungsfeldern')}."
    )
    counts = [
        f"{STATUS_LABELS[status]}: {sum(1 for p in data.projects if p.status == status)}"
        for status in STATUSES
    ]
    lines.append("Stand der Umsetzung – " + ", ".join(counts) + ".")
    for field, indices in groups:
        lines.append(f"Handlungsfeld {field}:")
        for index in indices:
            project = data.projects[index]
            line = f"- {project.title}: {STATUS_LABELS[project.status]}"
            if project.responsible:
                line += f"; verantwortlich: {project.responsible}"
            if project.updated:
                line += f"; Stand: {format_updated(project.updated)}"
            lines.append(line)
    return "\n".join(lines)


def render_monitoring(data: MonitoringData) -> ChartResult:
    """Render the monitoring matrix of all projects as a phone-sized PNG."""
    m = InchMeasurer(em=0.48, coarse_above=30)
    scene = InchScene(linespacing=1.22)
    y = 0.3
    title = m.fit(data.title, _CONTENT_W, TITLE_FONT_PT, "bold")[0]
    scene.texts.append(SceneText("title", _MARGIN, y, title, TITLE_FONT_PT, "bold"))
    y += m.size(title, TITLE_FONT_PT, "bold")[1] + 0.1
    if data.projects:
        fields = len(_groups(data.projects))
        summary = (
            f"Umsetzungsstand von {count(len(data.projects), 'Projekt', 'Projekten')} in "
            f"{count(fields, 'Handlungsfeld', 'Handlungsfeldern')}"
        )
        summary = m.fit(summary, _CONTENT_W, BASE_FONT_PT - 1)[0]
        scene.texts.append(
            SceneText("summary", _MARGIN, y, summary, BASE_FONT_PT - 1, colour=MUTED_COLOUR)
        )
        y += m.size(summary, BASE_FONT_PT - 1)[1] + 0.16
        y = _layout_tiles(m, scene, list(data.projects), y)
        y = _layout_projects(m, scene, list(data.projects), y + 0.05)
    else:
        y += 0.1
        scene.rects.append(
            SceneRect(
                "placeholder_box", _MARGIN, y, _CONTENT_W, 1.5, "#f2f4f7", "#d5dae1", 1.0, 0.06
            )
        )
        scene.texts.append(
            SceneText(
                "placeholder",
                PHONE_WIDTH_IN / 2,
                y + 0.5,
                PLACEHOLDER,
                BASE_FONT_PT + 2,
                "bold",
                ha="center",
                va="center",
            )
        )
        hint = m.fit(
            "Sobald die Verantwortlichen den Stand ihrer Projekte melden, erscheint hier die "
            "Monitoring-Matrix.",
            _CONTENT_W - 0.6,
            BASE_FONT_PT - 0.5,
        )[0]
        scene.texts.append(
            SceneText(
                "hint",
                PHONE_WIDTH_IN / 2,
                y + 1.0,
                hint,
                BASE_FONT_PT - 0.5,
                colour=MUTED_COLOUR,
                ha="center",
                va="center",
            )
        )
        y += 1.5
    height = math.ceil((y + 0.3) * DPI) / DPI
    fig, layout = scene.draw(height)
    return ChartResult.from_png(figure_to_png(fig), _alt_text(data), layout)
