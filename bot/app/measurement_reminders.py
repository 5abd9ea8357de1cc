"""AS9: remind the responsible person when an indicator's next measurement is due.

Runs periodically in each messenger adapter (bot/app/reminders.py). Each reminder is recorded as a
marker answer about the indicator (with the due date), in the same transaction as its outbox
message, so a reminder is sent once per due date — also across restarts.
"""

from __future__ import annotations

from datetime import date

from bot.app import actions as act
from bot.app.turn import store_buttons
from dialogs.options import member_label
from dialogs.reminders import due_measurements
from dialogs.replies import Message, esc
from storage.database import Database

STEP = "as9"
#: Marker prompt: one answer per indicator and due date a reminder went out for.
REMINDED = "_reminded"


async def remind_due(db: Database, today: date) -> list[int]:
    """Queue one reminder per due measurement not reminded yet; returns the outbox ids."""
    ids: list[int] = []
    async with db.transaction() as tx:
        for team_id in await tx.teams.ids():
            answers = await tx.answers.current(team_id, STEP)
            sent = {(a.subject_id, a.value) for a in answers if a.prompt == REMINDED}
            members = {
                member_label(m.display_name, m.stakeholder_group): m
                for m in await tx.members.list(team_id)
                if m.user_id
            }
            for item in due_measurements(answers, today):
                member = members.get(item.responsible)
                if member is None or (item.indicator_id, item.due.isoformat()) in sent:
                    continue
                user = await tx.users.get(member.user_id) if member.user_id else None
                if user is None:
                    continue
                await tx.answers.add(
                    team_id,
                    STEP,
                    REMINDED,
                    None,
                    item.due.isoformat(),
                    subject_id=item.indicator_id,
                )
                reply = Message(
                    text=f"📈 Für den Indikator <b>{esc(item.name)}</b> ist seit "
                    f"{item.due:%d.%m.%Y} ein neuer Messwert fällig. Tragen Sie ihn ein, "
                    "sobald er vorliegt.",
                    buttons=((act.EnterMeasurement().button("📈 Messwert eintragen"),),),
                )
                reply = await store_buttons(tx, reply, owner=user.id, team_id=team_id)
                payload = {"reply": reply.model_dump(mode="json")}
                ids.append(await tx.outbox.add(user.account, payload, bulk=True))
    return ids
