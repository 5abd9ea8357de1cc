"""A team's current answers, indexed by prompt and by id, so a lookup costs the same however
much the team has stored."""

from __future__ import annotations

from collections.abc import Iterable

from dialogs.records import Answer

Key = tuple[str, str]


class AnswerIndex:
    """Immutable: the answers in their stored order, grouped by (step, prompt) and by id.

    Built once per change of the team's answers (the storage layer keeps it cached); a
    changed copy comes from :meth:`plus`, :meth:`replaced` and :meth:`without`, which copy
    only references, never decode or scan the answers one by one.
    """

    __slots__ = ("_answers", "_by_id", "_groups")

    def __init__(self, answers: Iterable[Answer] = ()) -> None:
        self._answers = tuple(answers)
        grouped: dict[Key, list[Answer]] = {}
        for answer in self._answers:
            grouped.setdefault((answer.step, answer.prompt), []).append(answer)
        self._groups = {key: tuple(group) for key, group in grouped.items()}
        self._by_id = {answer.id: answer for answer in self._answers}

    @property
    def answers(self) -> tuple[Answer, ...]:
        """All current answers, in the order they were first added."""
        return self._answers

    def __len__(self) -> int:
        return len(self._answers)

    def group(self, step: str, prompt: str) -> tuple[Answer, ...]:
        """The answers of one prompt, in order."""
        return self._groups.get((step, prompt), ())

    def get(self, answer_id: int) -> Answer | None:
        return self._by_id.get(answer_id)

    def plus(self, answer: Answer) -> AnswerIndex:
        """A copy with ``answer`` added at the end."""
        key = (answer.step, answer.prompt)
        return self._copy(
            (*self._answers, answer),
            {**self._groups, key: (*self.group(*key), answer)},
            {**self._by_id, answer.id: answer},
        )

    def replaced(self, answer_id: int, answer: Answer) -> AnswerIndex:
        """A copy with the answer ``answer_id`` replaced by ``answer`` in its place (same
        step and prompt)."""
        old = self._by_id[answer_id]
        key = (old.step, old.prompt)
        by_id = {**self._by_id, answer.id: answer}
        if answer.id != answer_id:
            del by_id[answer_id]
        return self._copy(
            _swap(self._answers, old, (answer,)),
            {**self._groups, key: _swap(self.group(*key), old, (answer,))},
            by_id,
        )

    def without(self, answer_id: int) -> AnswerIndex:
        """A copy without the answer ``answer_id``."""
        old = self._by_id[answer_id]
        key = (old.step, old.prompt)
        by_id = dict(self._by_id)
        del by_id[answer_id]
        return self._copy(
            _swap(self._answers, old, ()),
            {**self._groups, key: _swap(self.group(*key), old, ())},
            by_id,
        )

    @classmethod
    def _copy(
        cls,
        answers: tuple[Answer, ...],
        groups: dict[Key, tuple[Answer, ...]],
        by_id: dict[int, Answer],
    ) -> AnswerIndex:
        index = cls.__new__(cls)
        index._answers, index._groups, index._by_id = answers, groups, by_id
        return index


def _swap(answers: tuple[Answer, ...], old: Answer, new: tuple[Answer, ...]) -> tuple[Answer, ...]:
    """``answers`` with ``old`` (found by identity) replaced by ``new``."""
    at = next(i for i, a in enumerate(answers) if a is old)
    return answers[:at] + new + answers[at + 1 :]
