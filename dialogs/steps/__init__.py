"""The registry of work steps, in workshop order. Each step is declared in its own module."""

from __future__ import annotations

from dialogs.catalog import STEP_NAMES
from dialogs.dialog import Step
from dialogs.errors import DeclarationError
from dialogs.prompts import ItemsPrompt
from dialogs.steps import as1, as2, as3, as4, as5, as6, as7, as8, as9


def _registry(*steps: Step) -> dict[str, Step]:
    registry = {step.id: step for step in steps}
    if len(registry) != len(steps):
        raise DeclarationError("Arbeitsschritt doppelt registriert")
    for step in steps:
        for prompt in step.prompts:
            for ref in (prompt.for_each, prompt.show):
                if ref and "." in ref:
                    other, _, key = ref.partition(".")
                    target = registry.get(other)
                    found = target.prompt(key) if target else None
                    if not isinstance(found, ItemsPrompt):
                        raise DeclarationError(f"{step.id}.{prompt.key}: {ref!r} unbekannt")
    return registry


STEPS: dict[str, Step] = _registry(
    *as1.PARTS,
    as2.STEP,
    as3.STEP,
    as4.STEP,
    as5.STEP,
    as6.STEP,
    as7.STEP,
    as8.STEP,
    as9.STEP,
)


def work_steps() -> dict[str, list[Step]]:
    """Implemented work steps in workshop order, each with its dialogs (parts)."""
    grouped: dict[str, list[Step]] = {}
    for step in STEPS.values():
        grouped.setdefault(step.work_step, []).append(step)
    return {key: grouped[key] for key in STEP_NAMES if key in grouped}
