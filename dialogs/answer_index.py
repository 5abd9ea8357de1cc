"""A team's current answers, indexed by prompt, author, subject and id, so a lookup costs the
same however much the team has stored."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from dialogs.records import Answer

#: "Any value" for the filters of :meth:`AnswerIndex.select` (None is a real subject/author).
ANY: Any = object()

Key = tuple[Any, ...]


def _keys(answer: Answer) -> Iterator[Key]:
    """The groups an answer belongs to: its prompt, its prompt by author, by subject."""
    yield ("prompt", answer.step, answer.prompt)
    yield ("author", answer.step, answer.prompt, answer.author_id)
    yield ("subject", answer.step, answer.prompt, answer.subject_id)


class AnswerIndex:
    """Immutable: the answers in their stored order, grouped and by id.

    Built once per change of the team's answers (the storage layer keeps it cached); a
    changed copy comes from :meth:`plus`, :meth:`replaced` and :meth:`without`, which copy
    references of the groups concerned instead of going through every answer. The map by id
    is built only when first asked for (most updates never look an answer up by id).
    """

    __slots__ = ("_answers", "_by_id", "_groups")

    def __init__(self, answers: Iterable[Answer] = ()) -> None:
        self._answers = tuple(answers)
        grouped: dict[Key, list[Answer]] = {}
        for answer in self._answers:
            for key in _keys(answer):
                grouped.setdefault(key, []).append(answer)
        self._groups = {key: tuple(group) for key, group in grouped.items()}
        self._by_id: dict[int, Answer] | None = None  # built by the first get()

    @property
    def answers(self) -> tuple[Answer, ...]:
        """All current answers, in the order they were first added."""
        return self._answers

    def __len__(self) -> int:
        return len(self._answers)

    def select(
        self, step: str, prompt: str, *, subject_id: Any = ANY, author_id: Any = ANY
    ) -> tuple[Answer, ...]:
        """The answers of one prompt in order, optionally about one subject or by one author."""
        if subject_id is ANY:
            if author_id is ANY:
                return self._groups.get(("prompt", step, prompt), ())
            return self._groups.get(("author", step, prompt, author_id), ())
        about = self._groups.get(("subject", step, prompt, subject_id), ())
        if author_id is ANY:
            return about
        return tuple(a for a in about if a.author_id == author_id)

    def get(self, answer_id: int) -> Answer | None:
        return self._ids().get(answer_id)

    def _ids(self) -> dict[int, Answer]:
        if self._by_id is None:
            self._by_id = {answer.id: answer for answer in self._answers}
        return self._by_id

    def plus(self, answer: Answer) -> AnswerIndex:
        """A copy with ``answer`` added at the end."""
        # Concatenation copies a tuple once; (*t, x) builds a list first (twice as slow here).
        groups = dict(self._groups)
        for key in _keys(answer):
            groups[key] = groups.get(key, ()) + (answer,)  # noqa: RUF005
        by_id = None if self._by_id is None else {**self._by_id, answer.id: answer}
        return self._copy(self._answers + (answer,), groups, by_id)  # noqa: RUF005

    def replaced(self, answer_id: int, answer: Answer) -> AnswerIndex:
        """A copy with the answer ``answer_id`` replaced by ``answer`` in its place."""
        old = self._ids()[answer_id]
        if list(_keys(old)) != list(_keys(answer)):
            return AnswerIndex(_swap(self._answers, old, (answer,)))
        by_id = {**self._ids(), answer.id: answer}
        if answer.id != answer_id:
            del by_id[answer_id]
        groups = dict(self._groups)
        for key in _keys(old):
            groups[key] = _swap(groups[key], old, (answer,))
        return self._copy(_swap(self._answers, old, (answer,)), groups, by_id)

    def without(self, answer_id: int) -> AnswerIndex:
        """A copy without the answer ``answer_id``."""
        old = self._ids()[answer_id]
        by_id = dict(self._ids())
        del by_id[answer_id]
        groups = dict(self._groups)
        for key in _keys(old):
            groups[key] = _swap(groups[key], old, ())
        return self._copy(_swap(self._answers, old, ()), groups, by_id)

    @classmethod
    def _copy(
        cls,
        answers: tuple[Answer, ...],
        groups: dict[Key, tuple[Answer, ...]],
        by_id: dict[int, Answer] | None,
    ) -> AnswerIndex:
        index = cls.__new__(cls)
        index._answers, index._groups, index._by_id = answers, groups, by_id
        return index


def _swap(answers: tuple[Answer, ...], old: Answer, new: tuple[Answer, ...]) -> tuple[Answer, ...]:
    """``answers`` with ``old`` (found by identity) replaced by ``new``."""
    at = next(i for i, a in enumerate(answers) if a is old)
    return answers[:at] + new + answers[at + 1 :]
