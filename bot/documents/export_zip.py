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
import zipfile
from collections.abc import Sequence
from typing import Any

from bot.charts.base import ChartResult
from bot.documents.strategy_formats import build_strategy
from bot.documents.strategy_model import StrategyPaper

#: Columns whose text is JSON: decoded in ``daten.json``.
JSON_COLUMNS = frozenset({"value", "dialog_state", "model", "payload", "flow_state", "result"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

README = """Export der Smart-City-Werkstatt – {municipality}
Erstellt am {exported_at} (UTC).

Inhalt
- daten.json: alle Daten des Teams in einer Datei – je Tabelle alle Zeilen, Antworten mit
  ihrer ganzen Geschichte (ersetzte Fassungen: replaced_by, gelöschte: deleted_at).
- tabellen/*.csv: dieselben Tabellen einzeln, zum Öffnen in einer Tabellenkalkulation
  (UTF-8, Trennzeichen Semikolon). Zellen, die mit =, +, - oder @ beginnen, tragen dort ein
  vorangestelltes Apostroph, damit sie nicht als Formel ausgeführt werden; daten.json enthält
  die Werte unverändert.
- zusammenfassungen/*.md: die Zusammenfassung jedes Arbeitsschritts.
- strategie/: das Strategiepapier in seinem aktuellen Stand als Word, PDF und Markdown;
  strategie/fassungen/: der Text jeder festgeschriebenen Fassung.

Nicht enthalten sind Telegram-Kennungen der Mitglieder und die Codes der Einladungen (damit
eine weitergegebene Datei niemandem den Beitritt ermöglicht) sowie technische Tabellen des
Versands.
"""


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
            README.format(municipality=data["municipality"], exported_at=data["exported_at"]),
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
        for filename, text in data.get("summaries", {}).items():
            archive.writestr(f"zusammenfassungen/{filename}", text)
        for filename, text in data.get("versions", {}).items():
            archive.writestr(f"strategie/fassungen/{filename}", text)
        if data.get("paper"):
            paper = StrategyPaper.model_validate(data["paper"])
            for fmt in ("docx", "pdf", "md"):
                archive.writestr(f"strategie/strategie.{fmt}", build_strategy(paper, fmt, images))
    return buffer.getvalue()
