"""What every step result shares: frozen models, attributed contributions, answer look-ups."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict

from dialogs.records import Answer, Member


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Contribution(Result):
    """A pool entry with its author's display name (None if the author deleted their data)."""

    text: str
    author: str | None


def select(
    answers: Iterable[Answer], step: str, prompt: str, subject_id: int | None = None
) -> list[Answer]:
    """The answers to ``step.prompt`` about ``subject_id``, in stored order."""
    return [
        a for a in answers if a.step == step and a.prompt == prompt and a.subject_id == subject_id
    ]


def latest(
    answers: Iterable[Answer], step: str, prompt: str, subject_id: int | None = None
) -> Any:
    """The value of the last answer to ``step.prompt`` about ``subject_id``, or None."""
    found = select(answers, step, prompt, subject_id)
    return found[-1].value if found else None


def text(value: Any) -> str | None:
    """A stored text value, stripped; None for nothing or blank."""
    if value is None:
        return None
    shown = str(value).strip()
    return shown or None


def entry(value: Any, key: str) -> str | None:
    """Field ``key`` of an items/form entry (a dict; skipped fields are missing)."""
    return text(value.get(key)) if isinstance(value, dict) else None


def label_of(value: Any, key: str) -> str:
    """The naming field ``key`` of an entry (or a plain entry's text); empty if missing."""
    if isinstance(value, dict):
        return entry(value, key) or ""
    return text(value) or ""


def whole_number(value: Any) -> int | None:
    """An int from a stored number, or None if there is none."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class Authors:
    """Display names of the authors of answers; None where the person deleted their data or
    the answer was made anonymously (an anonymous round names nobody in any output)."""

    def __init__(self, members: Iterable[Member]) -> None:
        self._names = {m.id: m.display_name for m in members if m.user_id is not None}

    def name(self, member_id: int | None) -> str | None:
        return None if member_id is None else self._names.get(member_id)

    def of(self, answer: Answer) -> str | None:
        return None if answer.anonymous else self.name(answer.author_id)

    def contribution(self, answer: Answer) -> Contribution:
        """A plain pool entry (items without fields: the value is the text)."""
        return Contribution(text=str(answer.value).strip(), author=self.of(answer))

    def contributors(self, answers: Iterable[Answer]) -> tuple[str, ...]:
        """Everyone who wrote one of ``answers``, sorted by name (deleted people left out)."""
        return tuple(sorted({n for a in answers if (n := self.of(a)) is not None}))
