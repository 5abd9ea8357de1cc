"""Wirkungsmodell (AS9): Input → Output → Outcome → Impact je Maßnahme.

Layout choice: on a 1080 px phone image, four side-by-side columns would be ~1.5 in wide, i.e.
about 20 characters per line, so a 300-character text becomes a 15-line sliver. Instead every
measure is a band in which the four stages are stacked top to bottom (Input ↓ Output ↓ Outcome ↓
Impact), each as a full-width box with a coloured stage tab on the left. The tabs line up into one
column and are linked by arrows, so the chain still reads as "four linked columns" turned by 90°;
a strip at the top shows the I-O-O-I sequence once as a legend. Body text gets ~60 characters per
line, which is legible without zooming.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.charts.base import (
    BASE_FONT_PT,
    DPI,
    MIN_FONT_PT,
    MUTED_COLOUR,
    PALETTE,
    PHONE_WIDTH_IN,
    TEXT_COLOUR,
    TITLE_FONT_PT,
    ChartResult,
    figure_to_png,
    tint,
)
from bot.charts.canvas import InchScene, SceneArrow, SceneRect, SceneText
from bot.charts.text import InchMeasurer

Stage = Literal["input", "output", "outcome", "impact"]

STAGES: tuple[Stage, ...] = ("input", "output", "outcome", "impact")
STAGE_NAMES: dict[Stage, str] = {
    "input": "Input",
    "output": "Output",
    "outcome": "Outcome",
    "impact": "Impact",
}
STAGE_SUBTITLES: dict[Stage, str] = {
    "input": "Ressourcen",
    "output": "Leistungen",
    "outcome": "Kurzfristige Wirkung",
    "impact": "Langfristige Wirkung",
}
STAGE_COLOURS: dict[Stage, str] = dict(zip(STAGES, PALETTE[:4], strict=True))

PLACEHOLDER = "Noch keine Einträge"
MISSING = "noch offen"


class ImpactChain(BaseModel):
    """One measure's chain from resources (input) to long-term effect (impact)."""

    model_config = ConfigDict(frozen=True)

    measure: str
    input: str = ""
    output: str = ""
    outcome: str = ""
    impact: str = ""
    indicators: dict[Stage, list[str]] = Field(default_factory=dict)


class ImpactModelData(BaseModel):
    """Input of :func:`render_impact_model`: the impact chains of all measures."""

    model_config = ConfigDict(frozen=True)

    title: str = "Wirkungsmodell"
    measures: list[ImpactChain] = Field(default_factory=list)


# --- geometry (inches) -------------------------------------------------------------------------
_MARGIN = 0.3
_CONTENT_W = PHONE_WIDTH_IN - 2 * _MARGIN
_BAND_PAD = 0.14  # inset of the stage boxes inside a measure band
_BOX_W = _CONTENT_W - 2 * _BAND_PAD
_TAB_W = 1.3
_PAD = 0.1  # padding inside boxes
_BOX_GAP = 0.26  # vertical gap between stage boxes (room for the arrow)
_BAND_GAP = 0.3  # gap between measure bands
_STRIP_GAP = 0.22  # horizontal gap between the chips of the I-O-O-I strip

_BODY_PT = BASE_FONT_PT - 0.5
_SMALL_PT = MIN_FONT_PT + 0.5
_HEADING_PT = BASE_FONT_PT + 1
_BAND_COLOUR = "#f2f4f7"
_BAND_EDGE = "#d5dae1"


_ROUNDING = 0.06  # corner radius of rounded boxes, inches


def _bullets(m: InchMeasurer, items: list[str], pt: float, width_in: float) -> str:
    """Bullet lines with a hanging indent, each wrapped to ``width_in``."""
    indent = "   "
    lines: list[str] = []
    for item in items:
        body = m.fit(item, width_in - m.size("• ", pt)[0], pt)[0]
        first, *rest = body.split("\n")
        lines.append("• " + first)
        lines.extend(indent + line for line in rest)
    return "\n".join(lines)


