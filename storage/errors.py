"""The storage layer's errors. Database driver errors (``sqlite3.Error``) pass through as-is."""

from __future__ import annotations


class StorageError(Exception):
    """Base of every error the storage layer raises itself."""


class NotFoundError(StorageError, LookupError):
    """A write named a row that does not exist (e.g. ``set_role`` of an unknown member)."""


class ConflictError(StorageError):
    """A write was based on outdated data, e.g. replacing an answer that was already replaced.

    Nothing was written; the caller should reload and let the user decide again.
    """


class MigrationError(StorageError):
    """The migration files or the database's migration record are inconsistent."""


class TransactionError(StorageError):
    """A transaction was misused: nested in the same task, used after it ended, or a write
    attempted inside ``Database.read()``."""
