"""What a work step hands to the core team: a chat summary, its charts and a Markdown file.

:data:`STEP_OUTPUTS` maps a *work step* id (``"as1"`` … ``"as9"``; AS1's parts share ``"as1"``)
to a :class:`StepSummary`, called as ``(team, answers, members) -> [Message, *Picture,
Document]``. The results come from the pure builders in :mod:`dialogs.results`; the chart
inputs are built here from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.charts.inputs import (
    actor_rings_chart,
    dot_vote_chart,
    goal_map_chart,
    impact_model_chart,
    indicators_chart,
    monitoring_chart,
    process_plan_chart,
    project_matrix_chart,
    questionnaire_chart,
    risk_matrix_chart,
    roadmap_chart,
    swot_chart,
)
from bot.documents.templating import render
from dialogs.records import Answer, Member, Team
from dialogs.replies import Document, Message, Picture, Reply, clip
from dialogs.results import (
    evaluation,
    fields_overview,
    goal_map,
    implementation,
    inventory,
    process_plan,
    project_ideas,
    project_selection,
    risk_assessment,
)


def _chat(template: str, **context: Any) -> Message:
    return Message(text=render(template, short=clip, **context).strip())


# --------------------------------------------------------------------------- chart inputs


def _picture(chart: str, data: Any, caption: str, filename: str) -> Picture:
    return Picture(
        chart=chart, data=data.model_dump(mode="json"), caption=caption, filename=filename
    )


def _document(step: str, text: str) -> Document:
    return Document(
        filename=f"zusammenfassung-{step}.md",
        caption=f"Zusammenfassung {step.upper()} als Markdown-Datei",
        text=text,
    )


# --------------------------------------------------------------------------- per work step


@dataclass(frozen=True)
class StepSummary:
    """What a work step hands out: its result, rendered as a chat message, its charts (name,
    input builder, caption with ``{place}``) and a Markdown file — declared, not coded."""

    key: str
    result: Callable[[Team, list[Answer], list[Member], date], Any]
    charts: tuple[tuple[str, Callable[[Any], Any], str], ...] = ()

    def __call__(
        self, team: Team, answers: list[Answer], members: list[Member], today: date
    ) -> list[Reply]:
        r = self.result(team, answers, members, today)
        pictures = [
            _picture(chart, build(r), caption.format(place=team.municipality), f"{chart}.png")
            for chart, build, caption in self.charts
        ]
        return [
            _chat(f"summary_{self.key}.chat.j2", r=r),
            *pictures,
            _document(self.key, render(f"summary_{self.key}.md.j2", r=r)),
        ]


def _undated(build: Callable[[Team, list[Answer], list[Member]], Any]):
    """A result builder that needs no date, in the shape of the dated ones."""
    return lambda team, answers, members, _today: build(team, answers, members)


STEP_OUTPUTS: dict[str, StepSummary] = {
    summary.key: summary
    for summary in (
        StepSummary(
            "as1",
            _undated(inventory),
            (
                (
                    "fragebogen",
                    lambda r: questionnaire_chart(r.municipality, r.questionnaire),
                    "Fragebogen Digitalisierung – {place}",
                ),
                ("swot", lambda r: swot_chart(r.municipality, r.swot), "SWOT-Analyse {place}"),
                (
                    "akteursringe",
                    lambda r: actor_rings_chart(r.municipality, r.actors),
                    "Akteursringe für {place}",
                ),
            ),
        ),
        StepSummary(
            "as2", process_plan, (("prozessplan", process_plan_chart, "Prozessplan {place}"),)
        ),
        StepSummary(
            "as3", _undated(goal_map), (("zielmapping", goal_map_chart, "Zielmapping {place}"),)
        ),
        StepSummary("as4", _undated(fields_overview)),
        StepSummary(
            "as5",
            _undated(project_ideas),
            (("punktabstimmung", dot_vote_chart, "Punktabstimmung {place}"),),
        ),
        StepSummary(
            "as6",
            _undated(risk_assessment),
            (("risikomatrix", risk_matrix_chart, "Risikomatrix {place}"),),
        ),
        StepSummary(
            "as7",
            project_selection,
            (
                ("projektmatrix", project_matrix_chart, "Projektmatrix {place}"),
                ("roadmap", roadmap_chart, "Roadmap {place}"),
            ),
        ),
        StepSummary("as8", _undated(implementation)),
        StepSummary(
            "as9",
            _undated(evaluation),
            (
                ("wirkungsmodell", impact_model_chart, "Wirkungsmodell {place}"),
                ("indikatoren", indicators_chart, "Indikatoren {place}"),
                ("monitoring", monitoring_chart, "Monitoring {place}"),
            ),
        ),
    )
}
