"""How values are written to and read from SQLite: UTC timestamps as text, values as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware. Injected so tests can move time."""


def utc_now() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


def to_text(moment: datetime) -> str:
    """A fixed-width ISO-8601 UTC string; text order equals time order.

    Raises ValueError for a naive datetime: the storage keeps timezone-aware times only.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: storage needs timezone-aware times")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    """Inverse of :func:`to_text`."""
    return datetime.fromisoformat(text)


def from_text_or_none(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def dump_json(value: Any) -> str:
    """JSON text with umlauts kept readable; NaN and infinity are rejected (not JSON)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def load_json(text: str) -> Any:
    return json.loads(text)
