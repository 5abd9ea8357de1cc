"""What every chart renderer promises: user text is drawn literally and shows up in the alt text.

matplotlib treats "$…$" as mathtext. Every renderer gets an input with "$5$ & 50 % <b>x</b> Größe"
in every user-text field; it must render, never parse that text as math, report its exact pixel
size and name every field verbatim in its text version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.charts.actorrings import Actor, ActorRingsData, render_actor_rings
from bot.charts.base import ChartResult, png_size
from bot.charts.dotvote import DotVoteData, VotedIdea, render_dot_vote
from bot.charts.goalmap import GoalField, GoalMapData, render_goal_map
from bot.charts.impactmodel import ImpactChain, ImpactModelData, render_impact_model
from bot.charts.indicators import IndicatorData, IndicatorSeries, Measurement, render_indicators
from bot.charts.monitoring import MonitoredProject, MonitoringData, render_monitoring
from bot.charts.processplan import PlanEntry, ProcessPlanData, render_process_plan
from bot.charts.projectmatrix import MatrixProject, ProjectMatrixData, render_project_matrix
from bot.charts.questionnaire import PersonProgress, QuestionnaireData, render_questionnaire
from bot.charts.riskmatrix import RatedRisk, RiskMatrixData, render_risk_matrix
from bot.charts.roadmap import Milestone, RoadmapData, RoadmapProject, render_roadmap
from bot.charts.swot import SwotData, render_swot

SAMPLE = "$5$ & 50 % <b>x</b> Größe"


def t(field: str) -> str:
    """The sample text for one field, prefixed so each field can be found in the alt text."""
    return f"{field} {SAMPLE}"


@dataclass(frozen=True)
class Case:
    render: Callable[[Any], ChartResult | list[ChartResult]]
    data: Any
    #: texts the alt text must contain verbatim (every user-text field that it reports)
    expected: tuple[str, ...]


def _actor_rings() -> Case:
    data = ActorRingsData(
        municipality=t("Kommune"),
        groups=[t("Gruppe")],
        actors=[
            Actor(name=t("Akteur"), group=t("Gruppe"), ring="kern"),
            Actor(name=t("Andere"), group=t("Unbekannt"), ring="peripher"),
        ],
    )
    return Case(render_actor_rings, data, (t("Kommune"), t("Gruppe"), t("Akteur"), t("Andere")))


def _goal_map() -> Case:
    data = GoalMapData(
        municipality=t("Kommune"),
        target_year=2035,
        vision=t("Vision"),
        fields=[GoalField(name=t("Feld"), goals=[t("Ziel")])],
    )
    return Case(render_goal_map, data, (t("Kommune"), t("Vision"), t("Feld"), t("Ziel")))


def _process_plan() -> Case:
    data = ProcessPlanData(
        municipality=t("Kommune"),
        entries=[
            PlanEntry(
                title=t("Schritt"),
                lane="Arbeitsschritt",
                start="2025-01",
                end="2025-04",
                responsible=t("Verantwortlich"),
            ),
            PlanEntry(title=t("Termin"), lane=t("Spur"), start="2025-06", end="2025-06"),
        ],
        today="2025-03",
    )
    expected = (t("Kommune"), t("Schritt"), t("Verantwortlich"), t("Termin"), t("Spur"))
    return Case(render_process_plan, data, expected)


def _swot() -> Case:
    data = SwotData(
        municipality=t("Kommune"),
        strengths=[t("Stärke")],
        weaknesses=[t("Schwäche")],
        opportunities=[t("Chance")],
        threats=[t("Risiko")],
    )
    expected = (t("Kommune"), t("Stärke"), t("Schwäche"), t("Chance"), t("Risiko"))
    return Case(render_swot, data, expected)


def _questionnaire() -> Case:
    data = QuestionnaireData(
        municipality=t("Kommune"),
        groups=[t("Gruppe A"), t("Gruppe B")],
        people=[PersonProgress(name=t("Person"), answered=[1, 2], asked=[3, 2])],
    )
    expected = (t("Kommune"), t("Gruppe A"), t("Gruppe B"), t("Person"))
    return Case(render_questionnaire, data, expected)


def _dot_vote() -> Case:
    data = DotVoteData(
        title=t("Titel"),
        groups=[t("Gruppe"), t("Andere Gruppe")],
        ideas=[
            VotedIdea(title=t("Idee"), votes={t("Gruppe"): 3, t("Andere Gruppe"): 1}),
            VotedIdea(title=t("Zweite Idee"), votes={t("Andere Gruppe"): 2}),
        ],
    )
    expected = (t("Titel"), t("Gruppe"), t("Andere Gruppe"), t("Idee"), t("Zweite Idee"))
    return Case(render_dot_vote, data, expected)


def _risk_matrix() -> Case:
    data = RiskMatrixData(
        title=t("Titel"),
        risks=[
            RatedRisk(title=t("Risiko"), category=t("Kategorie"), likelihood=4, impact=3.5),
            RatedRisk(
                title=t("Zweites"), category="Technisch", likelihood=1, impact=2, disagreement=True
            ),
        ],
    )
    return Case(render_risk_matrix, data, (t("Titel"), t("Risiko"), t("Kategorie"), t("Zweites")))


def _project_matrix() -> Case:
    data = ProjectMatrixData(
        title=t("Titel"),
        projects=[
            MatrixProject(
                title=t("Projekt"),
                description=t("Beschreibung"),
                field=t("Feld"),
                role=t("Rolle"),
                horizon="kurz",
                costs=t("Kosten"),
                participants=[t("Beteiligte")],
                score=4.5,
                light="gruen",
            )
        ],
    )
    expected = (
        t("Titel"),
        t("Projekt"),
        t("Beschreibung"),
        t("Feld"),
        t("Rolle"),
        t("Kosten"),
        t("Beteiligte"),
    )
    return Case(render_project_matrix, data, expected)


def _roadmap() -> Case:
    data = RoadmapData(
        title=t("Titel"),
        start_year=2025,
        end_year=2030,
        fields=[t("Feld")],
        projects=[
            RoadmapProject(
                key=t("p1"),
                title=t("Projekt"),
                field=t("Feld"),
                start="2025-03",
                end="2026-10",
                milestones=[Milestone(title=t("Meilenstein"), month="2026-01")],
            ),
            RoadmapProject(
                key=t("p2"),
                title=t("Folgeprojekt"),
                field=t("Anderes Feld"),
                start="2027-01",
                end="2028-12",
                depends_on=[t("p1")],
            ),
        ],
        today="2025-06-15",
    )
    expected = (
        t("Titel"),
        t("Feld"),
        t("Projekt"),
        t("Meilenstein"),
        t("Folgeprojekt"),
        t("Anderes Feld"),
    )
    return Case(render_roadmap, data, expected)


def _impact_model() -> Case:
    data = ImpactModelData(
        title=t("Titel"),
        measures=[
            ImpactChain(
                measure=t("Maßnahme"),
                input=t("Input"),
                output=t("Output"),
                outcome=t("Outcome"),
                impact=t("Impact"),
                indicators={"outcome": [t("Indikator")]},
            )
        ],
    )
    expected = (
        t("Titel"),
        t("Maßnahme"),
        t("Input"),
        t("Output"),
        t("Outcome"),
        t("Impact"),
        t("Indikator"),
    )
    return Case(render_impact_model, data, expected)


def _indicators() -> Case:
    data = IndicatorData(
        title=t("Titel"),
        indicators=[
            IndicatorSeries(
                name=t("Indikator"),
                unit=t("Einheit"),
                baseline=10,
                baseline_date="2025-01",
                target=20,
                target_date="2028-01",
                measurements=[Measurement(date="2026-01", value=12.5)],
            )
        ],
    )
    return Case(render_indicators, data, (t("Titel"), t("Indikator"), t("Einheit")))


def _monitoring() -> Case:
    data = MonitoringData(
        title=t("Titel"),
        projects=[
            MonitoredProject(
                title=t("Projekt"),
                field=t("Feld"),
                status="teilweise",
                responsible=t("Verantwortlich"),
                updated=t("Stand"),
            )
        ],
    )
    expected = (t("Titel"), t("Projekt"), t("Feld"), t("Verantwortlich"), t("Stand"))
    return Case(render_monitoring, data, expected)


CASES: dict[str, Callable[[], Case]] = {
    "actorrings": _actor_rings,
    "goalmap": _goal_map,
    "processplan": _process_plan,
    "swot": _swot,
    "questionnaire": _questionnaire,
    "dotvote": _dot_vote,
    "riskmatrix": _risk_matrix,
    "projectmatrix": _project_matrix,
    "roadmap": _roadmap,
    "impactmodel": _impact_model,
    "indicators": _indicators,
    "monitoring": _monitoring,
}


@pytest.fixture
def saved_figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every figure saved as an image while the test runs (i.e. every chart drawn)."""
    saved: list[Figure] = []
    original = Figure.savefig

    def recording(self: Figure, *args: Any, **kwargs: Any) -> None:
        saved.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", recording)
    return saved


@pytest.mark.parametrize("name", list(CASES))
def test_user_text_is_drawn_literally_and_named_in_alt_text(
    name: str, saved_figures: list[Figure]
) -> None:
    case = CASES[name]()
    rendered = case.render(case.data)
    results = rendered if isinstance(rendered, list) else [rendered]

    assert results and saved_figures
    for result in results:
        # the reported size is the PNG's own size, to the pixel
        assert png_size(result.png) == (result.width_px, result.height_px)
        assert result.width_px == 1080
    alt_text = "\n".join(result.alt_text for result in results)
    for text in case.expected:
        assert text in alt_text, text

    drawn = [text for fig in saved_figures for text in fig.findobj(Text)]
    with_dollars = [text for text in drawn if "$" in text.get_text()]
    assert any("$5$" in text.get_text() for text in with_dollars)
    for text in with_dollars:
        assert not text.get_parse_math(), text.get_text()
