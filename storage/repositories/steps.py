"""Progress of each work step per team."""

from __future__ import annotations

from dialogs.records import StepStatus
from storage.repositories._base import Repository


class StepRepository(Repository):
    """Progress of each work step per team (``tx.steps``). A step without a row is open."""

    async def status(self, team_id: int, step: str) -> StepStatus:
        row = await self._s.fetchone(
            "SELECT status FROM step_status WHERE team_id = ? AND step = ?", (team_id, step)
        )
        return StepStatus.OPEN if row is None else StepStatus(row["status"])

    async def all(self, team_id: int) -> dict[str, StepStatus]:
        """Step id → status for every step that has one; missing steps are ``offen``."""
        rows = await self._s.fetchall(
            "SELECT step, status FROM step_status WHERE team_id = ? ORDER BY step", (team_id,)
        )
        return {row["step"]: StepStatus(row["status"]) for row in rows}

    async def set(
        self,
        team_id: int,
        step: str,
        status: StepStatus | str,
        by_member: int | None = None,
    ) -> None:
        """Set the status; ``by_member`` is recorded as ``closed_by`` when closing."""
        status = StepStatus(status)
        closed_by = by_member if status is StepStatus.CLOSED else None
        await self._s.write(
            "INSERT INTO step_status (team_id, step, status, updated_at, closed_by)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, step) DO UPDATE SET"
            " status = excluded.status, updated_at = excluded.updated_at,"
            " closed_by = excluded.closed_by",
            (team_id, step, status.value, self._s.now_text(), closed_by),
        )
