"""Assignments of work steps to members with a due day, and who finished which dialog."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storage.codec import from_text, from_text_or_none
from storage.errors import NotFoundError
from storage.repositories._base import Repository

ReminderKind = Literal["before", "on"]

_ASSIGNMENT = (
    "a.id, a.team_id, a.step, a.due, a.due_set_at, a.created_by, a.created_at,"
    " a.done_noted_at, (SELECT group_concat(member_id) FROM"
    " (SELECT member_id FROM assignees WHERE assignment_id = a.id ORDER BY member_id))"
    " AS member_ids"
)


class Assignment(BaseModel):
    """A work step or part assigned to members, due on one day (see ``0004_assignments.sql``)."""

    model_config = ConfigDict(frozen=True)

    id: int
    team_id: int
    step: str
    due: date
    due_set_at: datetime
    created_by: int | None
    created_at: datetime
    done_noted_at: datetime | None
    member_ids: tuple[int, ...]


def _assignment(row: sqlite3.Row) -> Assignment:
    ids = row["member_ids"]
    return Assignment(
        id=row["id"],
        team_id=row["team_id"],
        step=row["step"],
        due=date.fromisoformat(row["due"]),
        due_set_at=from_text(row["due_set_at"]),
        created_by=row["created_by"],
        created_at=from_text(row["created_at"]),
        done_noted_at=from_text_or_none(row["done_noted_at"]),
        member_ids=tuple(int(i) for i in ids.split(",")) if ids else (),
    )


class AssignmentRepository(Repository):
    """Assignments and their assignees (``tx.assignments``), and finished dialogs."""

    async def create(
        self,
        team_id: int,
        step: str,
        due: date,
        member_ids: Iterable[int],
        *,
        created_by: int | None,
    ) -> Assignment:
        """A new assignment of ``step`` to the members, due on ``due``."""
        now = self._s.now_text()
        rows = await self._s.write_returning(
            "INSERT INTO assignments (team_id, step, due, due_set_at, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (team_id, step, due.isoformat(), now, created_by, now),
        )
        assignment_id = rows[0]["id"]
        await self._s.write_many(
            "INSERT INTO assignees (assignment_id, team_id, member_id) VALUES (?, ?, ?)",
            [(assignment_id, team_id, m) for m in sorted(set(member_ids))],
        )
        created = await self.get(assignment_id)
        assert created is not None
        return created

    async def get(self, assignment_id: int) -> Assignment | None:
        row = await self._s.fetchone(
            f"SELECT {_ASSIGNMENT} FROM assignments AS a WHERE a.id = ?", (assignment_id,)
        )
        return None if row is None else _assignment(row)

    async def for_team(self, team_id: int) -> list[Assignment]:
        """The team's assignments, the soonest due first."""
        rows = await self._s.fetchall(
            f"SELECT {_ASSIGNMENT} FROM assignments AS a WHERE a.team_id = ? ORDER BY a.due, a.id",
            (team_id,),
        )
        return [_assignment(row) for row in rows]

    async def due_between(self, first: date, last: date) -> list[Assignment]:
        """Every team's assignments due from ``first`` to ``last`` (both included)."""
        rows = await self._s.fetchall(
            f"SELECT {_ASSIGNMENT} FROM assignments AS a WHERE a.due BETWEEN ? AND ?"
            " ORDER BY a.due, a.id",
            (first.isoformat(), last.isoformat()),
        )
        return [_assignment(row) for row in rows]

    async def set_due(self, assignment_id: int, due: date) -> None:
        """Move the due day (the reminders are sent again for the new day)."""
        changed = await self._s.write(
            "UPDATE assignments SET due = ?, due_set_at = ? WHERE id = ?",
            (due.isoformat(), self._s.now_text(), assignment_id),
        )
        if not changed:
            raise NotFoundError(f"assignment {assignment_id} not found")

    async def delete(self, assignment_id: int) -> bool:
        return bool(await self._s.write("DELETE FROM assignments WHERE id = ?", (assignment_id,)))

    async def claim_reminder(
        self, assignment_id: int, member_id: int, kind: ReminderKind, due: date
    ) -> bool:
        """Record that ``kind``'s reminder for ``due`` goes to the member; False if it already
        did (so each is sent once per due day, also when two checks overlap)."""
        column = "reminded_before" if kind == "before" else "reminded_on"
        return bool(
            await self._s.write(
                f"UPDATE assignees SET {column} = ? WHERE assignment_id = ? AND member_id = ?"
                f" AND {column} IS NOT ?",
                (due.isoformat(), assignment_id, member_id, due.isoformat()),
            )
        )

    async def claim_done_note(self, assignment_id: int) -> bool:
        """Record that the core team is told that everyone finished; False if it was."""
        return bool(
            await self._s.write(
                "UPDATE assignments SET done_noted_at = ? WHERE id = ? AND done_noted_at IS NULL",
                (self._s.now_text(), assignment_id),
            )
        )

    async def record_finish(self, team_id: int, member_id: int, step: str) -> None:
        """The member went through the dialog ``step`` to its end."""
        await self._s.write(
            "INSERT INTO step_finishes (team_id, member_id, step, finished_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (member_id, step)"
            " DO UPDATE SET finished_at = excluded.finished_at",
            (team_id, member_id, step, self._s.now_text()),
        )

    async def finished(self, team_id: int) -> dict[int, set[str]]:
        """Member id → the dialogs the member went through to the end."""
        rows = await self._s.fetchall(
            "SELECT member_id, step FROM step_finishes WHERE team_id = ?", (team_id,)
        )
        done: dict[int, set[str]] = {}
        for row in rows:
            done.setdefault(row["member_id"], set()).add(row["step"])
        return done
