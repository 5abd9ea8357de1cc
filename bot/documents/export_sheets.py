"""The export's readable tables: one sheet per work step, in German, for people.

Built from the raw rows of the export (``answers`` and ``members`` as stored): only current
contributions, with who gave them, what, about what and when (German date, Berlin time); no
internal ids, no JSON. A form or list entry gets one column per field, dot votes one row per
idea with its points. A contribution marked ``anonymous`` keeps no author. Links between
entries (stored as entry ids) are shown as the entries' titles.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs import parsing
from dialogs.links import Titles
from dialogs.prompts import PromptBase
from dialogs.records import Answer
from dialogs.steps import STEPS

LOCAL_TIME = ZoneInfo("Europe/Berlin")
WHO, QUESTION, ENTRY, ABOUT, POINTS, SCORE, WHEN = (
    "Wer", "Frage", "Eintrag", "Bezug", "Punkte", "Bewertung", "Wann",
)  # fmt: skip

#: Short German column names of entry fields (others use their question).
FIELD_LABELS = {
    "title": "Titel", "name": "Name", "kind": "Art", "year": "Jahr", "goals": "Ziele",
    "frequency": "Häufigkeit", "method": "Erhebung", "group": "Gruppe", "ring": "Einfluss",
    "note": "Notiz", "status": "Stand", "lane": "Spur", "start": "Beginn", "end": "Ende",
    "responsible": "Verantwortlich", "description": "Beschreibung", "focus": "Schwerpunkt",
    "role": "Rolle", "lead": "Federführung", "field": "Handlungsfeld", "idea": "Idee",
    "goal": "Ziel", "partners": "Partner", "category": "Kategorie", "project": "Projekt",
    "cost": "Kosten (€)", "followup_cost": "Folgekosten (€/Jahr)", "funding": "Finanzierung",
    "unit": "Einheit", "baseline": "Ausgangswert", "target": "Zielwert",
    "interval": "Intervall", "indicator": "Indikator", "date": "Datum", "value": "Wert",
}  # fmt: skip
_ISO_DATE = re.compile(r"\d{4}-(\d{2}(-\d{2})?|Q[1-4])")


@dataclass
class Sheet:
    """One table: a title, column names, rows (column → cell text or number)."""

    title: str
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)


def readable(value: Any) -> str:
    """A stored value as a person reads it: German numbers and dates, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nein"
    if isinstance(value, int) and abs(value) < 10000:
        return str(value)  # years stay years: 2021, not 2.021
    if isinstance(value, int | float):
        return parsing.format_german_number(value)
    if isinstance(value, str):
        return parsing.format_date(value) if _ISO_DATE.fullmatch(value) else value
    if isinstance(value, list):
        return ", ".join(readable(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {readable(v)}" for k, v in value.items())
    return str(value)


def when(stamp: str | None) -> str:
    """An ISO UTC timestamp as ``14.05.2026 12:00`` (German time)."""
    if not stamp:
        return ""
    return datetime.fromisoformat(stamp).astimezone(LOCAL_TIME).strftime("%d.%m.%Y %H:%M")


def _label(prompt_field: PromptBase) -> str:
    return FIELD_LABELS.get(prompt_field.key) or prompt_field.question.rstrip("?")


def _title(value: Any) -> str:
    """What names an entry: its first field, or the value itself."""
    if isinstance(value, dict):
        return readable(next(iter(value.values()), ""))
    return readable(value)


def step_sheets(
    answers: Sequence[dict[str, Any]], members: Sequence[dict[str, Any]]
) -> list[Sheet]:
    """One sheet per work step that has current contributions, in workshop order."""
    names = {m["id"]: m["display_name"] for m in members}
    current = [a for a in answers if a.get("replaced_by") is None and not a.get("deleted_at")]
    values = _shown_values(answers)
    sheets = []
    for step_id, step in STEPS.items():
        order = {p.key: i for i, p in enumerate(step.prompts)}
        rows = sorted(
            (a for a in current if a["step"] == step_id),
            key=lambda a: (order.get(a.get("prompt", ""), len(order)), a["id"]),
        )
        if not rows:
            continue
        sheet = Sheet(f"{step_id.partition('_')[0].upper()} {step.title}")
        labels: list[str] = []
        for prompt in step.prompts:
            labels += [_label(f) for f in _field_columns(prompt) if _label(f) not in labels]
        for answer in rows:
            prompt = step.prompt(answer.get("prompt", ""))
            who = "" if answer.get("anonymous") else names.get(answer.get("author_id"), "")
            base = {
                WHO: who,
                QUESTION: prompt.question if prompt else answer.get("prompt", ""),
                ABOUT: _title(values.get(answer.get("subject_id"))),
                WHEN: when(answer.get("created_at")),
            }
            sheet.rows += _rows(prompt, values[answer["id"]], base)
        used = {c for row in sheet.rows for c, v in row.items() if v not in ("", None)}
        ordered = [WHO, QUESTION, ENTRY, ABOUT, *labels, POINTS, SCORE, WHEN]
        sheet.columns = [c for c in ordered if c in used]
        sheets.append(sheet)
    return sheets


def _shown_values(answers: Sequence[dict[str, Any]]) -> dict[int, Any]:
    """Answer id → its value with links shown as titles (gone entries: their last title)."""
    values = {a["id"]: json.loads(a["value"]) for a in answers}
    records = [
        Answer(
            id=a["id"],
            team_id=a.get("team_id") or 0,
            step=a["step"],
            prompt=a["prompt"],
            subject_id=a.get("subject_id"),
            origin_id=a.get("origin_id"),
            author_id=None,
            value=values[a["id"]],
            created_at=datetime.fromisoformat(a["created_at"]),
        )
        for a in answers
        if {"step", "prompt", "created_at"} <= a.keys()
    ]
    current_ids = {
        a["id"] for a in answers if a.get("replaced_by") is None and not a.get("deleted_at")
    }
    current = [r for r in records if r.id in current_ids]
    titles = Titles(current, sorted(records, key=lambda r: r.id, reverse=True))
    return values | {record.id: titles.decode(record).value for record in records}


def _rows(prompt: PromptBase | None, value: Any, base: dict[str, Any]) -> list[dict[str, Any]]:
    kind = getattr(prompt, "kind", "")
    if kind == "dots" and isinstance(value, dict):
        return [base | {ENTRY: title, POINTS: dots} for title, dots in value.items()]
    if kind == "scale" and isinstance(value, int | float):
        return [base | {SCORE: value}]
    fields = getattr(prompt, "fields", ())
    if fields and isinstance(value, dict):
        row = base | {_label(f): readable(value.get(f.key)) for f in _field_columns(prompt)}
        if kind == "items":
            row[ENTRY] = readable(value.get(fields[0].key))
        return [row]
    return [base | {ENTRY: readable(value)}]


def _field_columns(prompt: PromptBase | None) -> tuple[PromptBase, ...]:
    """The fields with a column of their own (a list entry's first field is its „Eintrag“)."""
    fields = tuple(getattr(prompt, "fields", ()))
    return fields[1:] if getattr(prompt, "kind", "") == "items" else fields


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one ``.xlsx`` workbook; text stays text (never run as a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        page = book.create_sheet(_sheet_name(sheet.title, book.sheetnames))
        page.append(sheet.columns)
        for cell in page[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            page.append([row.get(c, "") for c in sheet.columns])
        for cells in page.iter_rows(min_row=2):
            for cell in cells:
                if cell.data_type == "f":
                    cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, column in enumerate(sheet.columns, start=1):
            letter = page.cell(row=1, column=index).column_letter
            page.column_dimensions[letter].width = 45 if column in (QUESTION, ENTRY) else 18
        page.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, taken: Sequence[str]) -> str:
    """Excel allows 31 characters and no ``[]:*?/\\`` in a sheet name."""
    name = re.sub(r"[\[\]:*?/\\]", "-", title)[:31]
    number = 2
    while name in taken:
        name = f"{name[:28]} {number}"
        number += 1
    return name
