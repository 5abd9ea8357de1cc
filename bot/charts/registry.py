"""Every chart by name: its input model, its renderer, its file name.

:func:`render_chart` is a plain top-level function so a process pool can call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from bot.charts.base import ChartResult
from bot.charts.goalmap import GoalMapData, render_goal_map


@dataclass(frozen=True)
class ChartKind:
    model: type[BaseModel]
    render: Callable[[Any], ChartResult | list[ChartResult]]
    filename: str


CHARTS: dict[str, ChartKind] = {
    "zielmapping": ChartKind(GoalMapData, render_goal_map, "zielmapping.png"),
}


def render_chart(name: str, data: dict[str, Any]) -> list[ChartResult]:
    """Validate ``data`` against the chart's model and render it (one or more images)."""
    kind = CHARTS[name]
    result = kind.render(kind.model.model_validate(data))
    return result if isinstance(result, list) else [result]
