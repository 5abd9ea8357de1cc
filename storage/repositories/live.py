"""Live sessions in group chats, and the message ids that edits of sent messages refer to."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from dialogs.records import LiveKind, LiveSession
from storage.codec import from_text, from_text_or_none, to_text
from storage.errors import ConflictError, NotFoundError
from storage.repositories._base import Repository

_SESSION = (
    "id, chat_id, team_id, kind, target, anonymous, budget, page, started_by, started_at,"
    " ends_at, warned_at, closed_at, closed_by, version, shown_version, result"
)


def _session(row: sqlite3.Row) -> LiveSession:
    return LiveSession(
        id=row["id"],
        chat_id=row["chat_id"],
        team_id=row["team_id"],
        kind=row["kind"],
        target=row["target"],
        anonymous=bool(row["anonymous"]),
        budget=row["budget"],
        page=row["page"],
        started_by=row["started_by"],
        started_at=from_text(row["started_at"]),
        ends_at=from_text_or_none(row["ends_at"]),
        warned_at=from_text_or_none(row["warned_at"]),
        closed_at=from_text_or_none(row["closed_at"]),
        closed_by=row["closed_by"],
        version=row["version"],
        shown_version=row["shown_version"],
        result=row["result"],
    )


class LiveRepository(Repository):
    """Live sessions (``tx.live``). Votes, ratings and entries themselves are answers."""

    async def create(
        self,
        chat_id: str,
        team_id: int,
        kind: LiveKind,
        target: str,
        *,
        started_by: int | None,
        anonymous: bool = False,
        budget: int = 3,
        duration: timedelta | None = None,
    ) -> LiveSession:
        """Open a session in ``chat_id``; with ``duration`` it ends that long from now.

        Raises ConflictError if the chat has an open session already.
        """
        now = self._s.now()
        ends_at = to_text(now + duration) if duration is not None else None
        try:
            rows = await self._s.write_returning(
                "INSERT INTO live_sessions (chat_id, team_id, kind, target, anonymous, budget,"
                " started_by, started_at, ends_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                f" RETURNING {_SESSION}",
                (
                    chat_id,
                    team_id,
                    kind,
                    target,
                    int(anonymous),
                    budget,
                    started_by,
                    to_text(now),
                    ends_at,
                ),
            )
        except sqlite3.IntegrityError as error:
            if await self.open_in_chat(chat_id) is not None:
                raise ConflictError(f"chat {chat_id} has an open live session") from error
            raise
        return _session(rows[0])

    async def get(self, session_id: int) -> LiveSession | None:
        row = await self._s.fetchone(
            f"SELECT {_SESSION} FROM live_sessions WHERE id = ?", (session_id,)
        )
        return None if row is None else _session(row)

    async def open_in_chat(self, chat_id: str) -> LiveSession | None:
        row = await self._s.fetchone(
            f"SELECT {_SESSION} FROM live_sessions WHERE chat_id = ? AND closed_at IS NULL",
            (chat_id,),
        )
        return None if row is None else _session(row)

    async def open_for_team(self, team_id: int) -> list[LiveSession]:
        """The team's open sessions (one per linked group at most), oldest first."""
        rows = await self._s.fetchall(
            f"SELECT {_SESSION} FROM live_sessions WHERE team_id = ? AND closed_at IS NULL"
            " ORDER BY id",
            (team_id,),
        )
        return [_session(row) for row in rows]

    async def open_sessions(self) -> list[LiveSession]:
        """Every open session (to re-schedule timers after a restart), oldest first."""
        rows = await self._s.fetchall(
            f"SELECT {_SESSION} FROM live_sessions WHERE closed_at IS NULL ORDER BY id"
        )
        return [_session(row) for row in rows]

    async def for_team(self, team_id: int) -> list[LiveSession]:
        """All sessions of the team, open and closed, oldest first."""
        rows = await self._s.fetchall(
            f"SELECT {_SESSION} FROM live_sessions WHERE team_id = ? ORDER BY id", (team_id,)
        )
        return [_session(row) for row in rows]

    async def touch(self, session_id: int) -> int:
        """Note a change the status message should show; returns the new version."""
        rows = await self._s.write_returning(
            "UPDATE live_sessions SET version = version + 1 WHERE id = ? RETURNING version",
            (session_id,),
        )
        if not rows:
            raise NotFoundError(f"live session {session_id} does not exist")
        version: int = rows[0]["version"]
        return version

    async def mark_shown(self, session_id: int, version: int) -> None:
        """The status message now shows ``version`` (never goes back)."""
        await self._update(session_id, "shown_version = MAX(shown_version, ?)", version)

    async def set_page(self, session_id: int, page: int) -> None:
        await self._update(session_id, "page = ?", max(0, page))

    async def set_end(self, session_id: int, ends_at: datetime | None) -> None:
        """Move (or remove) the end of an open session; a warning may come again."""
        await self._update(
            session_id,
            "ends_at = ?, warned_at = NULL",
            None if ends_at is None else to_text(ends_at),
        )

    async def mark_warned(self, session_id: int) -> bool:
        """Record that the end was announced; False if it was already (or the session closed)."""
        changed = await self._s.write(
            "UPDATE live_sessions SET warned_at = ? WHERE id = ? AND warned_at IS NULL"
            " AND closed_at IS NULL",
            (self._s.now_text(), session_id),
        )
        return changed == 1

    async def close(
        self, session_id: int, *, closed_by: int | None = None, result: str | None = None
    ) -> bool:
        """Close an open session; False if it was closed already (so results go out once)."""
        changed = await self._s.write(
            "UPDATE live_sessions SET closed_at = ?, closed_by = ?, result = ?,"
            " version = version + 1, shown_version = version + 1"
            " WHERE id = ? AND closed_at IS NULL",
            (self._s.now_text(), closed_by, result, session_id),
        )
        return changed == 1

    async def migrate(self, old_chat_id: str, new_chat_id: str) -> int:
        """Sessions follow their group to its new address (a Telegram supergroup)."""
        return await self._s.write(
            "UPDATE live_sessions SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
        )

    async def _update(self, session_id: int, assignment: str, value: object) -> None:
        changed = await self._s.write(
            f"UPDATE live_sessions SET {assignment} WHERE id = ?", (value, session_id)
        )
        if changed == 0:
            raise NotFoundError(f"live session {session_id} does not exist")


