"""Completion overview of the "Fragebogen Digitalisierung" (work step 2).

A grid of people × question groups: every cell says "3/5" (answered of asked) and is filled in
proportion, so it reads without colour; a total per person on the right and per group at the
bottom. Group labels and names wrap by measurement; the grid grows in height with the team.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, model_validator

from bot.charts.base import (
    BASE_FONT_PT,
    MIN_FONT_PT,
    MUTED_COLOUR,
    PALETTE,
    TITLE_FONT_PT,
    WIDTH_PX,
    Box,
    ChartResult,
    mix,
)
from bot.charts.canvas import PixelCanvas
from bot.charts.text import Font, TextMeasurer

#: The six question groups of the questionnaire, in the handbook's order.
QUESTION_GROUPS = (
    "Allgemeines",
    "Ausstattung und Dienste",
    "IT-Kompetenz",
    "IKT-Infrastruktur",
    "Kommunale Daten",
    "Digitale Projekte",
)


class PersonProgress(BaseModel):
    """How many questions one person was asked and has answered, per question group;
    ``finished``: the person counts as „fertig“ (decided by the step's result, where skipping
    to the end is allowed)."""

    model_config = ConfigDict(frozen=True)

    name: str
    answered: list[NonNegativeInt]
    asked: list[NonNegativeInt]
    finished: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> PersonProgress:
        if len(self.answered) != len(self.asked):
            raise ValueError(
                f"{self.name}: answered has {len(self.answered)} groups, asked {len(self.asked)}"
            )
        for i, (done, total) in enumerate(zip(self.answered, self.asked, strict=True)):
            if done > total:
                raise ValueError(f"{self.name}: group {i} answered {done} > asked {total}")
        return self


class QuestionnaireData(BaseModel):
    """Questionnaire progress of every key person; lists per person follow ``groups``."""

    model_config = ConfigDict(frozen=True)

    municipality: str
    groups: list[str] = Field(default_factory=lambda: list(QUESTION_GROUPS))
    people: list[PersonProgress] = []

    @model_validator(mode="after")
    def _one_value_per_group(self) -> QuestionnaireData:
        for person in self.people:
            if len(person.asked) != len(self.groups):
                raise ValueError(
                    f"{person.name}: {len(person.asked)} values for {len(self.groups)} groups"
                )
        return self


# Geometry in figure pixels (WIDTH_PX wide).
_MARGIN = 22.0
_CELL_GAP = 6.0
_NAME_GAP = 10.0
_TOTAL_GAP = 16.0
_TOTAL_W = 88.0
_ROTATED_LENGTH = 220.0  # line length of turned group labels
_CELL_MIN_W = 66.0  # holds "8/8 ✓"
_NAME_MIN, _NAME_MAX = 130.0, 250.0
_ROW_MIN_H = 42.0
_ROW_GAP = 6.0
_HEADER_GAP = 10.0
_SECTION_GAP = 16.0  # above the totals row and above the legend

_TITLE_PT = TITLE_FONT_PT
_SUBTITLE_PT = 9.5
_NAME_PT = 10.0
_CELL_PT = 10.0
_HEADER_PTS = (9.5, 9.0, MIN_FONT_PT)
_LEGEND_PT = 9.0
_TITLE_FONT = Font(_TITLE_PT, "bold")
_SUBTITLE_FONT = Font(_SUBTITLE_PT)
_NAME_FONT = Font(_NAME_PT)
_NAME_BOLD = Font(_NAME_PT, "bold")
_HINT_FONT = Font(BASE_FONT_PT)

_TRACK = "#eceff3"  # empty part of a cell
_EDGE = "#c9ced6"
_PARTIAL = mix(PALETTE[0], "#ffffff", 0.55)  # blue, lightened: partly answered
_COMPLETE = mix(PALETTE[2], "#ffffff", 0.5)  # green, lightened: all asked answered
_NOT_ASKED = "#f6f6f6"
_CHECK = "✓"
_TITLE = "Fragebogen Digitalisierung"
_DASH = "–"


def _widest_piece(m: TextMeasurer, text: str, font: Font) -> float:
    """Width of the widest unbreakable piece (word or hyphen-part) of ``text``."""
    pieces = [p for word in text.split(" ") for p in word.replace("-", "- ").split(" ") if p]
    return max((m.width(p, font) for p in pieces), default=0.0)


def _widest_line(m: TextMeasurer, text: str, font: Font) -> float:
    """Width of the widest line of ``text``."""
    return max(m.width(line, font) for line in text.split("\n"))


def _percent(done: int, total: int) -> str:
    """ "60 %"; rounded down unless complete, so 199 of 200 never shows as 100 %."""
    if total == 0:
        return _DASH
    value = 100 if done == total else min(99, 100 * done // total)
    return f"{value}\u00a0%"


def _fill(done: int, total: int) -> str:
    return _COMPLETE if total and done == total else _PARTIAL


@dataclass(frozen=True)
class _Columns:
    name_w: float
    group_w: float
    header_pt: float
    rotated: bool  # group labels turned by 90° because the columns are too narrow for them


def _shown_name(person: PersonProgress) -> str:
    """The name in the grid; „✓“ marks a person who is „fertig“."""
    return f"{person.name} ✓" if person.finished else person.name


def _columns(data: QuestionnaireData, m: TextMeasurer) -> _Columns:
    """Column widths and header font size, all measured.

    The name column holds the widest unbreakable piece of any name (so names never split inside
    a word); each group column holds the widest piece of any group label at the largest header
    size that allows it. Room left over goes to the names (up to their full width), then to the
    groups. When even the smallest size does not fit (many groups), the labels are turned.
    """
    n = len(data.groups)
    budget = WIDTH_PX - (2 * _MARGIN + _NAME_GAP + _TOTAL_GAP + _TOTAL_W + (n - 1) * _CELL_GAP)
    pieces = max(_widest_piece(m, _shown_name(p), _NAME_FONT) for p in data.people)
    name_need = min(_NAME_MAX, max(_NAME_MIN, pieces + 2))
    name_full = min(
        _NAME_MAX,
        max(name_need, *(_widest_line(m, _shown_name(p), _NAME_FONT) for p in data.people)),
    )
    for size in _HEADER_PTS:
        group_need = max(_widest_piece(m, label, Font(size)) for label in data.groups) + 6
        spare = budget - name_need - n * group_need
        if spare >= 0:
            name_w = min(name_full, name_need + spare)
            return _Columns(name_w, (budget - name_w) / n, size, rotated=False)
    name_w = max(_NAME_MIN, min(name_need, budget - n * _CELL_MIN_W))
    return _Columns(name_w, (budget - name_w) / n, _HEADER_PTS[0], rotated=True)


def _header_labels(data: QuestionnaireData, cols: _Columns, m: TextMeasurer) -> list[str]:
    """Group labels wrapped to their column, or, when turned, to as few lines as fit across."""
    if not cols.rotated:
        return [m.wrap(label, cols.group_w - 4, Font(cols.header_pt)) for label in data.groups]
    labels = []
    for label in data.groups:
        length = _ROTATED_LENGTH
        wrapped = m.wrap(label, length, Font(cols.header_pt))
        while m.height(wrapped, Font(cols.header_pt)) > cols.group_w - 4 and length < 2000:
            length += 60
            wrapped = m.wrap(label, length, Font(cols.header_pt))
        labels.append(wrapped)
    return labels


def _alt_text(data: QuestionnaireData, title: str) -> str:
    lines = [f"{title}: beantwortete Fragen je Person und Fragengruppe."]
    for person in data.people:
        parts = [
            f"{group} {done} von {total}" if total else f"{group} nicht gefragt"
            for group, done, total in zip(data.groups, person.answered, person.asked, strict=True)
        ]
        done, total = sum(person.answered), sum(person.asked)
        summary = f"{done} von {total} ({_percent(done, total)})" if total else "nichts gefragt"
        if person.finished:
            summary += ", fertig"
        lines.append(f"{person.name}: insgesamt {summary}; " + ", ".join(parts) + ".")
    group_parts = []
    for g, group in enumerate(data.groups):
        done = sum(p.answered[g] for p in data.people)
        total = sum(p.asked[g] for p in data.people)
        group_parts.append(
            f"{group} {done} von {total} ({_percent(done, total)})"
            if total
            else f"{group} nicht gefragt"
        )
    lines.append("Alle Personen je Fragengruppe: " + ", ".join(group_parts) + ".")
    done = sum(sum(p.answered) for p in data.people)
    total = sum(sum(p.asked) for p in data.people)
    finished = sum(1 for p in data.people if p.finished)
    lines.append(
        f"Insgesamt {done} von {total} Fragen beantwortet ({_percent(done, total)}); "
        f"{finished} von {len(data.people)} Personen fertig."
    )
    return "\n".join(lines)


def _title(data: QuestionnaireData) -> str:
    municipality = data.municipality.strip()
    return f"Fragebogen Digitalisierung – {municipality}" if municipality else _TITLE


def _placeholder(data: QuestionnaireData, m: TextMeasurer) -> ChartResult:
    """Friendly chart for a questionnaire nobody has received yet."""
    title = m.wrap(_title(data), WIDTH_PX - 2 * _MARGIN, _TITLE_FONT)
    title_h = m.height(title, _TITLE_FONT)
    hint = m.wrap(
        "Sobald der Fragebogen verschickt ist, zeigt diese Übersicht, wer wie viele Fragen "
        "beantwortet hat.",
        WIDTH_PX - 2 * _MARGIN - 80,
        _HINT_FONT,
    )
    box_h = 60 + m.height(hint, _HINT_FONT) + 26
    height = math.ceil(2 * _MARGIN + title_h + 24 + box_h)
    canvas = PixelCanvas(height)
    top = height - _MARGIN
    canvas.text(_MARGIN, top, title, "title", fontsize=_TITLE_PT, weight="bold", va="top")
    frame = Box(_MARGIN, _MARGIN, WIDTH_PX - _MARGIN, _MARGIN + box_h)
    canvas.rect(frame, facecolor=_NOT_ASKED, edgecolor=_EDGE, linewidth=1.0)
    canvas.text(
        WIDTH_PX / 2,
        frame.y1 - 30,
        "Noch keine Einträge",
        "placeholder",
        fontsize=12.5,
        weight="bold",
        color=MUTED_COLOUR,
        ha="center",
        va="center",
    )
    canvas.text(
        WIDTH_PX / 2,
        frame.y1 - 60,
        hint,
        "hint",
        fontsize=BASE_FONT_PT,
        color=MUTED_COLOUR,
        ha="center",
        va="top",
        multialignment="center",
    )
    return canvas.result(f"{_title(data)}: Noch keine Einträge.")


def _cell(
    canvas: PixelCanvas,
    box: Box,
    done: int,
    total: int,
    keys: tuple[str | None, str | None] = (None, None),
    as_percent: bool = False,
    size: float = _CELL_PT,
) -> None:
    """One grid cell: a track filled in proportion to ``done/total`` with the numbers on top.

    ``keys`` name the cell rectangle and its text in the layout.
    """
    key, value_key = keys
    centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    if total == 0:
        canvas.rect(box, key, facecolor=_NOT_ASKED, edgecolor=_EDGE, linewidth=0.8, hatch="///")
        canvas.text(
            *centre,
            _DASH,
            value_key,
            fontsize=size,
            color=MUTED_COLOUR,
            ha="center",
            va="center",
            bbox={"boxstyle": "square,pad=0.2", "facecolor": _NOT_ASKED, "edgecolor": "none"},
        )
        return
    canvas.rect(box, key, facecolor=_TRACK, edgecolor="none")
    if done:
        width = (box.x1 - box.x0) * done / total
        canvas.rect(Box(box.x0, box.y0, box.x0 + width, box.y1), facecolor=_fill(done, total))
    canvas.rect(box, facecolor="none", edgecolor=_EDGE, linewidth=0.8)
    if as_percent:
        label = _percent(done, total)
    else:
        label = f"{done}/{total}" + (f"\u00a0{_CHECK}" if done == total else "")
    canvas.text(
        *centre,
        label,
        value_key,
        fontsize=size,
        weight="bold" if as_percent else "normal",
        ha="center",
        va="center_baseline",
    )


_LEGEND_ITEMS = (
    (3, 5, "teilweise beantwortet"),
    (5, 5, "alle beantwortet"),
    (0, 0, "nicht gefragt"),
)
_LEGEND_CELL = (62.0, 28.0)


def _legend(canvas: PixelCanvas, top: float) -> None:
    """A row of sample cells, each with what it means."""
    x = _MARGIN
    box = canvas.text(
        x,
        top - _LEGEND_CELL[1] / 2,
        "Lesehilfe:",
        "legend",
        fontsize=_LEGEND_PT,
        color=MUTED_COLOUR,
        va="center",
    )
    x = box.x1 + 12
    for i, (done, total, meaning) in enumerate(_LEGEND_ITEMS):
        cell = Box(x, top - _LEGEND_CELL[1], x + _LEGEND_CELL[0], top)
        _cell(canvas, cell, done, total, (f"legend:sample:{i}", None), size=_LEGEND_PT)
        label = canvas.text(
            cell.x1 + 8,
            (cell.y0 + cell.y1) / 2,
            meaning,
            f"legend:text:{i}",
            fontsize=_LEGEND_PT,
            color=MUTED_COLOUR,
            va="center",
        )
        x = label.x1 + 22


def render_questionnaire(data: QuestionnaireData) -> ChartResult:
    """Render the completion grid (people × question groups) with totals as one PNG.

    Layout keys: ``cell:<person>:<group>`` (cell rectangles), ``value:<person>:<group>`` (their
    text), ``person:<i>``, ``group:<i>``, ``total:person:<i>``, ``total:group:<i>``,
    ``total:all`` (with ``value:`` twins), ``title``, ``subtitle``, ``header:total``,
    ``label:all`` and ``legend…``.
    """
    m = TextMeasurer()
    if not data.people or not data.groups:
        return _placeholder(data, m)

    cols = _columns(data, m)
    name_w, group_w, header_pt = cols.name_w, cols.group_w, cols.header_pt
    x_groups = [
        _MARGIN + name_w + _NAME_GAP + g * (group_w + _CELL_GAP) for g in range(len(data.groups))
    ]
    x_total = WIDTH_PX - _MARGIN - _TOTAL_W
    content_w = WIDTH_PX - 2 * _MARGIN

    all_done = sum(sum(p.answered) for p in data.people)
    all_asked = sum(sum(p.asked) for p in data.people)
    finished = sum(1 for p in data.people if p.finished)
    people = "Person" if len(data.people) == 1 else "Personen"
    stats = (
        f"Insgesamt {all_done}\u00a0von\u00a0{all_asked} Fragen beantwortet "
        f"({_percent(all_done, all_asked)}) · "
        f"{finished}\u00a0von\u00a0{len(data.people)}\u00a0{people}\u00a0fertig\u00a0(✓)"
    )
    title = m.wrap(_title(data), content_w, _TITLE_FONT)
    subtitle = (
        m.wrap("Beantwortete Fragen je Person und Fragengruppe", content_w, _SUBTITLE_FONT)
        + "\n"
        + m.wrap(stats, content_w, _SUBTITLE_FONT)
    )
    headers = _header_labels(data, cols, m)
    names = [m.wrap(_shown_name(p), name_w, _NAME_FONT) for p in data.people]
    all_label = m.wrap("Alle Personen", name_w, _NAME_BOLD)

    title_h = m.height(title, _TITLE_FONT)
    subtitle_h = m.height(subtitle, _SUBTITLE_FONT)
    header_h = max(
        [
            _widest_line(m, h, Font(header_pt)) if cols.rotated else m.height(h, Font(header_pt))
            for h in headers
        ]
        + [m.height("Gesamt", Font(header_pt))]
    )
    row_h = [max(_ROW_MIN_H, m.height(name, _NAME_FONT) + 10) for name in names]
    total_h = max(_ROW_MIN_H, m.height(all_label, _NAME_BOLD) + 10)
    height = math.ceil(
        2 * _MARGIN
        + title_h
        + 8
        + subtitle_h
        + 20
        + header_h
        + _HEADER_GAP
        + sum(row_h)
        + _ROW_GAP * (len(row_h) - 1)
        + _SECTION_GAP
        + total_h
        + _SECTION_GAP
        + _LEGEND_CELL[1]
    )
    canvas = PixelCanvas(height)

    y = height - _MARGIN
    canvas.text(_MARGIN, y, title, "title", fontsize=_TITLE_PT, weight="bold", va="top")
    y -= title_h + 8
    canvas.text(
        _MARGIN, y, subtitle, "subtitle", fontsize=_SUBTITLE_PT, color=MUTED_COLOUR, va="top"
    )
    y -= subtitle_h + 20
    grid_top = y
    y -= header_h

    for g, label in enumerate(headers):
        canvas.text(
            x_groups[g] + group_w / 2,
            y,
            label,
            f"group:{g}",
            fontsize=header_pt,
            ha="center",
            va="bottom",
            multialignment="left" if cols.rotated else "center",
            rotation=90 if cols.rotated else 0,
        )
    canvas.text(
        x_total + _TOTAL_W / 2,
        y,
        "Gesamt",
        "header:total",
        fontsize=header_pt,
        weight="bold",
        ha="center",
        va="bottom",
    )
    y -= _HEADER_GAP

    for p, person in enumerate(data.people):
        y0, y1 = y - row_h[p], y
        canvas.text(
            _MARGIN, (y0 + y1) / 2, names[p], f"person:{p}", fontsize=_NAME_PT, va="center"
        )
        for g, x0 in enumerate(x_groups):
            _cell(
                canvas,
                Box(x0, y0, x0 + group_w, y1),
                person.answered[g],
                person.asked[g],
                (f"cell:{p}:{g}", f"value:{p}:{g}"),
            )
        _cell(
            canvas,
            Box(x_total, y0, x_total + _TOTAL_W, y1),
            sum(person.answered),
            sum(person.asked),
            (f"total:person:{p}", f"value:total:person:{p}"),
            as_percent=True,
        )
        y = y0 - _ROW_GAP

    y += _ROW_GAP - _SECTION_GAP / 2
    canvas.line((_MARGIN, WIDTH_PX - _MARGIN), (y, y), color=MUTED_COLOUR, linewidth=1.0)
    y -= _SECTION_GAP / 2
    y0 = y - total_h
    canvas.text(
        _MARGIN,
        (y0 + y) / 2,
        all_label,
        "label:all",
        fontsize=_NAME_PT,
        weight="bold",
        va="center",
    )
    for g, x0 in enumerate(x_groups):
        _cell(
            canvas,
            Box(x0, y0, x0 + group_w, y),
            sum(p.answered[g] for p in data.people),
            sum(p.asked[g] for p in data.people),
            (f"total:group:{g}", f"value:total:group:{g}"),
            as_percent=True,
        )
    _cell(
        canvas,
        Box(x_total, y0, x_total + _TOTAL_W, y),
        all_done,
        all_asked,
        ("total:all", "value:total:all"),
        as_percent=True,
    )
    x_rule = x_total - _TOTAL_GAP / 2
    canvas.line((x_rule, x_rule), (y0, grid_top), color=_EDGE, linewidth=1.0)
    _legend(canvas, y0 - _SECTION_GAP)
    return canvas.result(_alt_text(data, _title(data)))
