"""Step results derived from stored answers: the structured content of summaries and charts.

One module per work step; each builder is a pure function of (team, the team's current answers
of all steps, members[, today]) and returns a frozen model. Contributions carry their author's
display name (None once the person deleted their data); gaps stay None or empty.
:func:`all_results` bundles the results of every work step (for the strategy paper).
"""

from __future__ import annotations

from datetime import date

from dialogs.records import Answer, Member, Team
from dialogs.results.as1 import (
    Actor,
    ActorGroup,
    ActorMap,
    Concept,
    DataInfrastructure,
    DataSet,
    GroupProgress,
    InventoryResult,
    PersonCompletion,
    QuestionAnswer,
    QuestionGroup,
    QuestionnaireResult,
    QuestionSummary,
    Ring,
    SwotResult,
    inventory,
)
from dialogs.results.as2 import Component, PlanItem, ProcessPlanResult, process_plan
from dialogs.results.as3 import FieldOfAction, GoalMapResult, goal_map, team_fields
from dialogs.results.as4 import Expert, Field, FieldsResult, fields_overview
from dialogs.results.as5 import (
    FieldCount,
    GroupDots,
    Idea,
    ProjectIdeasResult,
    ShortlistEntry,
    Sketch,
    balanced_shares,
    project_ideas,
)
from dialogs.results.as6 import Risk, RiskAssessmentResult, risk_assessment
from dialogs.results.as7 import (
    CriterionScore,
    CriterionWeight,
    Milestone,
    ProjectSelectionResult,
    RankedProject,
    RoadmapEntry,
    RoadmapWarning,
    parse_milestones,
    project_selection,
)
from dialogs.results.as8 import ChecklistItem, ImplementationResult, ProjectPlan, implementation
from dialogs.results.as9 import (
    EvaluatedProject,
    EvaluationResult,
    ImpactChain,
    ImpactStage,
    Indicator,
    MeasuredValue,
    StatusReport,
    UnmatchedMeasurement,
    evaluation,
)
from dialogs.results.base import Contribution, Result


class WorkshopResults(Result):
    """The results of all nine work steps of one team at one moment."""

    municipality: str
    town_type: str
    today: str  # YYYY-MM
    inventory: InventoryResult  # AS1
    process_plan: ProcessPlanResult  # AS2
    goal_map: GoalMapResult  # AS3
    fields: FieldsResult  # AS4
    ideas: ProjectIdeasResult  # AS5
    risks: RiskAssessmentResult  # AS6
    selection: ProjectSelectionResult  # AS7
    implementation: ImplementationResult  # AS8
    evaluation: EvaluationResult  # AS9


def all_results(
    team: Team, answers: list[Answer], members: list[Member], today: date
) -> WorkshopResults:
    """Every work step's result from the team's current answers; ``today`` dates the plans."""
    return WorkshopResults(
        municipality=team.municipality,
        town_type=team.town_type,
        today=f"{today.year:04d}-{today.month:02d}",
        inventory=inventory(team, answers, members),
        process_plan=process_plan(team, answers, members, today),
        goal_map=goal_map(team, answers, members),
        fields=fields_overview(team, answers, members),
        ideas=project_ideas(team, answers, members),
        risks=risk_assessment(team, answers, members),
        selection=project_selection(team, answers, members, today),
        implementation=implementation(team, answers, members),
        evaluation=evaluation(team, answers, members),
    )


__all__ = [
    "Actor",
    "ActorGroup",
    "ActorMap",
    "ChecklistItem",
    "Component",
    "Concept",
    "Contribution",
    "CriterionScore",
    "CriterionWeight",
    "DataInfrastructure",
    "DataSet",
    "EvaluatedProject",
    "EvaluationResult",
    "Expert",
    "Field",
    "FieldCount",
    "FieldOfAction",
    "FieldsResult",
    "GoalMapResult",
    "GroupDots",
    "GroupProgress",
    "Idea",
    "ImpactChain",
    "ImpactStage",
    "ImplementationResult",
    "Indicator",
    "InventoryResult",
    "MeasuredValue",
    "Milestone",
    "PersonCompletion",
    "PlanItem",
    "ProcessPlanResult",
    "ProjectIdeasResult",
    "ProjectPlan",
    "ProjectSelectionResult",
    "QuestionAnswer",
    "QuestionGroup",
    "QuestionSummary",
    "QuestionnaireResult",
    "RankedProject",
    "Result",
    "Ring",
    "Risk",
    "RiskAssessmentResult",
    "RoadmapEntry",
    "RoadmapWarning",
    "ShortlistEntry",
    "Sketch",
    "StatusReport",
    "SwotResult",
    "UnmatchedMeasurement",
    "WorkshopResults",
    "all_results",
    "balanced_shares",
    "evaluation",
    "fields_overview",
    "goal_map",
    "implementation",
    "inventory",
    "parse_milestones",
    "process_plan",
    "project_ideas",
    "project_selection",
    "risk_assessment",
    "team_fields",
]
