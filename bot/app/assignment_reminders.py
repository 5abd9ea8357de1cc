"""Reminders for assigned work steps: the day before and on the due day, at 9:00 local time.

Runs in each messenger adapter's periodic check (bot/app/reminders.py), like the AS9 measurement
reminders. "Now" comes from the database clock (injectable in tests). Each reminder is claimed in
the assignee's row (the due day it was sent for) in the same transaction as its outbox message, so
it goes out once per due day, also across restarts; a reminder whose moment lies before the day was
set (assigned or moved late) is not sent, and nobody who has answered is reminded.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.app.assignments import (
    LOCAL_ZONE,
    REMIND_HOUR,
    Snapshot,
    due_text,
    local_day,
    snapshot,
    target_name,
)
from bot.app.turn import store_buttons
from dialogs.replies import Message, esc
from storage.database import Database
from storage.repositories.assignments import ReminderKind


async def remind_due(db: Database) -> list[int]:
    """Queue every reminder whose moment has come and that was not sent; returns outbox ids."""
    ids: list[int] = []
    async with db.transaction() as tx:
        now = tx.now()
        today = local_day(now)
        moment = datetime.combine(today, time(REMIND_HOUR), LOCAL_ZONE)
        if now < moment:
            return ids
        snaps: dict[int, Snapshot] = {}
        for assignment in await tx.assignments.due_between(today, today + timedelta(days=1)):
            if assignment.due_set_at >= moment:
                continue
            kind: ReminderKind = "on" if assignment.due == today else "before"
            if assignment.team_id not in snaps:
                snaps[assignment.team_id] = await snapshot(tx, assignment.team_id)
            snap = snaps[assignment.team_id]
            for member, done in snap.assignees(assignment):
                user = await tx.users.get(member.user_id) if member.user_id else None
                if done or user is None:
                    continue
                if not await tx.assignments.claim_reminder(
                    assignment.id, member.id, kind, assignment.due
                ):
                    continue
                when = "heute" if kind == "on" else "morgen"
                reply = Message(
                    text=f"🔔 Erinnerung: <b>{esc(target_name(assignment.step))}</b> ist {when} "
                    f"fällig ({due_text(assignment.due)}). Die Schaltfläche führt Sie direkt "
                    "dorthin.",
                    buttons=((snap.open_button(assignment.step, member),),),
                )
                reply = await store_buttons(tx, reply, owner=user.id, team_id=assignment.team_id)
                payload = {"reply": reply.model_dump(mode="json")}
                ids.append(await tx.outbox.add(user.account, payload, bulk=True))
    return ids
