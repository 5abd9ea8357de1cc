"""What the ``werkstatt`` maintenance commands do: back up, restore, export, import, check.

Each prints one German line on success and raises :class:`CommandError` (or a storage
error with a German message) for anything the operator has to fix. Commands that only read
refuse a database that does not exist instead of creating an empty one.
"""

from __future__ import annotations

import asyncio
import errno
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot import health as health_check
from bot.config import Settings
from storage import backup as files
from storage.database import Database


class CommandError(Exception):
    """An operator's mistake or a refused command; the message is German and complete."""


#: Why a folder cannot be created, in German (the system's own text is English).
_OS_REASONS = {
    errno.ENOTDIR: "auf dem Weg liegt eine Datei",
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.EROFS: "das Dateisystem ist schreibgeschützt",
    errno.ENOSPC: "kein Platz mehr",
}


def check_database(path: Path) -> None:
    """Refuse a path that holds something other than a SQLite database."""
    if path.is_dir():
        raise CommandError(f"{path} ist ein Ordner, keine Datenbankdatei.")
    files.check_sqlite_header(path)


def prepare_database(path: Path) -> None:
    """:func:`check_database`, and say in one line when a new database is created."""
    check_database(path)
    if not path.exists():
        print(f"Neue Datenbank wird angelegt: {path.resolve()}", file=sys.stderr)


def writable_dir(path: Path) -> None:
    """Create ``path`` (0700) if needed; refuse one the process cannot write to."""
    try:
        files.private_dir(path)
    except OSError as error:
        reason = _OS_REASONS.get(error.errno or 0, error.strerror)
        raise CommandError(f"Der Ordner {path} lässt sich nicht anlegen: {reason}.") from None
    if not path.is_dir() or not os.access(path, os.W_OK | os.X_OK):
        raise CommandError(f"In den Ordner {path} kann ich nicht schreiben.")


def run(settings: Settings) -> None:
    """Run the Telegram bot until it is stopped."""
    from bot.telegram.app import BotStartError, run_bot

    try:
        asyncio.run(run_bot(settings))
    except BotStartError as error:
        raise CommandError(str(error)) from None


def run_matrix(settings: Settings) -> None:
    """Run the Matrix bot until it is stopped."""
    from bot.matrix.app import MatrixStartError, run_matrix

    try:
        asyncio.run(run_matrix(settings))
    except MatrixStartError as error:
        raise CommandError(str(error)) from None


async def migrate(path: Path) -> None:
    async with await Database.open(path):
        print(f"Datenbank {path} ist auf dem neuesten Stand.")


def backup(db: Path, target: Path, *, overwrite: bool) -> None:
    """A checked copy of the database, while the bot may keep running."""
    files.require_sqlite(db)
    if target.resolve() == db.resolve():
        raise CommandError("Die Sicherung kann nicht die Datenbank selbst sein.")
    writable_dir(target.parent)
    files.backup_file(db, target, overwrite=overwrite)
    print(f"Sicherung geschrieben und geprüft: {target}")


def restore(source: Path, db: Path, *, overwrite: bool) -> None:
    """The database back from a checked backup."""
    if source.resolve() == db.resolve():
        raise CommandError("Sicherung und Datenbank sind dieselbe Datei.")
    writable_dir(db.parent)
    files.restore_file(source, db, overwrite=overwrite)
    print(f"Datenbank {db} aus {source} wiederhergestellt und geprüft.")


def export(
    db_path: Path, target: Path, team: str | None, *, overwrite: bool, accounts: bool
) -> None:
    """The export archive of one team, as ``/export`` sends it (``accounts``: with the
    members' accounts, so that an import elsewhere keeps their access)."""
    files.require_sqlite(db_path)
    if target.exists() and not overwrite:
        raise CommandError(f"Die Datei {target} gibt es schon. Überschreiben mit --force.")
    writable_dir(target.parent)
    municipality, content = asyncio.run(_export(db_path, team, accounts))
    files.write_private(target, content)
    print(f"Export des Teams {municipality} geschrieben: {target}")


async def _export(db_path: Path, team: str | None, accounts: bool) -> tuple[str, bytes]:
    from bot.app.export import collect
    from bot.app.rendering import Renderer

    async with await Database.open(db_path) as db, db.read() as tx:
        teams = [t for t in [await tx.teams.get(i) for i in await tx.teams.ids()] if t]
        chosen = [t for t in teams if team is None or team in (str(t.id), t.municipality)]
        if len(chosen) != 1:
            listing = ", ".join(f"{t.id} = {t.municipality}" for t in teams) or "keine"
            reason = "Welches Team?" if chosen else f"Das Team {team!r} gibt es nicht."
            raise CommandError(f"{reason} Teams in der Datenbank: {listing} (--team).")
        data = await collect(tx, chosen[0], accounts=accounts)
    renderer = Renderer(workers=1)
    try:
        return chosen[0].municipality, await renderer.document("export_zip", data)
    finally:
        renderer.close()


def import_export(db_path: Path, source: Path) -> None:
    """A team from its export into the database (as a new team)."""
    from bot.app.team_import import NotAnExport, read_export

    try:
        tables = read_export(source)
    except NotAnExport as error:
        raise CommandError(str(error)) from None
    prepare_database(db_path)
    asyncio.run(_import(db_path, tables))


async def _import(db_path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    from bot.app.team_import import import_team

    async with await Database.open(db_path) as db:
        municipality, team_id = await import_team(db, tables)
    print(f"Team {municipality} übernommen (Nummer {team_id}).")


def health(db: Path, *, minutes: int) -> int:
    """Exit code 0 and „OK“ when healthy, else 1 and every problem on its own line."""
    found = health_check.problems(db, max_age=timedelta(minutes=minutes))
    if found:
        for problem in found:
            print(f"werkstatt health: {problem}", file=sys.stderr)
        return 1
    print("OK: Datenbank erreichbar, Schema aktuell, Abfrage bei Telegram aktuell.")
    return 0
