"""Step results derived from stored answers: the structured content of summaries and charts.

One module per work step; each builder is a pure function of (team, the team's current answers
of all steps, members[, today]) and returns a frozen model. Contributions carry their author's
display name (None once the person deleted their data); gaps stay None or empty.
"""

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
from dialogs.results.base import Contribution, Result

__all__ = [
    "Actor",
    "ActorGroup",
    "ActorMap",
    "Component",
    "Concept",
    "Contribution",
    "DataInfrastructure",
    "DataSet",
    "Expert",
    "Field",
    "FieldOfAction",
    "FieldsResult",
    "GoalMapResult",
    "GroupProgress",
    "InventoryResult",
    "PersonCompletion",
    "PlanItem",
    "ProcessPlanResult",
    "QuestionAnswer",
    "QuestionGroup",
    "QuestionSummary",
    "QuestionnaireResult",
    "Result",
    "Ring",
    "SwotResult",
    "fields_overview",
    "goal_map",
    "inventory",
    "process_plan",
    "team_fields",
]
