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
from bot.charts.goalmap import GoalMapData, render_goal_map
from bot.charts.processplan import ProcessPlanData, render_process_plan
from bot.charts.questionnaire import QuestionnaireData, render_questionnaire
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
}


def render_chart(name: str, data: dict[str, Any]) -> list[ChartResult]:
    """Validate ``data`` against the chart's model and render it (one or more images)."""
    kind = CHARTS[name]
    result = kind.render(kind.model.model_validate(data))
    return result if isinstance(result, list) else [result]
