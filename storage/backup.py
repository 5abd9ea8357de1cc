"""The database file as the operator handles it: private files, checked backups and restores.

Blocking functions (run them in a thread from async code). Every file they create is readable
by the operator only (0600, folders 0700), whatever the process umask. Messages of
:class:`FileCheckError` are German: the command line shows them to the operator as they are.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from storage.errors import StorageError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class FileCheckError(StorageError):
    """A database or backup file is missing, no SQLite file, damaged, or in the way."""


def private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by the owner only."""
    if not path.exists():
        path.mkdir(mode=PRIVATE_DIR, parents=True)
        path.chmod(PRIVATE_DIR)


def private_file(path: Path) -> None:
    """Create the empty file ``path`` (0600) unless it exists; its folder too."""
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
    except FileExistsError:
        return


def write_private(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` as a file only the owner can read."""
    private_file(path)
    path.chmod(PRIVATE_FILE)
    path.write_bytes(content)


def require_sqlite(path: Path, what: str = "Die Datenbank") -> None:
    """Raise FileCheckError unless ``path`` is an existing SQLite file (an empty one counts)."""
    if not path.exists():
        raise FileCheckError(f"{what} {path} gibt es nicht.")
    if not path.is_file():
        raise FileCheckError(f"{what} {path} ist keine Datei.")
    check_sqlite_header(path, what)


def check_sqlite_header(path: Path, what: str = "Die Datenbank") -> None:
    """Raise FileCheckError if the existing, non-empty file ``path`` is not SQLite."""
    if not path.is_file():
        return
    with path.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise FileCheckError(f"{what} {path} ist keine SQLite-Datei.")


def integrity_problem(path: Path) -> str | None:
    """None if ``PRAGMA integrity_check`` of the file says ok, else what it found."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    found = [str(row[0]) for row in rows]
    return None if found == ["ok"] else "; ".join(found[:3])


def check_backup(path: Path) -> None:
    """Raise FileCheckError unless ``path`` is a complete, undamaged copy of a database."""
    require_sqlite(path, "Die Sicherung")
    problem = integrity_problem(path)
    if problem is not None:
        raise FileCheckError(f"Die Sicherung {path} ist beschädigt ({problem}).")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
    finally:
        conn.close()
    if found is None:
        raise FileCheckError(f"{path} ist keine Datenbank der Smart-City-Werkstatt.")


def backup_file(source: Path, target: Path, *, overwrite: bool = False) -> Path:
    """Copy the database ``source`` into ``target`` with SQLite's online backup.

    The bot may keep writing meanwhile (only committed data is copied). The copy is written
    beside ``target``, checked with ``PRAGMA integrity_check`` and only then renamed into place,
    as one self-contained file. Raises FileCheckError if ``target`` exists (unless
    ``overwrite``) or the copy fails its check.
    """
    if target.exists() and not overwrite:
        raise FileCheckError(
            f"Die Datei {target} gibt es schon. Wählen Sie einen anderen Namen oder "
            "überschreiben Sie sie mit --force."
        )
    partial = target.with_name(f"{target.name}.partial")
    partial.unlink(missing_ok=True)
    private_file(partial)
    try:
        src = sqlite3.connect(source)
        try:
            src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                finish_copy(dst)
            finally:
                dst.close()
        finally:
            src.close()
        problem = integrity_problem(partial)
        if problem is not None:
            raise FileCheckError(f"Die Kopie ist fehlerhaft ({problem}); nichts geschrieben.")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def finish_copy(copy: sqlite3.Connection) -> None:
    """Make a copy a single self-contained file (no -wal beside it)."""
    copy.execute("PRAGMA journal_mode = DELETE").fetchall()


def restore_file(backup: Path, target: Path, *, overwrite: bool = False) -> None:
    """Bring the checked ``backup`` back as the database ``target``.

    Writes through SQLite (backup API into ``target``), so an existing database with its WAL
    is replaced consistently. The bot must not run meanwhile. Raises FileCheckError if the
    backup fails its check, or ``target`` exists and ``overwrite`` is not set.
    """
    check_backup(backup)
    if target.exists():
        if not overwrite:
            raise FileCheckError(
                f"Die Datenbank {target} gibt es schon. Halten Sie den Bot an und "
                "überschreiben Sie sie mit --force."
            )
        check_sqlite_header(target)
    private_file(target)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    problem = integrity_problem(target)
    if problem is not None:
        raise FileCheckError(f"Die wiederhergestellte Datenbank ist fehlerhaft ({problem}).")
