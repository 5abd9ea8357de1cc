"""The decoded-answer cache: the view's answers come from memory, never from a rolled-back or
outdated state."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import storage.repositories.answers as answers_module
from storage import Database
from tests.test_storage import make_team


class Boom(Exception):
    pass


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with await Database.open(tmp_path / "werkstatt.db") as db:
        yield db


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts answer rows decoded from SQL."""
    calls: list[int] = []
    original = answers_module._answer

    def counting(row: sqlite3.Row) -> object:
        calls.append(row["id"])
        return original(row)

    monkeypatch.setattr(answers_module, "_answer", counting)
    return calls


async def values(db: Database, team_id: int) -> list[object]:
    async with db.read() as tx:
        return [a.value for a in await tx.answers.current(team_id)]


async def test_pool_is_not_decoded_again_for_each_update(db: Database, decoded: list[int]) -> None:
    async with db.transaction() as tx:
        team_id, member_id = await make_team(tx)
        for n in range(20):
            await tx.answers.add(team_id, "as3", "ideas", member_id, f"Idee {n}")
    assert len(await values(db, team_id)) == 20
    decoded.clear()
    for n in range(5):  # one update each: read the pool, add an entry
        async with db.transaction() as tx:
            pool = await tx.answers.current(team_id)
            await tx.answers.add(team_id, "as3", "ideas", member_id, f"Neu {n}")
        assert len(pool) == 20 + n
    # Only the five new rows were decoded (by their INSERT … RETURNING), not the pool.
    assert len(decoded) == 5
    assert (await values(db, team_id))[-5:] == [f"Neu {n}" for n in range(5)]


async def test_rolled_back_entry_never_shows(db: Database) -> None:
    async with db.transaction() as tx:
        team_id, member_id = await make_team(tx)
        await tx.answers.add(team_id, "as3", "ideas", member_id, "Bleibt")
    assert await values(db, team_id) == ["Bleibt"]
    with pytest.raises(Boom):
        async with db.transaction() as tx:
            await tx.answers.add(team_id, "as3", "ideas", member_id, "Verworfen")
            assert [a.value for a in await tx.answers.current(team_id)] == [
                "Bleibt",
                "Verworfen",
            ]
            raise Boom
    assert await values(db, team_id) == ["Bleibt"]
    # The rolled-back counter value is reached again by a different committed entry.
    async with db.transaction() as tx:
        await tx.answers.add(team_id, "as3", "ideas", member_id, "Später")
    assert await values(db, team_id) == ["Bleibt", "Später"]


async def test_edits_deletions_and_other_writers_are_seen(db: Database, tmp_path: Path) -> None:
    async with db.transaction() as tx:
        team_id, member_id = await make_team(tx)
        first = await tx.answers.add(team_id, "as3", "ideas", member_id, "Alt")
        second = await tx.answers.add(team_id, "as3", "ideas", member_id, "Zwei")
    assert await values(db, team_id) == ["Alt", "Zwei"]
    async with db.transaction() as tx:
        await tx.answers.replace(first.id, member_id, "Neu")
    assert await values(db, team_id) == ["Neu", "Zwei"]
    async with db.transaction() as tx:
        await tx.answers.delete(second.id)
    assert await values(db, team_id) == ["Neu"]
    # Another process (e.g. `werkstatt import`) writes to the same file.
    other = sqlite3.connect(tmp_path / "werkstatt.db")
    with other:
        other.execute("UPDATE answers SET value = '\"Von außen\"' WHERE deleted_at IS NULL")
    other.close()
    assert await values(db, team_id) == ["Von außen"]


async def test_teams_do_not_share_entries(db: Database) -> None:
    async with db.transaction() as tx:
        a, member_a = await make_team(tx, "Aheim", 100)
        b, member_b = await make_team(tx, "Bdorf", 101)
        await tx.answers.add(a, "as3", "ideas", member_a, "A1")
    assert await values(db, a) == ["A1"]
    assert await values(db, b) == []
    async with db.transaction() as tx:
        await tx.answers.add(b, "as3", "ideas", member_b, "B1")
    assert await values(db, a) == ["A1"]
    assert await values(db, b) == ["B1"]
