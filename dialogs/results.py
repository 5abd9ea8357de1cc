"""Step results derived from stored answers: the structured content of summaries and charts."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from dialogs.catalog import SUGGESTED_FIELDS, UNASSIGNED_FIELD
from dialogs.records import Answer, Member, Team


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Contribution(Result):
    """A pool entry with its author's display name (None if the author deleted their data)."""

    text: str
    author: str | None


class FieldOfAction(Result):
    name: str
    goals: tuple[Contribution, ...]


class GoalMapResult(Result):
    """AS3: vision, principles, goals by field of action."""

    municipality: str
    target_year: int | None
    vision: str | None
    principles: tuple[str, ...]
    ideas: tuple[Contribution, ...]
    fields: tuple[FieldOfAction, ...]
    contributors: tuple[str, ...]

    @property
    def goal_count(self) -> int:
        return sum(len(f.goals) for f in self.fields)


def _latest(answers: Iterable[Answer], step: str, prompt: str, subject_id: int | None = None):
    found = [
        a for a in answers if a.step == step and a.prompt == prompt and a.subject_id == subject_id
    ]
    return found[-1].value if found else None


def _names(members: Iterable[Member]) -> dict[int, str]:
    return {m.id: m.display_name for m in members}


def team_fields(answers: Iterable[Answer]) -> tuple[str, ...]:
    """The team's fields of action: those defined in AS4 first, then own ones used in AS3."""
    used: list[str] = []
    answers = list(answers)
    for answer in answers:
        if answer.step == "as4" and answer.prompt == "fields" and isinstance(answer.value, dict):
            name = str(answer.value.get("name", "")).strip()
            if name and name not in used:
                used.append(name)
    for answer in answers:
        if answer.step == "as3" and answer.prompt == "goal_field":
            name = str(answer.value)
            if name not in SUGGESTED_FIELDS and name not in used:
                used.append(name)
    return tuple(used)


def goal_map(team: Team, answers: list[Answer], members: list[Member]) -> GoalMapResult:
    """Assemble AS3's results: every goal in its field, in the order fields were first used."""
    names = _names(members)
    step = [a for a in answers if a.step == "as3"]

    def contribution(answer: Answer) -> Contribution:
        return Contribution(text=str(answer.value), author=names.get(answer.author_id or -1))

    goals = [a for a in step if a.prompt == "goals" and a.subject_id is None]
    by_field: dict[str, list[Contribution]] = {}
    for goal in goals:
        field = _latest(step, "as3", "goal_field", goal.id) or UNASSIGNED_FIELD
        by_field.setdefault(str(field), []).append(contribution(goal))
    order = sorted(by_field, key=lambda name: name == UNASSIGNED_FIELD)
    year = _latest(step, "as3", "target_year")
    contributors = sorted({names[a.author_id] for a in step if a.author_id in names})
    return GoalMapResult(
        municipality=team.municipality,
        target_year=int(year) if year is not None else None,
        vision=_latest(step, "as3", "vision_statement"),
        principles=tuple(_latest(step, "as3", "data_principles") or ()),
        ideas=tuple(contribution(a) for a in step if a.prompt == "vision_ideas"),
        fields=tuple(FieldOfAction(name=n, goals=tuple(by_field[n])) for n in order),
        contributors=tuple(contributors),
    )
