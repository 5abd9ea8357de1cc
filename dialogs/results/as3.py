"""AS3 Visionen und Ziele: vision, principles and every goal in its field of action."""

from __future__ import annotations

from collections.abc import Iterable

from dialogs.catalog import SUGGESTED_FIELDS, UNASSIGNED_FIELD
from dialogs.records import Answer, Member, Team
from dialogs.results.base import Authors, Contribution, Result, latest, whole_number

STEP = "as3"


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
        if answer.step == STEP and answer.prompt == "goal_field":
            name = str(answer.value)
            if name not in SUGGESTED_FIELDS and name not in used:
                used.append(name)
    return tuple(used)


def goal_map(team: Team, answers: list[Answer], members: list[Member]) -> GoalMapResult:
    """Assemble AS3's results: every goal in its field, in the order fields were first used."""
    authors = Authors(members)
    step = [a for a in answers if a.step == STEP]
    goals = [a for a in step if a.prompt == "goals" and a.subject_id is None]
    by_field: dict[str, list[Contribution]] = {}
    for goal in goals:
        field = latest(step, STEP, "goal_field", goal.id) or UNASSIGNED_FIELD
        by_field.setdefault(str(field), []).append(authors.contribution(goal))
    order = sorted(by_field, key=lambda name: name == UNASSIGNED_FIELD)
    return GoalMapResult(
        municipality=team.municipality,
        target_year=whole_number(latest(step, STEP, "target_year")),
        vision=latest(step, STEP, "vision_statement"),
        principles=tuple(latest(step, STEP, "data_principles") or ()),
        ideas=tuple(authors.contribution(a) for a in step if a.prompt == "vision_ideas"),
        fields=tuple(FieldOfAction(name=n, goals=tuple(by_field[n])) for n in order),
        contributors=authors.contributors(step),
    )
