"""Contract tests of the live-session storage (``tx.live``, ``tx.message_refs``), against a
database file and an in-memory database, as the other storage contract tests."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from dialogs.records import Role
from storage import ConflictError, Database, NotFoundError, Tx

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["file", "memory"])
async def db(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[Database]:
    path = tmp_path / "werkstatt.db" if request.param == "file" else ":memory:"
    async with await Database.open(path, clock=clock) as database:
        yield database


async def sql(db: Database, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    async with db.read() as tx:
        rows = await tx._session.fetchall(query, params)
    return [tuple(row) for row in rows]


async def make_team(tx: Tx, name: str = "Musterstadt", telegram_id: int = 100) -> tuple[int, int]:
    team = await tx.teams.create(name, "Kleinstadt")
    user = await tx.users.get_or_create(telegram_id, "Anna Becker")
    member = await tx.members.add(team.id, user.id, "Anna Becker", Role.FACILITATOR, "Verwaltung")
    return team.id, member.id


class TestSchema:
    async def test_tables_columns_and_foreign_keys(self, db: Database) -> None:
        columns = [
            name
            for (name,) in await sql(
                db, "SELECT name FROM pragma_table_info(?)", ("live_sessions",)
            )
        ]
        assert columns == [
            "id", "chat_id", "team_id", "kind", "target", "anonymous", "budget", "page",
            "started_by", "started_at", "ends_at", "warned_at", "closed_at", "closed_by",
            "version", "shown_version", "result",
        ]  # fmt: skip
        refs = [
            name
            for (name,) in await sql(
                db, "SELECT name FROM pragma_table_info(?)", ("message_refs",)
            )
        ]
        assert refs == ["ref", "chat_id", "message_id", "updated_at"]
        keys = set(
            await sql(
                db,
                'SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(?)',
                ("live_sessions",),
            )
        )
        assert keys == {
            ("team_id", "teams", "id", "CASCADE"),
            ("started_by", "members", "id", "SET NULL"),
            ("closed_by", "members", "id", "SET NULL"),
        }
        # Every foreign-key child column is indexed (first column of some index).
        indexed = {
            row[2]
            for (name,) in await sql(
                db,
                "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='live_sessions'",
            )
            for row in await sql(db, "SELECT * FROM pragma_index_info(?)", (name,))
            if row[0] == 0
        }
        assert {"team_id", "started_by", "closed_by", "chat_id"} <= indexed

    async def test_migration_is_recorded(self, db: Database) -> None:
        assert (3, "live") in await sql(db, "SELECT version, name FROM schema_migrations")

    async def test_checks_reject_unknown_kind(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
        with pytest.raises(sqlite3.IntegrityError):
            async with db.transaction() as tx:
                await tx.live.create(-1, team_id, "poll", "ideas", started_by=member_id)  # type: ignore[arg-type]


class TestLiveSessions:
    async def test_create_and_get(self, db: Database, clock: FakeClock) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            session = await tx.live.create(
                -5, team_id, "collect", "ideas", started_by=member_id, anonymous=True,
                duration=timedelta(minutes=5),
            )  # fmt: skip
        assert session.is_open and session.anonymous and session.budget == 3
        assert session.started_at == START
        assert session.ends_at == START + timedelta(minutes=5)
        assert session.ref == f"live:{session.id}"
        async with db.read() as tx:
            assert await tx.live.get(session.id) == session
            assert await tx.live.open_in_chat(-5) == session
            assert await tx.live.open_for_team(team_id) == [session]
            assert await tx.live.open_sessions() == [session]
            assert await tx.live.get(999) is None

    async def test_one_open_session_per_chat(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            first = await tx.live.create(-5, team_id, "vote", "ideas", started_by=member_id)
        with pytest.raises(ConflictError):
            async with db.transaction() as tx:
                await tx.live.create(-5, team_id, "rate", "risks", started_by=member_id)
        async with db.transaction() as tx:
            other = await tx.live.create(-6, team_id, "rate", "risks", started_by=member_id)
            assert await tx.live.close(first.id)
            again = await tx.live.create(-5, team_id, "rate", "risks", started_by=None)
            assert [s.id for s in await tx.live.open_sessions()] == [other.id, again.id]
            assert [s.id for s in await tx.live.for_team(team_id)] == [
                first.id,
                other.id,
                again.id,
            ]

    async def test_versions_touch_and_shown(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            session = await tx.live.create(-5, team_id, "vote", "ideas", started_by=member_id)
            assert await tx.live.touch(session.id) == 1
            assert await tx.live.touch(session.id) == 2
            await tx.live.mark_shown(session.id, 2)
            await tx.live.mark_shown(session.id, 1)  # never goes back
            current = await tx.live.get(session.id)
            assert current is not None
            assert (current.version, current.shown_version) == (2, 2)
            with pytest.raises(NotFoundError):
                await tx.live.touch(999)
            with pytest.raises(NotFoundError):
                await tx.live.set_page(999, 1)

    async def test_close_once_with_result(self, db: Database, clock: FakeClock) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            session = await tx.live.create(-5, team_id, "vote", "ideas", started_by=member_id)
            await tx.live.touch(session.id)
        clock.advance(minutes=3)
        async with db.transaction() as tx:
            assert await tx.live.close(session.id, closed_by=member_id, result="Ergebnis")
            assert not await tx.live.close(session.id, closed_by=None, result="zweimal")
            closed = await tx.live.get(session.id)
        assert closed is not None and not closed.is_open
        assert closed.closed_at == START + timedelta(minutes=3)
        assert (closed.closed_by, closed.result) == (member_id, "Ergebnis")
        # The close is the last version and counts as shown (the close posts it itself).
        assert closed.version == closed.shown_version == 2
        async with db.read() as tx:
            assert await tx.live.open_in_chat(-5) is None
            assert await tx.live.open_sessions() == []

    async def test_warned_once_and_end_moves(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            session = await tx.live.create(
                -5, team_id, "rate", "risks", started_by=member_id, duration=timedelta(minutes=2)
            )
            assert await tx.live.mark_warned(session.id)
            assert not await tx.live.mark_warned(session.id)
            await tx.live.set_end(session.id, START + timedelta(minutes=10))
            moved = await tx.live.get(session.id)
            assert moved is not None and moved.warned_at is None
            assert moved.ends_at == START + timedelta(minutes=10)
            await tx.live.close(session.id)
            assert not await tx.live.mark_warned(session.id)  # closed: no warning any more

    async def test_page_and_migrate(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            session = await tx.live.create(-5, team_id, "rate", "risks", started_by=member_id)
            await tx.live.set_page(session.id, 2)
            await tx.live.set_page(session.id, -3)
            assert (await tx.live.get(session.id)).page == 0  # type: ignore[union-attr]
            assert await tx.live.migrate(-5, -1005) == 1
            assert await tx.live.open_in_chat(-5) is None
            assert (await tx.live.open_in_chat(-1005)).id == session.id  # type: ignore[union-attr]

    async def test_team_deletion_takes_sessions_and_member_deletion_keeps_them(
        self, db: Database
    ) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            session = await tx.live.create(-5, team_id, "vote", "ideas", started_by=member_id)
            await tx.members.delete(member_id)
            kept = await tx.live.get(session.id)
            assert kept is not None and kept.started_by is None
            await tx.teams.delete(team_id)
            assert await tx.live.get(session.id) is None


class TestMessageRefs:
    async def test_remember_lookup_overwrite_forget(self, db: Database, clock: FakeClock) -> None:
        async with db.transaction() as tx:
            assert await tx.message_refs.lookup("live:1") is None
            await tx.message_refs.remember("live:1", "telegram:-5", "17")
            assert await tx.message_refs.lookup("live:1") == ("telegram:-5", "17")
            # sent anew (e.g. migrated)
            await tx.message_refs.remember("live:1", "telegram:-1005", "3")
            assert await tx.message_refs.lookup("live:1") == ("telegram:-1005", "3")
            assert await tx.message_refs.forget("live:1")
            assert not await tx.message_refs.forget("live:1")

    async def test_prune_by_age(self, db: Database, clock: FakeClock) -> None:
        async with db.transaction() as tx:
            await tx.message_refs.remember("old", "telegram:-5", "1")
        clock.advance(days=10)
        async with db.transaction() as tx:
            await tx.message_refs.remember("new", "telegram:-5", "2")
            assert await tx.message_refs.prune(timedelta(days=5)) == 1
            assert await tx.message_refs.lookup("old") is None
            assert await tx.message_refs.lookup("new") == ("telegram:-5", "2")

    async def test_read_transaction_refuses_writes(self, db: Database) -> None:
        from storage import TransactionError

        async with db.read() as tx:
            with pytest.raises(TransactionError):
                await tx.message_refs.remember("x", 1, 1)
