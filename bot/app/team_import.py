"""``werkstatt import``: a team from its export (``export.zip`` or its ``daten.json``) into a
database, e.g. to move it to another operator.

The raw JSON of the export holds every row of the team with JSON columns decoded; here they
are encoded again and the rows inserted with new ids (:meth:`TeamDataRepository.restore`).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from bot.documents.export_zip import JSON_COLUMNS
from storage.codec import dump_json
from storage.database import Database


class NotAnExport(Exception):
    """The file is no export of the workshop (German message)."""


def read_export(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The tables of the export at ``path`` (a ZIP archive or the ``daten.json`` in it)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                text = archive.read("daten.json").decode("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        tables = json.loads(text)["tabellen"]
    except FileNotFoundError:
        raise NotAnExport(f"Die Datei {path} gibt es nicht.") from None
    except (KeyError, ValueError, OSError, zipfile.BadZipFile):
        raise NotAnExport(
            f"{path} ist kein Export der Werkstatt (erwartet: export.zip oder daten.json)."
        ) from None
    if not isinstance(tables, dict) or len(tables.get("teams", ())) != 1:
        raise NotAnExport(f"{path} enthält nicht genau ein Team.")
    return {name: [_encoded(row) for row in rows] for name, rows in tables.items()}


def _encoded(row: dict[str, Any]) -> dict[str, Any]:
    """JSON columns back to their stored text."""
    return {
        column: dump_json(value) if column in JSON_COLUMNS and value is not None else value
        for column, value in row.items()
    }


async def import_team(db: Database, tables: dict[str, list[dict[str, Any]]]) -> tuple[str, int]:
    """Insert the team; returns its municipality and new id."""
    async with db.transaction() as tx:
        team_id = await tx.team_data.restore(tables)
    return tables["teams"][0]["municipality"], team_id
