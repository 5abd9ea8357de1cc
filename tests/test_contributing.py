"""CONTRIBUTING.md names the files a new chart or work step needs; forgetting one fails here."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.charts.registry import CHARTS
from bot.present.outputs import STEP_OUTPUTS
from dialogs.steps import STEP_NAMES, STEPS, _declared, _registry, work_steps

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
    assert work_step in STEP_NAMES, f"{step}: kein Name"
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


NEW_STEP = """
from dialogs.dialog import Step
from dialogs.prompts import TextPrompt

STEP = Step(
    id="as10", number="AS10", title="Wirkung nachhalten", cycle="Umsetzung", purpose="Probe",
    prompts=(TextPrompt(key="notiz", question="Was hat gewirkt?", help="Stichworte genügen."),),
)
"""


@pytest.fixture
def step_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throwaway package of step modules: AS2 re-exported, a new AS10 and a helper module."""
    package = tmp_path / "probe_steps"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "as10.py").write_text(NEW_STEP)
    (package / "as2.py").write_text("from dialogs.steps.as2 import STEP as STEP\n")
    (package / "helfer.py").write_text("WERT = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package
    for name in [m for m in sys.modules if m.split(".")[0] == "probe_steps"]:
        del sys.modules[name]


def test_a_new_step_module_is_found_in_workshop_order(step_package: Path) -> None:
    declared = _declared([str(step_package)], "probe_steps")
    assert [step.id for step in declared] == ["as2", "as10"]  # AS10 after AS2, not before
    assert _registry(*declared)["as10"].work_step_name == "AS10 Wirkung nachhalten"


def test_the_registry_lists_no_step_module_by_hand() -> None:
    tree = ast.parse((ROOT / "dialogs/steps/__init__.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    modules = {path.stem for path in (ROOT / "dialogs/steps").glob("*.py")}
    assert not imported & modules
    assert list(work_steps()) == [key for key in STEP_NAMES if key != "sb"]
