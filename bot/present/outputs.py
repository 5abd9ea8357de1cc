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

from bot.charts.actorrings import OTHER_GROUP, ActorRingsData
from bot.charts.actorrings import Actor as ChartActor
from bot.charts.dotvote import DotVoteData, VotedIdea
from bot.charts.goalmap import GoalField, GoalMapData
from bot.charts.impactmodel import ImpactChain as ChartChain
from bot.charts.impactmodel import ImpactModelData
from bot.charts.indicators import IndicatorData, IndicatorSeries, Measurement
from bot.charts.monitoring import MonitoredProject, MonitoringData
from bot.charts.processplan import PlanEntry, ProcessPlanData
from bot.charts.projectmatrix import MatrixProject, ProjectMatrixData
from bot.charts.questionnaire import PersonProgress, QuestionnaireData
from bot.charts.riskmatrix import RatedRisk, RiskMatrixData
from bot.charts.roadmap import Milestone as ChartMilestone
from bot.charts.roadmap import RoadmapData, RoadmapProject
from bot.charts.swot import SwotData
from bot.documents.templating import render
from dialogs.catalog import UNASSIGNED_FIELD
from dialogs.records import Answer, Member, Team
from dialogs.replies import Document, Message, Picture, Reply, clip
from dialogs.results import (
    ActorMap,
    EvaluationResult,
    GoalMapResult,
    ProcessPlanResult,
    ProjectIdeasResult,
    ProjectSelectionResult,
    QuestionnaireResult,
    RiskAssessmentResult,
    SwotResult,
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
from dialogs.results.as9 import chart_date
from dialogs.steps.as6 import STRATEGY_LEVEL


def _chat(template: str, **context: Any) -> Message:
    return Message(text=render(template, short=clip, **context).strip())


# --------------------------------------------------------------------------- chart inputs


def goal_map_chart(result: GoalMapResult) -> GoalMapData:
    """The goal map chart's input from AS3's results."""
    return GoalMapData(
        municipality=result.municipality,
        target_year=result.target_year,
        vision=result.vision,
        fields=[GoalField(name=f.name, goals=[g.text for g in f.goals]) for f in result.fields],
    )


def questionnaire_chart(municipality: str, result: QuestionnaireResult) -> QuestionnaireData:
    """Completion per recipient and group; only groups with selected questions (all six before
    any selection, so the placeholder names them)."""
    groups = result.asked_groups or result.groups
    keys = [g.key for g in groups]
    people = []
    for person in result.completion:
        progress = {g.group: g for g in person.groups}
        people.append(
            PersonProgress(
                name=person.name,
                answered=[progress[k].answered for k in keys],
                asked=[progress[k].asked for k in keys],
                finished=person.complete,
            )
        )
    return QuestionnaireData(
        municipality=municipality, groups=[g.title for g in groups], people=people
    )


def swot_chart(municipality: str, result: SwotResult) -> SwotData:
    return SwotData(
        municipality=municipality,
        strengths=[c.text for c in result.strengths],
        weaknesses=[c.text for c in result.weaknesses],
        opportunities=[c.text for c in result.opportunities],
        threats=[c.text for c in result.threats],
    )


def actor_rings_chart(municipality: str, result: ActorMap) -> ActorRingsData:
    """Sectors: the chosen groups, then own groups given to actors; actors without a known ring
    are left out of the picture (the summary lists them)."""
    return ActorRingsData(
        municipality=municipality,
        groups=list(result.groups),
        actors=[
            ChartActor(name=a.name, group=a.group or OTHER_GROUP, ring=a.ring)
            for a in result.actors
            if a.ring is not None
        ],
    )


def process_plan_chart(result: ProcessPlanResult) -> ProcessPlanData:
    """Dated entries on the timeline, ``today`` from the result (never from a clock here)."""
    return ProcessPlanData(
        municipality=result.municipality,
        today=result.today,
        entries=[
            PlanEntry(
                title=e.title,
                lane=e.lane or "Ohne Art",
                start=e.first_month,
                end=e.last_month,
                responsible=e.responsible,
            )
            for e in result.dated
        ],
    )


def dot_vote_chart(result: ProjectIdeasResult) -> DotVoteData:
    """Dots per idea and stakeholder group; a repeated title appears once (its first card
    carries the dots)."""
    ideas: dict[str, VotedIdea] = {}
    for idea in result.ideas:
        if idea.title and idea.title not in ideas:
            votes = {g.group: g.dots for g in idea.by_group}
            ideas[idea.title] = VotedIdea(title=idea.title, votes=votes)
    return DotVoteData(groups=list(result.groups), ideas=list(ideas.values()))


def _risk_label(title: str, project: str | None) -> str:
    return title if project in (None, STRATEGY_LEVEL) else f"{title} ({project})"


def risk_matrix_chart(result: RiskAssessmentResult) -> RiskMatrixData:
    """Rated risks only (their means); unrated ones are listed in the summary."""
    return RiskMatrixData(
        risks=[
            RatedRisk(
                title=_risk_label(r.title, r.project),
                category=r.category or "Ohne Bereich",
                likelihood=r.likelihood,
                impact=r.impact,
                disagreement=r.disagreement,
            )
            for r in result.risks
            if r.likelihood is not None and r.impact is not None
        ]
    )


def project_matrix_chart(result: ProjectSelectionResult) -> ProjectMatrixData:
    return ProjectMatrixData(
        projects=[
            MatrixProject(
                title=p.title,
                description=p.description or "",
                field=p.field or "",
                role=p.role or "",
                horizon=p.horizon_key,
                costs=p.costs,
                participants=list(p.participants),
                score=round(p.score, 2) if p.score is not None else None,
                light=p.light_key,
            )
            for p in result.projects
        ]
    )


def roadmap_chart(result: ProjectSelectionResult) -> RoadmapData:
    """Green projects with a readable start; horizons count from this year; a dependency on a
    project that is not on the roadmap is left out of the picture (the summary names it)."""
    year = int(result.today[:4])
    shown = result.on_roadmap
    keys = {p.title: p.key for p in shown}
    warnings = result.roadmap_warnings
    projects = []
    last = year + 2
    for p in shown:
        entry = p.roadmap
        assert entry is not None and entry.first_month and entry.last_month
        last = max(last, int(entry.last_month[:4]), *(int(m.month[:4]) for m in entry.milestones))
        mine = [w for w in warnings if w.project == p.key]
        outside = {w.milestone for w in mine}
        projects.append(
            RoadmapProject(
                key=p.key,
                title=p.title,
                field=p.field or UNASSIGNED_FIELD,
                start=entry.first_month,
                end=entry.last_month,
                milestones=[
                    ChartMilestone(title=m.title, month=m.month, outside=i in outside)
                    for i, m in enumerate(entry.milestones)
                ],
                depends_on=[keys[t] for t in entry.depends_on if t in keys and keys[t] != p.key],
                backward=[w.prerequisite for w in mine if w.prerequisite],
            )
        )
    return RoadmapData(
        start_year=year,
        end_year=last,
        fields=list(dict.fromkeys(p.field for p in projects)),
        projects=projects,
        today=result.today if projects else None,  # the placeholder stays uncrossed
        warnings=[w.text for w in warnings],
    )


def impact_model_chart(result: EvaluationResult) -> ImpactModelData:
    """Every green project; a chain not yet described shows its stages as open."""
    measures = []
    for project in result.projects:
        stages = project.impact.stages if project.impact else ()
        measures.append(
            ChartChain(
                measure=project.title,
                **{s.key: s.statement or "" for s in stages},
                indicators={s.key: list(s.indicators) for s in stages if s.indicators},
            )
        )
    return ImpactModelData(measures=measures)


def indicators_chart(result: EvaluationResult) -> IndicatorData:
    return IndicatorData(
        indicators=[
            IndicatorSeries(
                name=i.name,
                unit=i.unit,
                baseline=i.baseline,
                baseline_date=i.baseline_month,
                target=i.target,
                target_date=i.target_month,
                measurements=[
                    Measurement(date=when, value=m.value)
                    for m in i.measurements
                    if (when := chart_date(m.date))
                ],
            )
            for i in result.indicators
        ]
    )


def monitoring_chart(result: EvaluationResult) -> MonitoringData:
    """The latest report of every green project: status, who reported it, and when."""
    return MonitoringData(
        projects=[
            MonitoredProject(
                title=p.title,
                field=p.field or "",
                status=p.status_key,
                responsible=p.latest.reporter if p.latest else None,
                updated=p.latest.date if p.latest else None,
            )
            for p in result.projects
        ]
    )


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