def _layout_header(m: InchMeasurer, scene: InchScene, title: str, y: float) -> float:
    """Title and the I-O-O-I strip; returns the new top."""
    title_text = m.fit(title, _CONTENT_W, TITLE_FONT_PT, "bold")[0]
    scene.texts.append(SceneText("title", _MARGIN, y, title_text, TITLE_FONT_PT, "bold"))
    y += m.size(title_text, TITLE_FONT_PT, "bold")[1] + 0.1
    intro = m.fit(
        "Wie jede Maßnahme wirken soll – von den eingesetzten Ressourcen bis zur "
        "langfristigen Wirkung in der Kommune:",
        _CONTENT_W,
        _SMALL_PT,
    )[0]
    scene.texts.append(SceneText("intro", _MARGIN, y, intro, _SMALL_PT, colour=MUTED_COLOUR))
    y += m.size(intro, _SMALL_PT)[1] + 0.12

    chip_w = (_CONTENT_W - 3 * _STRIP_GAP) / 4
    chips = []
    for stage in STAGES:
        name = m.fit(STAGE_NAMES[stage], chip_w - 2 * _PAD, BASE_FONT_PT, "bold")[0]
        sub = m.fit(STAGE_SUBTITLES[stage], chip_w - 2 * _PAD, MIN_FONT_PT)[0]
        chips.append((stage, name, sub))
    chip_h = max(
        m.size(name, BASE_FONT_PT, "bold")[1] + 0.05 + m.size(sub, MIN_FONT_PT)[1]
        for _, name, sub in chips
    )
    chip_h += 2 * _PAD
    for index, (stage, name, sub) in enumerate(chips):
        x = _MARGIN + index * (chip_w + _STRIP_GAP)
        colour = STAGE_COLOURS[stage]
        scene.rects.append(
            SceneRect(
                f"chip:{stage}", x, y, chip_w, chip_h, tint(colour, 0.22), colour, 1.2, _ROUNDING
            )
        )
        scene.texts.append(
            SceneText(
                f"stage:{stage}", x + chip_w / 2, y + _PAD, name, BASE_FONT_PT, "bold", ha="center"
            )
        )
        name_h = m.size(name, BASE_FONT_PT, "bold")[1]
        scene.texts.append(
            SceneText(
                f"stage_sub:{stage}",
                x + chip_w / 2,
                y + _PAD + name_h + 0.05,
                sub,
                MIN_FONT_PT,
                colour=MUTED_COLOUR,
                ha="center",
            )
        )
        if index < 3:
            scene.texts.append(
                SceneText(
                    f"strip_arrow:{index}",
                    x + chip_w + _STRIP_GAP / 2,
                    y + chip_h / 2 - 0.09,
                    "→",
                    BASE_FONT_PT + 1,
                    "bold",
                    MUTED_COLOUR,
                    ha="center",
                )
            )
    return y + chip_h + 0.3


def _layout_measure(
    m: InchMeasurer, scene: InchScene, index: int, chain: ImpactChain, y: float
) -> float:
    """One measure band with its four stacked stage boxes; returns the new top."""
    band_top = y
    y += _BAND_PAD
    heading = m.fit(f"Maßnahme {index + 1}: {chain.measure}", _BOX_W, _HEADING_PT, "bold")[0]
    inner_x = _MARGIN + _BAND_PAD
    scene.texts.append(SceneText(f"measure:{index}", inner_x, y, heading, _HEADING_PT, "bold"))
    y += m.size(heading, _HEADING_PT, "bold")[1] + 0.12

    body_x = inner_x + _TAB_W + _PAD
    body_w = _BOX_W - _TAB_W - 2 * _PAD
    tab_w = _TAB_W - 2 * _PAD
    for position, stage in enumerate(STAGES):
        colour = STAGE_COLOURS[stage]
        name = m.fit(STAGE_NAMES[stage], tab_w, BASE_FONT_PT, "bold")[0]
        sub = m.fit(STAGE_SUBTITLES[stage], tab_w, MIN_FONT_PT)[0]
        name_h = m.size(name, BASE_FONT_PT, "bold")[1]
        tab_h = name_h + 0.05 + m.size(sub, MIN_FONT_PT)[1]

        raw = getattr(chain, stage).strip()
        body = m.fit(raw, body_w, _BODY_PT)[0] if raw else MISSING
        body_h = m.size(body, _BODY_PT)[1]
        indicators = [item for item in chain.indicators.get(stage, []) if item.strip()]
        content_h = body_h
        ind_label = ind_text = None
        if indicators:
            ind_label = "Indikatoren" if len(indicators) > 1 else "Indikator"
            ind_text = _bullets(m, indicators, _SMALL_PT, body_w)
            content_h += 0.1 + m.size(ind_label, _SMALL_PT, "bold")[1] + 0.04
            content_h += m.size(ind_text, _SMALL_PT)[1]
        box_h = max(tab_h, content_h) + 2 * _PAD

        scene.rects.append(
            SceneRect(
                f"box:{index}:{stage}",
                inner_x,
                y,
                _BOX_W,
                box_h,
                "white",
                colour,
                1.0,
                _ROUNDING,
                2,
            )
        )
        scene.rects.append(
            # inset by the border width so the box outline stays visible around the tab
            SceneRect(
                None, inner_x, y + 0.008, _TAB_W, box_h - 0.016, tint(colour, 0.22), zorder=2.1
            )
        )
        scene.rects.append(SceneRect(None, inner_x, y, 0.07, box_h, colour, zorder=2.2))
        scene.texts.append(
            SceneText(
                f"tab:{index}:{stage}", inner_x + _PAD + 0.03, y + _PAD, name, BASE_FONT_PT, "bold"
            )
        )
        scene.texts.append(
            SceneText(
                f"tabsub:{index}:{stage}",
                inner_x + _PAD + 0.03,
                y + _PAD + name_h + 0.05,
                sub,
                MIN_FONT_PT,
                colour=MUTED_COLOUR,
            )
        )
        text_y = y + _PAD
        scene.texts.append(
            SceneText(
                f"text:{index}:{stage}",
                body_x,
                text_y,
                body,
                _BODY_PT,
                colour=TEXT_COLOUR if raw else MUTED_COLOUR,
                style="normal" if raw else "italic",
            )
        )
        if ind_label and ind_text:
            text_y += body_h + 0.1
            scene.texts.append(
                SceneText(
                    f"indlabel:{index}:{stage}",
                    body_x,
                    text_y,
                    ind_label,
                    _SMALL_PT,
                    "bold",
                    MUTED_COLOUR,
                )
            )
            text_y += m.size(ind_label, _SMALL_PT, "bold")[1] + 0.04
            scene.texts.append(
                SceneText(f"indicators:{index}:{stage}", body_x, text_y, ind_text, _SMALL_PT)
            )
        y += box_h
        if position < len(STAGES) - 1:
            scene.arrows.append(
                SceneArrow(
                    f"arrow:{index}:{position}", inner_x + _TAB_W / 2, y, y + _BOX_GAP, colour
                )
            )
            y += _BOX_GAP
    y += _BAND_PAD
    scene.rects.insert(
        0,
        SceneRect(
            f"band:{index}",
            _MARGIN,
            band_top,
            _CONTENT_W,
            y - band_top,
            _BAND_COLOUR,
            _BAND_EDGE,
            0.8,
            _ROUNDING,
            0.5,
        ),
    )
    return y + _BAND_GAP


