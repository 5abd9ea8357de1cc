"""docs/workshop.mmd is generated from the step registry and must match it."""

from pathlib import Path

from dialogs.diagram import mermaid

DIAGRAM = Path(__file__).resolve().parent.parent / "docs" / "workshop.mmd"


def test_workshop_diagram_is_fresh() -> None:
    assert DIAGRAM.read_text(encoding="utf-8") == mermaid(), (
        "Regenerate with: python -m dialogs.diagram > docs/workshop.mmd"
    )


def test_diagram_names_every_step_and_prompt() -> None:
    from dialogs.steps import STEPS

    text = mermaid()
    for step in STEPS.values():
        assert f"{step.id}([" in text
        for prompt in step.prompts:
            assert f"{step.id}__{prompt.key}" in text
