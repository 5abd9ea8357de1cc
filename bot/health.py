"""``werkstatt health``: is the bot alive? Database reachable, schema current, last poll recent.

The running bot records every successful ``getUpdates`` (in webhook mode: a regular sign of
life) as a UTC timestamp in a small file beside the database, ``<db>.heartbeat``: cheap, and
readable without touching the database's write lock.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.backup import FileCheckError, require_sqlite, write_private
from storage.migrate import discover

#: A poll returns at least every 25 s (long-polling timeout); allow for retries after errors.
MAX_AGE = timedelta(minutes=3)


def heartbeat_path(db: Path) -> Path:
    """Where the bot using database ``db`` records its last successful poll."""
    return db.with_name(f"{db.name}.heartbeat")


def beat(db: Path, now: datetime | None = None) -> None:
    """Record a successful poll now (blocking; a few bytes)."""
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    write_private(heartbeat_path(db), stamp.encode())


def last_beat(db: Path) -> datetime | None:
    """When the bot last recorded a successful poll (None: never, or unreadable)."""
    try:
        return datetime.fromisoformat(heartbeat_path(db).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def problems(db: Path, *, max_age: timedelta = MAX_AGE, now: datetime | None = None) -> list[str]:
    """What is wrong, in German (empty: healthy)."""
    try:
        require_sqlite(db)
    except FileCheckError as error:
        return [str(error)]
    found: list[str] = []
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            applied = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        finally:
            conn.close()
    except sqlite3.Error as error:
        return [f"Die Datenbank {db} ist nicht lesbar ({error})."]
    missing = [m.label for m in discover() if m.version not in applied]
    if missing:
        found.append(f"Das Datenbankschema ist nicht aktuell; es fehlen: {', '.join(missing)}.")
    last = last_beat(db)
    now = now or datetime.now(UTC)
    if last is None:
        found.append("Der Bot hat noch keine Nachrichten bei Telegram abgeholt.")
    elif now - last > max_age:
        minutes = int((now - last).total_seconds() // 60)
        found.append(f"Die letzte erfolgreiche Abfrage bei Telegram ist {minutes} Minuten her.")
    return found
