"""The team export as one ZIP: every row as JSON and as CSV, summaries, the strategy paper.

Pure: the data was read in the transaction that answered ``/export``; this only writes the
archive (in a rendering worker). CSV files are UTF-8 with BOM and semicolons, so German Excel
opens them with umlauts; a cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
``@`` at the start) is prefixed with an apostrophe there – the JSON file keeps every value
exactly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from bot.charts.base import ChartResult
from bot.documents.export_sheets import step_sheets, workbook
from bot.documents.strategy_formats import build_strategy
from bot.documents.strategy_model import StrategyPaper

#: Columns whose text is JSON: decoded in ``daten.json``.
JSON_COLUMNS = frozenset({"value", "dialog_state", "model", "payload", "flow_state", "result"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

README = """Export der Smart-City-Werkstatt – {municipality}
Erstellt am {exported_at} (UTC).

Inhalt
- arbeitsschritte.xlsx: die aktuellen Beiträge als Arbeitsmappe, ein Blatt je Arbeitsschritt
  (Wer, Frage, Eintrag, Bezug, die Felder eines Eintrags, Punkte, Bewertung, Wann).
- arbeitsschritte/*.csv: dieselben Blätter als CSV-Dateien (UTF-8, Trennzeichen Semikolon).
- daten.json: alle Daten des Teams in einer Datei – je Tabelle alle Zeilen, Antworten mit
  ihrer ganzen Geschichte (ersetzte Fassungen: replaced_by, gelöschte: deleted_at). Diese
  Datei kann der Betreiber mit „werkstatt import“ in eine andere Werkstatt übernehmen.
- tabellen/*.csv: die Tabellen der Datenbank einzeln, für technische Auswertungen.
  In allen CSV-Dateien tragen Zellen, die mit =, +, - oder @ beginnen, ein vorangestelltes
  Apostroph, damit sie nicht als Formel ausgeführt werden; daten.json enthält die Werte
  unverändert.
- zusammenfassungen/*.md: die Zusammenfassung jedes Arbeitsschritts.
- strategie/: das Strategiepapier in seinem aktuellen Stand als Word, PDF und Markdown;
  strategie/fassungen/: der Text jeder festgeschriebenen Fassung.

{ids}Nicht enthalten sind die Codes der Einladungen (damit eine weitergegebene Datei niemandem den
Beitritt ermöglicht) sowie technische Tabellen des Versands.
"""
NO_IDS = "Nicht enthalten sind die Telegram-Kennungen der Mitglieder.\n"
WITH_IDS = (
    "ACHTUNG: Dieser Export des Betreibers enthält die Telegram-Kennungen der Mitglieder, damit\n"
    "sie nach „werkstatt import“ weiterarbeiten können. Nicht weitergeben.\n"
)


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    """JSON columns as values, everything else as stored."""
    return {
        column: _json(value) if column in JSON_COLUMNS and isinstance(value, str) else value
        for column, value in row.items()
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(_FORMULA_START) else text


def table_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8-sig")


def write_export(data: dict[str, Any], images: Sequence[Sequence[ChartResult]]) -> bytes:
    """The archive. ``data``: municipality, exported_at, tables (name → rows), columns (name
    → column names), summaries (file name → Markdown), paper (a StrategyPaper or None),
    versions (file name → Markdown of a finalised version)."""
    tables: dict[str, list[dict[str, Any]]] = data["tables"]
    columns: dict[str, list[str]] = data.get("columns", {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "LIESMICH.txt",
            README.format(
                municipality=data["municipality"],
                exported_at=data["exported_at"],
                ids=WITH_IDS if data.get("accounts") else NO_IDS,
            ),
        )
        everything = {
            "kommune": data["municipality"],
            "exportiert_am": data["exported_at"],
            "tabellen": {name: [_decoded(row) for row in rows] for name, rows in tables.items()},
        }
        archive.writestr(
            "daten.json", json.dumps(everything, ensure_ascii=False, indent=2, default=str)
        )
        for name, rows in tables.items():
            names = columns.get(name) or (list(rows[0]) if rows else [])
            archive.writestr(f"tabellen/{name}.csv", table_csv(rows, names))
        sheets = step_sheets(tables.get("answers", []), tables.get("members", []))
        for sheet in sheets:
            filename = re.sub(r"[^\w -]", "", sheet.title).strip()
            archive.writestr(
                f"arbeitsschritte/{filename}.csv", table_csv(sheet.rows, sheet.columns)
            )
        if sheets:
            archive.writestr("arbeitsschritte.xlsx", workbook(sheets))
        for filename, text in data.get("summaries", {}).items():
            archive.writestr(f"zusammenfassungen/{filename}", text)
        for filename, text in data.get("versions", {}).items():
            archive.writestr(f"strategie/fassungen/{filename}", text)
        if data.get("paper"):
            paper = StrategyPaper.model_validate(data["paper"])
            for fmt in ("docx", "pdf", "md"):
                archive.writestr(f"strategie/strategie.{fmt}", build_strategy(paper, fmt, images))
    return buffer.getvalue()
