"""A Mermaid diagram of the workshop, generated from the step registry.

``python -m dialogs.diagram > docs/workshop.mmd`` writes it; a test keeps the file fresh.
"""

from __future__ import annotations

from dialogs.prompts import ItemsPrompt
from dialogs.steps import STEP_NAMES, STEPS


def _label(text: str) -> str:
    return text.replace('"', "'")


def mermaid() -> str:
    """Work steps as subgraphs with their prompts; arrows for what builds on what."""
    lines = ["flowchart TD"]
    work_steps: dict[str, list] = {}
    for step in STEPS.values():
        work_steps.setdefault(step.work_step, []).append(step)
    for key, parts in work_steps.items():
        lines.append(f'    subgraph {key}["{_label(STEP_NAMES[key])}"]')
        for step in parts:
            lines.append(f'        {step.id}(["{_label(step.title)}"])')
            previous = step.id
            for prompt in step.prompts:
                node = f"{step.id}__{prompt.key}"
                shape = ("[/", "/]") if isinstance(prompt, ItemsPrompt) else ("[", "]")
                text = _label(
                    prompt.question.split("\n")[-1].replace("<b>", "").replace("</b>", "")
                )
                lines.append(f'        {node}{shape[0]}"{text[:60]}"{shape[1]}')
                lines.append(f"        {previous} --> {node}")
                previous = node
        lines.append("    end")
    for key, parts in work_steps.items():
        for other in sorted({o for step in parts for o in step.builds_on}):
            if other in work_steps:
                lines.append(f"    {other} -.-> {key}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(mermaid(), end="")
