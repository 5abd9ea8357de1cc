"""Chart data from step results: what each chart shows, built from the domain's results.

Used by the step summaries, the live views and the strategy paper alike, so all show the same
charts."""

from __future__ import annotations

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
from dialogs.catalog import UNASSIGNED_FIELD
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
)
from dialogs.results.as9 import chart_date
from dialogs.steps.as6 import STRATEGY_LEVEL


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
