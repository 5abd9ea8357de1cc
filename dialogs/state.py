"""A member's position in a dialog, stored as JSON after every accepted answer."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Position(BaseModel):
    """A prompt (by index) and, for prompts asked per entry, the entry's answer id."""

    index: int
    subject_id: int | None = None


#: How many earlier positions „Zurück“ can return to.
TRAIL_LIMIT = 50


class Suggestion(BaseModel):
    """A pending „Meinten Sie …?“: typed text close to options, waiting for the person's choice.

    ``own`` allows keeping the text as an own entry. For a multiple choice, ``chosen`` holds
    what the earlier parts of the message named and ``rest`` the parts still to read.
    """

    typed: str
    candidates: list[str]
    own: bool
    chosen: list[str] = Field(default_factory=list)
    rest: list[str] = Field(default_factory=list)


class DialogState(BaseModel):
    """Where a member stands. ``dialog`` is None when no dialog is open.

    ``version`` grows whenever the position changes; buttons carry the version they were made
    for, so a button from an earlier question is recognised as stale. ``suggestion`` is an open
    „Meinten Sie …?“ about the current question; ``keep_own`` records for this pass whether the
    member's earlier answers to per-entry questions (e.g. live ratings) stand (True) or are gone
    through one by one (False); None until asked.
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
    suggestion: Suggestion | None = None
    keep_own: bool | None = None

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
                "suggestion": None,
                "trail": trail[-TRAIL_LIMIT:],
                "paused": False,
                "version": self.version + 1,
            }
        )
