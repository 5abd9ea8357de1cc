"""A member's position in a dialog, stored as JSON after every accepted answer."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Position(BaseModel):
    """A prompt (by index) and, for prompts asked per entry, the entry's answer id."""

    index: int
    subject_id: int | None = None


class DialogState(BaseModel):
    """Where a member stands. ``dialog`` is None when no dialog is open.

    ``version`` grows whenever the position changes; buttons carry the version they were made
    for, so a button from an earlier question is recognised as stale.
    """

    dialog: str | None = None
    index: int = 0
    subject_id: int | None = None
    field: int = 0
    draft: dict[str, Any] = Field(default_factory=dict)
    selected: list[str] = Field(default_factory=list)
    awaiting_other: bool = False
    trail: list[Position] = Field(default_factory=list)
    paused: bool = False
    version: int = 0

    @property
    def position(self) -> Position:
        return Position(index=self.index, subject_id=self.subject_id)

    def moved_to(self, position: Position, *, remember: bool = True) -> DialogState:
        """A copy at ``position`` with field, draft and selection reset."""
        trail = [*self.trail, self.position] if remember else list(self.trail)
        return self.model_copy(
            update={
                "index": position.index,
                "subject_id": position.subject_id,
                "field": 0,
                "draft": {k: v for k, v in self.draft.items() if k == "values"},
                "selected": [],
                "awaiting_other": False,
                "trail": trail[-50:],
                "paused": False,
                "version": self.version + 1,
            }
        )
