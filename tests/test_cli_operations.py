"""``werkstatt`` as an operator runs it: real processes, exit codes, what they print, which
files they leave (and with which permissions)."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import health
from bot.app.rendering import Renderer
from bot.console.console import ConsoleTransport
from dialogs.replies import Document
from tests.botprocess import ROOT


def werkstatt(
    cwd: Path, *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run ``werkstatt args`` in ``cwd`` with none of the caller's bot settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WERKSTATT_"))}
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env=clean | (env or {}),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def refused(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    """Exit code ≠ 0, one German line on stderr naming ``fragment``, no traceback."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr


def test_backup_of_a_mistyped_database_refuses_and_creates_nothing(tmp_path: Path) -> None:
    result = werkstatt(tmp_path, "--db", "werkstat.db", "backup", "sicherung.db")
    refused(result, "Die Datenbank werkstat.db gibt es nicht.")
    assert "Sicherung geschrieben" not in result.stdout
    export = werkstatt(tmp_path, "export", "export.zip", "--db", "werkstat.db")
    refused(export, "gibt es nicht")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "env", "fragment"),
    [
        (["run"], {"TELEGRAM_BOT_TOKEN": ""}, "Kein Bot-Token gesetzt"),
        (["--log-level", "foo", "migrate"], {}, "unbekannte Protokollstufe 'foo'"),
        (["migrate"], {"WERKSTATT_LOG_LEVEL": "foo"}, "WERKSTATT_LOG_LEVEL"),
        (["migrate"], {"WERKSTATT_WEBHOOK_PORT": "acht"}, "keine ganze Zahl"),
        (["console", "--db", "notiz.txt"], {}, "notiz.txt ist keine SQLite-Datei"),
        (["console", "--output-dir", "notiz.txt/bilder"], {}, "notiz.txt/bilder"),
        (["backup", "--db", "w.db", "w-kopie.db"], {}, "--force"),
        (["restore", "notiz.txt", "--db", "neu.db"], {}, "keine SQLite-Datei"),
        (["import", "notiz.txt"], {}, "kein Export der Werkstatt"),
    ],
)
def test_operator_mistakes_end_in_one_german_line(
    tmp_path: Path, args: list[str], env: dict[str, str], fragment: str
) -> None:
    (tmp_path / "notiz.txt").write_text("keine Datenbank")
    sqlite3.connect(tmp_path / "w.db").close()
    (tmp_path / "w-kopie.db").write_bytes(b"")
    refused(werkstatt(tmp_path, *args, env=env, stdin="/ende\n"), fragment)
    assert not (tmp_path / "neu.db").exists()


def test_global_options_work_after_the_command_and_a_new_database_is_announced(
    tmp_path: Path,
) -> None:
    result = werkstatt(tmp_path, "console", "--db", "daten/w.db", stdin="/start\n/ende\n")
    assert result.returncode == 0, result.stderr
    assert "Neue Datenbank wird angelegt" in result.stderr
    assert "Willkommen" in result.stdout
    again = werkstatt(tmp_path, "console", "--db", "daten/w.db", stdin="/ende\n")
    assert "Neue Datenbank" not in again.stderr
    # Only the operator may read the database, its WAL and its folder.
    assert mode(tmp_path / "daten") == 0o700
    assert mode(tmp_path / "daten" / "w.db") == 0o600


def test_help_is_german(tmp_path: Path) -> None:
    for args in (["--help"], ["backup", "--help"]):
        result = werkstatt(tmp_path, *args)
        assert result.returncode == 0
        text = result.stdout
        assert text.startswith("Aufruf: werkstatt") and "diese Hilfe zeigen" in text
        for english in ("usage:", "show this help", "positional arguments", "options:"):
            assert english not in text
    wrong = werkstatt(tmp_path, "console", "--user-id", "x")
    refused(wrong, "werkstatt console: --user-id: 'x' ist keine ganze Zahl")
    assert wrong.returncode == 2


