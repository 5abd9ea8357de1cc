"""Retention: delivery bookkeeping that may contain personal data is kept only as long as needed.

Sent outbox messages (their text names people), processed update ids and old button ids are
deleted after ``WERKSTATT_RETENTION_DAYS``. Answers are the team's work and stay until the team
or the person deletes them (/loeschen).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from storage.database import Database

log = logging.getLogger(__name__)


async def prune(db: Database, days: int) -> dict[str, int]:
    """Delete bookkeeping older than ``days``; returns how many rows per kind."""
    age = timedelta(days=days)
    async with db.transaction() as tx:
        removed = {
            "outbox": await tx.outbox.prune(age),
            "updates": await tx.updates.prune(days),
            "buttons": await tx.buttons.prune(age),
        }
    if any(removed.values()):
        log.info("retention (%d days): removed %s", days, removed)
    return removed
