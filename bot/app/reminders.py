"""The periodic check for due reminders (AS9 measurements, assignments), for every adapter."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.app import assignment_reminders, measurement_reminders
from storage.database import Database

log = logging.getLogger(__name__)

#: Seconds between two checks (assignment reminders are due at 9:00 local time: they go out
#: within this long after it).
REMINDER_PERIOD = 15 * 60


async def remind_periodically(
    db: Database, submit: Callable[[list[int]], Awaitable[None]], period: float = REMINDER_PERIOD
) -> None:
    """Queue due reminders now and every ``period`` seconds; ``submit`` hands them on."""
    while True:
        try:
            ids = await measurement_reminders.remind_due(db, db.now().date())
            ids += await assignment_reminders.remind_due(db)
            await submit(ids)
        except Exception:
            log.exception("reminders failed; trying again later")
        await asyncio.sleep(period)
