"""The recommended next work step follows the handbook's order and the declared dependencies."""

from __future__ import annotations

from dialogs.next_step import prerequisites, reason, recommended_step
from dialogs.records import StepStatus
from dialogs.steps import work_steps

CLOSED = StepStatus.CLOSED


def test_goal_mapping_comes_before_the_fields_of_action() -> None:
    assert prerequisites("as3") == ["as1"]
    assert prerequisites("as4") == ["as1", "as3"]
    assert "as4" not in prerequisites("as3")


def test_a_new_team_starts_with_the_analysis() -> None:
    assert recommended_step({}) == "as1"
    assert reason("as1").startswith("er setzt nichts voraus")


def test_a_step_stays_recommended_until_it_is_closed() -> None:
    assert recommended_step({"as1": StepStatus.RUNNING}) == "as1"
    assert recommended_step({"as1": CLOSED}) == "as2"
    assert recommended_step({"as1": CLOSED, "as2": CLOSED}) == "as3"
    assert recommended_step({"as1": CLOSED, "as2": CLOSED, "as3": CLOSED}) == "as4"


def test_the_reason_names_what_the_step_builds_on() -> None:
    assert reason("as4") == (
        "er baut auf AS1 Bestandsanalyse und AS3 Visionen und Ziele auf, und dort liegen schon "
        "Ergebnisse vor"
    )


def test_nothing_is_recommended_once_every_step_is_closed() -> None:
    assert recommended_step(dict.fromkeys(work_steps(), CLOSED)) is None
