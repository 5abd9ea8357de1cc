"""CONTRIBUTING.md names the files a new chart or work step needs; forgetting one fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.charts.registry import CHARTS
from bot.present.outputs import STEP_OUTPUTS
from dialogs.catalog import STEP_NAMES
from dialogs.steps import STEPS, work_steps

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_is_handed_out_and_has_its_test(name: str) -> None:
    shown = {chart for summary in STEP_OUTPUTS.values() for chart, _, _ in summary.charts}
    assert name in shown, f"{name}: in keinem StepSummary (bot/present/outputs.py)"
    module = CHARTS[name].render.__module__.split(".")[2]
    assert (ROOT / "tests" / f"test_chart_{module}.py").exists()


@pytest.mark.parametrize("step", sorted(STEPS))
def test_every_step_has_a_name_and_is_offered(step: str) -> None:
    work_step = STEPS[step].work_step
    assert work_step in STEP_NAMES, f"{step}: kein Name in dialogs/catalog.py"
    assert STEPS[step] in work_steps()[work_step]


@pytest.mark.parametrize("key", sorted(STEP_OUTPUTS))
def test_every_summary_has_its_two_templates(key: str) -> None:
    for suffix in ("chat", "md"):
        assert (ROOT / "templates" / f"summary_{key}.{suffix}.j2").exists()


def test_contributing_names_files_that_exist() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for path in ("dialogs/prompts.py", "dialogs/engine.py", "dialogs/screen.py",
                 "dialogs/parsing.py", "dialogs/presses.py", "dialogs/actions.py",
                 "bot/charts/registry.py", "bot/charts/inputs.py", "bot/present/outputs.py",
                 "dialogs/steps/__init__.py", "dialogs/catalog.py", "bot/app/actions.py",
                 "bot/app/service.py", "bot/present/live_actions.py", "tests/chartcheck.py",
                 "tests/test_prompt_kinds.py", "tests/test_engine.py"):  # fmt: skip
        assert f"`{path}`" in text and (ROOT / path).exists(), path