class MessageRefRepository(Repository):
    """Message ids of sent items by name (``tx.message_refs``), for later edits."""

    async def remember(self, ref: str, chat_id: str, message_id: str) -> None:
        await self._s.write(
            "INSERT INTO message_refs (ref, chat_id, message_id, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (ref) DO UPDATE SET chat_id = excluded.chat_id,"
            " message_id = excluded.message_id, updated_at = excluded.updated_at",
            (ref, chat_id, message_id, self._s.now_text()),
        )

    async def lookup(self, ref: str) -> tuple[str, str] | None:
        """``(chat_id, message_id)`` of the message known as ``ref``, or None."""
        row = await self._s.fetchone(
            "SELECT chat_id, message_id FROM message_refs WHERE ref = ?", (ref,)
        )
        return None if row is None else (row["chat_id"], row["message_id"])

    async def forget(self, ref: str) -> bool:
        return await self._s.write("DELETE FROM message_refs WHERE ref = ?", (ref,)) == 1

    async def prune(self, older_than: timedelta | datetime) -> int:
        """Forget refs not updated since the cutoff (an age or a moment); returns how many."""
        now = self._s.now()
        cutoff = now - older_than if isinstance(older_than, timedelta) else older_than
        return await self._s.write(
            "DELETE FROM message_refs WHERE updated_at < ?", (to_text(cutoff),)
        )
