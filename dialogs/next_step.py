"""Which work step a team should take up next, and why – from the steps' declared dependencies."""

from __future__ import annotations

from collections.abc import Mapping

from dialogs.records import StepStatus
from dialogs.steps import STEP_NAMES, work_steps


def prerequisites(key: str) -> list[str]:
    """The work steps that work step ``key`` builds on, in workshop order."""
    wanted = {other for part in work_steps().get(key, []) for other in part.builds_on}
    return [other for other in work_steps() if other in wanted and other != key]


def recommended_step(statuses: Mapping[str, StepStatus]) -> str | None:
    """The first work step in workshop order that is not closed and whose prerequisites have
    results (a step missing from ``statuses`` is open); None once nothing is left."""
    for key in work_steps():
        if statuses.get(key, StepStatus.OPEN) is StepStatus.CLOSED:
            continue
        if all(
            statuses.get(o, StepStatus.OPEN) is not StepStatus.OPEN for o in prerequisites(key)
        ):
            return key
    return None


def reason(key: str) -> str:
    """Why ``key`` comes next, as the end of a German sentence („… – weil …“)."""
    before = prerequisites(key)
    if not before:
        return "er setzt nichts voraus, und die weiteren Schritte bauen auf ihm auf"
    names = " und ".join(STEP_NAMES[other] for other in before)
    return f"er baut auf {names} auf, und dort liegen schon Ergebnisse vor"