def _alt_text(data: ImpactModelData) -> str:
    """German text version of the whole chart."""
    lines = [f"Wirkungsmodell: {data.title}."]
    if not data.measures:
        lines.append(f"{PLACEHOLDER}.")
        return "\n".join(lines)
    lines.append(
        "Für jede Maßnahme: Input (Ressourcen) → Output (Leistungen) → Outcome (kurzfristige "
        "Wirkung) → Impact (langfristige Wirkung)."
    )
    for index, chain in enumerate(data.measures):
        lines.append(f"Maßnahme {index + 1}: {chain.measure}")
        for stage in STAGES:
            text = getattr(chain, stage).strip() or MISSING
            line = f"- {STAGE_NAMES[stage]} ({STAGE_SUBTITLES[stage]}): {text}"
            indicators = [item for item in chain.indicators.get(stage, []) if item.strip()]
            if indicators:
                line += f" – Indikatoren: {'; '.join(indicators)}"
            lines.append(line)
    return "\n".join(lines)


def render_impact_model(data: ImpactModelData) -> ChartResult:
    """Render the impact model (I-O-O-I) of all measures as a phone-sized PNG."""
    measurer = InchMeasurer(em=0.48, coarse_above=30)
    scene = InchScene(linespacing=1.25)
    y = _layout_header(measurer, scene, data.title, 0.3)
    if data.measures:
        for index, chain in enumerate(data.measures):
            y = _layout_measure(measurer, scene, index, chain, y)
        y += 0.05 - _BAND_GAP
    else:
        box_h = 1.5
        scene.rects.append(
            SceneRect(
                "placeholder_box",
                _MARGIN,
                y,
                _CONTENT_W,
                box_h,
                _BAND_COLOUR,
                _BAND_EDGE,
                1,
                _ROUNDING,
            )
        )
        scene.texts.append(
            SceneText(
                "placeholder",
                PHONE_WIDTH_IN / 2,
                y + 0.4,
                PLACEHOLDER,
                _HEADING_PT + 1,
                "bold",
                ha="center",
            )
        )
        hint = measurer.fit(
            "Sobald für eine Maßnahme Input, Output, Outcome und Impact erfasst sind, "
            "erscheint hier ihr Wirkungsmodell.",
            _CONTENT_W - 0.6,
            _BODY_PT,
        )[0]
        scene.texts.append(
            SceneText(
                "hint",
                PHONE_WIDTH_IN / 2,
                y + 0.8,
                hint,
                _BODY_PT,
                colour=MUTED_COLOUR,
                ha="center",
            )
        )
        y += box_h
    height = math.ceil((y + 0.3) * DPI) / DPI
    fig, layout = scene.draw(height)
    return ChartResult.from_png(figure_to_png(fig), _alt_text(data), layout)
