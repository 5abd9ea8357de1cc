"""The registry of work steps, in workshop order. Each step is declared in its own module.

A module of this package that exports ``STEP`` (one dialog) or ``PARTS`` (the parts of one work
step) is found by itself; modules with neither (helpers such as ``fragebogen``) are skipped.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable

from dialogs.catalog import STRATEGY_NAME
from dialogs.dialog import Step
from dialogs.errors import DeclarationError
from dialogs.prompts import ItemsPrompt


def _workshop_order(step: Step) -> tuple[str | int, ...]:
    """Natural order of the work-step id, so that ``as10`` comes after ``as9``."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", step.work_step))


def _declared(path: Iterable[str], package: str) -> list[Step]:
    """Every ``STEP`` and ``PARTS`` of the modules of ``package`` (found in ``path``), in
    workshop order; the parts of one work step keep the order of their declaration."""
    found: list[Step] = []
    for info in sorted(pkgutil.iter_modules(path), key=lambda i: i.name):
        module = importlib.import_module(f"{package}.{info.name}")
        step = getattr(module, "STEP", None)
        found.extend(getattr(module, "PARTS", (step,) if step else ()))
    return sorted(found, key=_workshop_order)


def _registry(*steps: Step) -> dict[str, Step]:
    registry = {step.id: step for step in steps}
    if len(registry) != len(steps):
        raise DeclarationError("Arbeitsschritt doppelt registriert")
    names: dict[str, str] = {}
    for step in steps:
        name = names.setdefault(step.work_step, step.work_step_name)
        if name != step.work_step_name:
            raise DeclarationError(
                f"{step.id}: nennt {step.work_step} {step.work_step_name!r} statt {name!r}"
            )
        for prompt in step.prompts:
            for ref in (prompt.for_each, prompt.show):
                if ref and "." in ref:
                    other, _, key = ref.partition(".")
                    target = registry.get(other)
                    found = target.prompt(key) if target else None
                    if not isinstance(found, ItemsPrompt):
                        raise DeclarationError(f"{step.id}.{prompt.key}: {ref!r} unbekannt")
    return registry


STEPS: dict[str, Step] = _registry(*_declared(__path__, __name__))


def work_steps() -> dict[str, list[Step]]:
    """Implemented work steps in workshop order, each with its dialogs (parts)."""
    grouped: dict[str, list[Step]] = {}
    for step in STEPS.values():
        grouped.setdefault(step.work_step, []).append(step)
    return grouped


#: The work steps and the strategy block, by id, in workshop order (names from the declarations).
STEP_NAMES: dict[str, str] = {
    **{key: parts[0].work_step_name for key, parts in work_steps().items()},
    "sb": STRATEGY_NAME,
}
