"""Every chart by name: its input model, its renderer, its file name.

:func:`render_chart` is a plain top-level function so a process pool can call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from bot.charts.actorrings import ActorRingsData, render_actor_rings
from bot.charts.base import ChartResult
from bot.charts.dotvote import DotVoteData, render_dot_vote
from bot.charts.goalmap import GoalMapData, render_goal_map
from bot.charts.impactmodel import ImpactModelData, render_impact_model
from bot.charts.indicators import IndicatorData, render_indicators
from bot.charts.monitoring import MonitoringData, render_monitoring
from bot.charts.parts import split_tall
from bot.charts.processplan import ProcessPlanData, render_process_plan
from bot.charts.projectmatrix import ProjectMatrixData, render_project_matrix
from bot.charts.questionnaire import QuestionnaireData, render_questionnaire
from bot.charts.riskmatrix import RiskMatrixData, render_risk_matrix
from bot.charts.roadmap import RoadmapData, render_roadmap
from bot.charts.swot import SwotData, render_swot


@dataclass(frozen=True)
class ChartKind:
    model: type[BaseModel]
    render: Callable[[Any], ChartResult | list[ChartResult]]
    filename: str


CHARTS: dict[str, ChartKind] = {
    "fragebogen": ChartKind(QuestionnaireData, render_questionnaire, "fragebogen.png"),
    "swot": ChartKind(SwotData, render_swot, "swot.png"),
    "akteursringe": ChartKind(ActorRingsData, render_actor_rings, "akteursringe.png"),
    "prozessplan": ChartKind(ProcessPlanData, render_process_plan, "prozessplan.png"),
    "zielmapping": ChartKind(GoalMapData, render_goal_map, "zielmapping.png"),
    "punktabstimmung": ChartKind(DotVoteData, render_dot_vote, "punktabstimmung.png"),
    "risikomatrix": ChartKind(RiskMatrixData, render_risk_matrix, "risikomatrix.png"),
    "projektmatrix": ChartKind(ProjectMatrixData, render_project_matrix, "projektmatrix.png"),
    "roadmap": ChartKind(RoadmapData, render_roadmap, "roadmap.png"),
    "wirkungsmodell": ChartKind(ImpactModelData, render_impact_model, "wirkungsmodell.png"),
    "indikatoren": ChartKind(IndicatorData, render_indicators, "indikatoren.png"),
    "monitoring": ChartKind(MonitoringData, render_monitoring, "monitoring.png"),
}


def render_chart(name: str, data: dict[str, Any]) -> list[ChartResult]:
    """Validate ``data`` against the chart's model and render it (one or more images); a
    picture taller than a page is split between its elements (:mod:`bot.charts.parts`)."""
    kind = CHARTS[name]
    result = kind.render(kind.model.model_validate(data))
    return [
        part
        for image in (result if isinstance(result, list) else [result])
        for part in split_tall(image)
    ]