def test_backup_is_checked_private_and_restore_brings_it_back(tmp_path: Path) -> None:
    assert werkstatt(tmp_path, "migrate", "--db", "w.db").returncode == 0
    with sqlite3.connect(tmp_path / "w.db") as conn:
        conn.execute("INSERT INTO teams VALUES (1, 'Lindenau', 'Kleinstadt', '2026-01-01')")
    conn.close()

    made = werkstatt(tmp_path, "backup", "sicherungen/montag.db", "--db", "w.db")
    assert made.returncode == 0 and "geprüft" in made.stdout
    backup = tmp_path / "sicherungen" / "montag.db"
    assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
    refused(werkstatt(tmp_path, "backup", str(backup), "--db", "w.db"), "--force")
    assert werkstatt(tmp_path, "backup", str(backup), "--db", "w.db", "--force").returncode == 0

    restored = werkstatt(tmp_path, "restore", str(backup), "--db", "zurueck.db")
    assert restored.returncode == 0, restored.stderr
    assert mode(tmp_path / "zurueck.db") == 0o600
    with sqlite3.connect(tmp_path / "zurueck.db") as conn:
        assert conn.execute("SELECT municipality FROM teams").fetchall() == [("Lindenau",)]
    conn.close()
    refused(werkstatt(tmp_path, "restore", str(backup), "--db", "zurueck.db"), "--force")

    damaged = tmp_path / "kaputt.db"
    content = backup.read_bytes()
    damaged.write_bytes(content[: len(content) // 2])
    result = werkstatt(tmp_path, "restore", str(damaged), "--db", "zurueck.db", "--force")
    refused(result, "kaputt.db")
    with sqlite3.connect(tmp_path / "zurueck.db") as conn:
        assert conn.execute("SELECT municipality FROM teams").fetchall() == [("Lindenau",)]
    conn.close()


def test_health_needs_a_current_schema_and_a_recent_poll(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    refused(werkstatt(tmp_path, "health", "--db", "w.db"), "gibt es nicht")
    assert werkstatt(tmp_path, "migrate", "--db", "w.db").returncode == 0
    never = werkstatt(tmp_path, "health", "--db", "w.db")
    assert never.returncode == 1 and "noch keine Nachrichten" in never.stderr

    health.beat(db)
    assert mode(health.heartbeat_path(db)) == 0o600
    ok = werkstatt(tmp_path, "health", "--db", "w.db")
    assert ok.returncode == 0 and ok.stdout.startswith("OK"), ok.stderr

    later = datetime.now(UTC) + timedelta(minutes=10)
    assert "10 Minuten her" in health.problems(db, now=later)[0]
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM schema_migrations WHERE version = 3")
    conn.close()
    assert "0003_live" in health.problems(db)[0]


async def test_console_says_when_it_cannot_save_a_file(tmp_path: Path) -> None:
    (tmp_path / "notiz.txt").write_text("eine Datei, kein Ordner")
    out = io.StringIO()
    transport = ConsoleTransport(
        out, "console:1", tmp_path / "notiz.txt" / "bilder", Renderer(workers=1)
    )
    summary = Document(filename="a.md", caption="Zusammenfassung", text="x")
    await transport.deliver("console:1", summary, None)
    assert "Zusammenfassung: nicht gespeichert" in out.getvalue()

    transport.output_dir = tmp_path / "ausgabe"
    await transport.deliver("console:1", summary, None)
    assert mode(tmp_path / "ausgabe" / "a.md") == 0o600
    assert mode(tmp_path / "ausgabe") == 0o700


def test_export_and_import_on_the_command_line(tmp_path: Path) -> None:
    assert werkstatt(tmp_path, "migrate", "--db", "w.db").returncode == 0
    with sqlite3.connect(tmp_path / "w.db") as conn:
        for number, town in ((1, "Lindenau"), (2, "Nachbarort")):
            conn.execute(
                "INSERT INTO teams VALUES (?, ?, 'Kleinstadt', '2026-01-01')", (number, town)
            )
    conn.close()
    refused(werkstatt(tmp_path, "export", "e.zip", "--db", "w.db"), "1 = Lindenau, 2 = Nachbarort")
    made = werkstatt(tmp_path, "export", "e.zip", "--db", "w.db", "--team", "Lindenau")
    assert made.returncode == 0, made.stderr
    assert mode(tmp_path / "e.zip") == 0o600
    refused(werkstatt(tmp_path, "export", "e.zip", "--db", "w.db", "--team", "1"), "--force")
    imported = werkstatt(tmp_path, "import", "e.zip", "--db", "neu.db")
    assert imported.returncode == 0, imported.stderr
    assert "Team Lindenau übernommen" in imported.stdout
    with sqlite3.connect(tmp_path / "neu.db") as conn:
        assert conn.execute("SELECT municipality FROM teams").fetchall() == [("Lindenau",)]
    conn.close()
