"""One clock: invites, deadlines and summaries follow the database's clock, not the machine's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import TypeAdapter

from bot.app.incoming import Command, Incoming, Sender
from bot.app.service import Workshop
from bot.app.team_actions import INVITE_TTL
from bot.telegram.links import TelegramLinks
from dialogs.records import Role
from dialogs.replies import Message, Reply
from storage.database import Database

REPLY: TypeAdapter[Reply] = TypeAdapter(Reply)
ANNA, BEN = 1, 2  # facilitator, newcomer (Telegram ids)


async def _texts(db: Database, workshop: Workshop, who: int, payload: object) -> list[str]:
    ids = await workshop.process(Incoming(None, who, "private", Sender(who, "Ben"), payload))
    async with db.read() as tx:
        items = [await tx.outbox.get(i) for i in ids]
    replies = [REPLY.validate_python(item.payload["reply"]) for item in items if item]
    return [reply.text for reply in replies if isinstance(reply, Message)]


async def test_an_invite_is_valid_for_fourteen_days_of_the_database_clock(tmp_path: Path) -> None:
    clock = {"now": datetime(2020, 3, 1, 9, 0, tzinfo=UTC)}  # far from the machine's date
    async with await Database.open(tmp_path / "w.db", clock=lambda: clock["now"]) as db:
        async with db.transaction() as tx:
            team = await tx.teams.create("Lindenau", "Kleinstadt")
            user = await tx.users.get_or_create(ANNA, "Anna")
            anna = await tx.members.add(team.id, user.id, "Anna", Role.FACILITATOR, "Verwaltung")
            invite = await tx.invites.create(team.id, anna.id, "ABCD2345", INVITE_TTL)
        workshop = Workshop(db, links=TelegramLinks("werkstatt_bot"))

        clock["now"] += INVITE_TTL - timedelta(minutes=1)
        welcome = await _texts(db, workshop, BEN, Command("start", invite.code))
        assert not any("ungültig" in text for text in welcome), welcome
        assert any("Lindenau" in text for text in welcome), welcome

        clock["now"] += timedelta(minutes=2)
        late = await _texts(db, workshop, BEN + 1, Command("start", invite.code))
        assert any("ungültig, abgelaufen" in text for text in late), late
