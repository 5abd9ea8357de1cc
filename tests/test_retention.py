"""Delivery bookkeeping is pruned after the retention period; answers are never touched."""

from datetime import UTC, datetime, timedelta

from bot.app.retention import prune
from storage.database import Database


async def test_prune_removes_old_bookkeeping_but_keeps_answers(tmp_path) -> None:
    now = datetime(2026, 11, 26, tzinfo=UTC)
    clock = {"now": now - timedelta(days=100)}
    db = await Database.open(tmp_path / "r.db", clock=lambda: clock["now"])
    async with db:
        async with db.transaction() as tx:
            team = await tx.teams.create("Musterhausen", "Kleinstadt")
            user = await tx.users.get_or_create(1, "Anna")
            member = await tx.members.add(team.id, user.id, "Anna", "moderation", "Verwaltung")
            await tx.answers.add(team.id, "as3", "goals", member.id, "Altes Ziel")
            old = await tx.outbox.add(1, {"reply": None})
            await tx.outbox.mark_sent(old)
            await tx.updates.record(1)
            await tx.buttons.create({"v": "x"}, user_id=user.id)
        clock["now"] = now
        async with db.transaction() as tx:
            fresh = await tx.outbox.add(1, {"reply": None})
            await tx.outbox.mark_sent(fresh)
            await tx.updates.record(2)
        removed = await prune(db, 90)
        assert removed == {"outbox": 1, "updates": 1, "buttons": 1}
        async with db.read() as tx:
            assert await tx.outbox.get(fresh) is not None
            assert await tx.updates.seen(2)
            assert [a.value for a in await tx.answers.current(team.id, "as3")] == ["Altes Ziel"]
