"""The engine's read-only window onto a team's stored answers, plus the writes it asks for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dialogs.answer_index import ANY, AnswerIndex
from dialogs.records import Answer, Member, Team


@dataclass(frozen=True)
class AddAnswer:
    """Store a new answer (a pool entry, or a first answer)."""

    step: str
    prompt: str
    value: Any
    subject_id: int | None = None


@dataclass(frozen=True)
class ReplaceAnswer:
    """Store a new version of an answer; the old one stays in the history."""

    answer_id: int
    value: Any


@dataclass(frozen=True)
class DeleteAnswer:
    """Withdraw an answer (kept in the database, marked deleted)."""

    answer_id: int


Write = AddAnswer | ReplaceAnswer | DeleteAnswer


@dataclass
class View:
    """A snapshot of what the engine may know: who acts, in which team, and current answers.

    Writes the engine makes during one turn are applied to the snapshot too (with negative
    provisional ids), so later prompts of the same turn see them. ``index`` (the same answers,
    indexed; built from ``answers`` when not given) makes every lookup independent of how
    many answers the team has.
    """

    team: Team | None
    member: Member | None
    #: The caller's clock reading for this turn; dialogs never read the wall clock themselves.
    now: datetime
    answers: list[Answer] = field(default_factory=list)
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)
    index: AnswerIndex | None = None
    _next_provisional: int = -1

    def __post_init__(self) -> None:
        if self.index is None:
            self.index = AnswerIndex(self.answers)

    @property
    def _index(self) -> AnswerIndex:
        assert self.index is not None  # set in __post_init__
        return self.index

    @property
    def today(self) -> date:
        """The day of :attr:`now` (UTC, like every stored timestamp)."""
        return self.now.date()

    def current(
        self,
        step: str,
        prompt: str,
        *,
        subject_id: int | None = ANY,
        author_id: int | None = ANY,
    ) -> list[Answer]:
        """Current answers of one prompt, optionally for one subject or one author."""
        return list(self._index.select(step, prompt, subject_id=subject_id, author_id=author_id))

    def find(self, answer_id: int) -> Answer | None:
        return self._index.get(answer_id)

    def apply(self, write: Write) -> None:
        """Reflect a write in the snapshot."""
        if isinstance(write, AddAnswer):
            added = Answer(
                id=self._next_provisional,
                team_id=self.team.id if self.team else 0,
                step=write.step,
                prompt=write.prompt,
                subject_id=write.subject_id,
                author_id=self.member.id if self.member else None,
                value=write.value,
                created_at=self.now,
            )
            self.answers.append(added)
            self.index = self._index.plus(added)
            self._next_provisional -= 1
            return
        index = next(i for i, a in enumerate(self.answers) if a.id == write.answer_id)
        if isinstance(write, ReplaceAnswer):
            self.answers[index] = self.answers[index].model_copy(update={"value": write.value})
            self.index = self._index.replaced(write.answer_id, self.answers[index])
        else:
            del self.answers[index]
            self.index = self._index.without(write.answer_id)
