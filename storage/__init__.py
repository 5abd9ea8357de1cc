"""Durable state of the workshop bot: SQLite via aiosqlite, migrations, repositories.

Knows no messenger: chats and people are text addresses (``telegram:123``). Start with
:class:`Database` (``storage.database``); everything else is reached through the ``Tx`` a
transaction yields (``storage.repositories``).
"""

from storage.database import Database
from storage.errors import (
    ConflictError,
    MigrationError,
    NotFoundError,
    StorageError,
    TransactionError,
)
from storage.migrate import Migration
from storage.repositories import OutboxItem, StoredButton, Tx

__all__ = [
    "ConflictError",
    "Database",
    "Migration",
    "MigrationError",
    "NotFoundError",
    "OutboxItem",
    "StorageError",
    "StoredButton",
    "TransactionError",
    "Tx",
]
