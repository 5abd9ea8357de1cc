"""Tests for the risk matrix chart (AS6): placement in cells, no overlaps, legend."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.charts import riskmatrix
from bot.charts.base import MIN_FONT_PT, Box, ChartResult
from bot.charts.riskmatrix import CATEGORIES, RatedRisk, RiskMatrixData, render_risk_matrix
from tests.chartcheck import (
    assert_all_inside,
    assert_no_overlap,
    assert_phone_png,
    contains,
    record_font_sizes,
)

EXAMPLES = {
    "Administrativ": [
        "Unklare Zuständigkeiten zwischen Fachämtern",
        "Unklare Nutzungsrechte an erhobenen Daten",
        "Fehlende Haftung und Gewährleistung",
        "Fehlende Fachkompetenz in der Verwaltung",
        "Datensilos",
    ],
    "Technisch": [
        "Inkompatible Komponenten",
        "Falsche Technologiewahl",
        "Rein symbolische Technik ohne Nutzen für Bürgerinnen und Bürger",
        "Veraltete Technik",
        "Kritische Masse an Nutzenden wird nicht erreicht",
    ],
    "Gesellschaftlich-politisch": [
        "Digitale Spaltung der Stadtgesellschaft",
        "Unvorhergesehene Regulierung",
        "Beteiligung nur über digitale Werkzeuge",
        "Wert offener Daten wird von wenigen abgeschöpft",
    ],
    "Extern": [
        "Lock-in durch Anbieter",
        "Negative Effekte der Geschäftsmodelle von Anbietern auf die Stadt",
        "Unvorhergesehene Folgekosten",
        "Insolvenz des Anbieters",
    ],
    "Datenschutz und Datensicherheit": [
        "Öffnung von Systemen, die dafür nicht gebaut sind",
        "Echtzeitdaten ohne ausreichende Anonymisierung",
    ],
}
POOL = [(c, t) for c, titles in EXAMPLES.items() for t in titles]


def _small() -> RiskMatrixData:
    return RiskMatrixData(
        title="Risikomatrix: Digitales Bürgerbüro",
        risks=[
            RatedRisk(
                title="Unklare Zuständigkeiten", category="Administrativ", likelihood=4, impact=3.5
            ),
            RatedRisk(
                title="Lock-in durch Anbieter",
                category="Extern",
                likelihood=3.3,
                impact=4.2,
                disagreement=True,
            ),
            RatedRisk(
                title="Echtzeitdaten ohne ausreichende Anonymisierung",
                category="Datenschutz und Datensicherheit",
                likelihood=2,
                impact=5,
            ),
        ],
    )


def _large() -> RiskMatrixData:
    """30 risks, 10 of them in cell W 4 / A 4 (fractional means that round to 4)."""
    risks = []
    for k in range(30):
        category, title = POOL[k % len(POOL)]
        if k < 10:
            likelihood, impact = 3.5 + (k % 5) * 0.2, 4.4 - (k % 3) * 0.3
        else:
            likelihood, impact = 1 + (k * 7 % 41) / 10, 1 + (k * 13 % 41) / 10
        risks.append(
            RatedRisk(
                title=f"{title} ({k + 1})",
                category=category,
                likelihood=likelihood,
                impact=impact,
                disagreement=k % 4 == 0,
            )
        )
    return RiskMatrixData(title="Risikomatrix der Smart-City-Strategie Musterhausen", risks=risks)


def _cell(value: float) -> int:
    """Expected cell: round half up, clamp 1..5 (independent of the module's helper)."""
    return min(5, max(1, int(value + 0.5)))


def _prefixed(result: ChartResult, *prefixes: str) -> dict[str, Box]:
    return {k: v for k, v in result.layout.items() if k.split(":")[0] in prefixes}


@pytest.mark.parametrize("make", [_small, _large])
def test_every_marker_inside_its_cell(make) -> None:
    data = make()
    result = render_risk_matrix(data)
    assert_phone_png(result, height_slack=1)
    assert_all_inside(result)
    for index, risk in enumerate(data.risks):
        cell = result.layout[f"cell:{_cell(risk.likelihood)}:{_cell(risk.impact)}"]
        assert contains(cell, result.layout[f"marker:{index}"], 0.5), risk.title


@pytest.mark.parametrize("make", [_small, _large])
def test_nothing_overlaps(make) -> None:
    result = render_risk_matrix(make())
    # Markers never overlap each other, nor the score printed in each cell.
    assert_no_overlap(_prefixed(result, "marker", "score"))
    # Legend entries, flags, keys, axis labels and titles: no text overlaps another.
    texts = {k: v for k, v in result.layout.items() if k.split(":")[0] not in ("cell", "marker")}
    assert_no_overlap(texts)
    # Cells tile the grid without overlapping.
    assert_no_overlap(_prefixed(result, "cell"))


def test_thirty_risks_with_ten_in_one_cell() -> None:
    data = _large()
    in_cell = [
        i for i, r in enumerate(data.risks) if (_cell(r.likelihood), _cell(r.impact)) == (4, 4)
    ]
    assert len(in_cell) >= 10
    result = render_risk_matrix(data)
    assert 1200 < result.height_px < 6000
    cell = result.layout["cell:4:4"]
    markers = {f"marker:{i}": result.layout[f"marker:{i}"] for i in in_cell}
    assert all(contains(cell, box, 0.5) for box in markers.values())
    assert_no_overlap(markers)
    for index, risk in enumerate(data.risks):
        assert risk.title in result.alt_text
        assert f"legend:{index}" in result.layout
        assert f"marker:{index}" in result.layout


def test_thirty_risks_in_a_single_cell_grow_the_row() -> None:
    risks = [
        RatedRisk(title=f"Risiko {k}", category=CATEGORIES[k % 5], likelihood=5, impact=5)
        for k in range(30)
    ]
    result = render_risk_matrix(RiskMatrixData(title="Alles kritisch", risks=risks))
    cell = result.layout["cell:5:5"]
    assert all(contains(cell, result.layout[f"marker:{k}"], 0.5) for k in range(30))
    assert_no_overlap(_prefixed(result, "marker", "score"))
    assert cell.y1 - cell.y0 > result.layout["cell:5:1"].y1 - result.layout["cell:5:1"].y0


def test_legend_sorted_by_score_and_numbered_in_that_order() -> None:
    data = _large()
    result = render_risk_matrix(data)
    scores = [r.likelihood * r.impact for r in data.risks]
    best = max(range(len(scores)), key=lambda i: scores[i])
    legend = _prefixed(result, "legend")
    first = result.layout[f"legend:{best}"]
    assert first.y1 == max(b.y1 for b in legend.values())
    assert first.x0 == min(b.x0 for b in legend.values())
    body = result.alt_text.splitlines()[2:]
    numbered = [line.split(". ", 1)[1] for line in body]
    expected = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    assert [line.split(" (")[0] for line in numbered] == [
        data.risks[i].title.split(" (")[0] for i in expected
    ]
    assert [int(line.split(".")[0]) for line in body] == list(range(1, 31))


def test_disagreement_is_flagged_only_where_set() -> None:
    data = _large()
    result = render_risk_matrix(data)
    for index, risk in enumerate(data.risks):
        assert (f"flag:{index}" in result.layout) == risk.disagreement
        if risk.disagreement:
            flag, entry = result.layout[f"flag:{index}"], result.layout[f"legend:{index}"]
            assert flag.x1 <= entry.x0
    assert "Einschätzungen gehen auseinander" in result.alt_text
    clean = RiskMatrixData(
        title="t", risks=[r.model_copy(update={"disagreement": False}) for r in data.risks]
    )
    assert not _prefixed(render_risk_matrix(clean), "flag")


def test_rounding_is_half_up_and_legend_shows_the_means() -> None:
    data = RiskMatrixData(
        title="Rundung",
        risks=[
            RatedRisk(title="Halb", category="Technisch", likelihood=2.5, impact=1.49),
            RatedRisk(title="Rand", category="Extern", likelihood=4.5, impact=5),
        ],
    )
    result = render_risk_matrix(data)
    assert contains(result.layout["cell:3:1"], result.layout["marker:0"], 0.5)
    assert contains(result.layout["cell:5:5"], result.layout["marker:1"], 0.5)
    assert "W×A = 2,5 × 1,5 = 3,7" in result.alt_text  # 1.49 shown as 1,5; 3.725 -> 3,7
    assert "Rand (Extern, W×A = 4,5 × 5 = 22,5)" in result.alt_text
    assert "Zone hoch" in result.alt_text and "Zone niedrig" in result.alt_text


def test_unknown_category_still_gets_a_marker() -> None:
    data = RiskMatrixData(
        title="t",
        risks=[RatedRisk(title="Sonstiges", category="Finanzen", likelihood=3, impact=3)],
    )
    result = render_risk_matrix(data)
    assert contains(result.layout["cell:3:3"], result.layout["marker:0"], 0.5)
    assert "Finanzen" in result.alt_text


def test_ratings_outside_the_scale_are_rejected() -> None:
    with pytest.raises(ValidationError):
        RatedRisk(title="x", category="Extern", likelihood=6, impact=3)
    with pytest.raises(ValidationError):
        RatedRisk(title="x", category="Extern", likelihood=3, impact=0.5)


def test_model_is_frozen_and_json_round_trips() -> None:
    data = _large()
    assert RiskMatrixData.model_validate_json(data.model_dump_json()) == data
    with pytest.raises(ValidationError):
        data.risks[0].title = "anders"  # type: ignore[misc]


def test_no_text_below_minimum_size(monkeypatch) -> None:
    seen = record_font_sizes(monkeypatch, riskmatrix)
    render_risk_matrix(_large())
    assert seen and min(seen) >= MIN_FONT_PT


def test_long_titles_wrap_inside_the_figure() -> None:
    risks = [
        RatedRisk(
            title="Datenschutzfolgenabschätzungsverpflichtungsversäumnis " * 3,
            category="Datenschutz und Datensicherheit",
            likelihood=3,
            impact=2,
        ),
        RatedRisk(title="Kurz", category="Technisch", likelihood=1, impact=1),
    ]
    result = render_risk_matrix(RiskMatrixData(title="Ä" * 150, risks=risks))
    assert_all_inside(result)
    assert_no_overlap({k: v for k, v in result.layout.items() if not k.startswith("cell")})


def test_empty_input_gives_placeholder() -> None:
    result = render_risk_matrix(RiskMatrixData(title="Risikomatrix"))
    assert_phone_png(result, height_slack=1)
    assert_all_inside(result)
    assert "Noch keine Einträge" in result.alt_text
    assert 150 < result.height_px < 600


def test_one_risk_is_counted_in_the_singular() -> None:
    data = RiskMatrixData(
        title="Risiken",
        risks=[RatedRisk(title="Ausfall", category="Technisch", likelihood=2, impact=2)],
    )
    result = render_risk_matrix(data)
    assert "Risikomatrix mit 1 Risiko," in result.alt_text and "1 Risiken" not in result.alt_text
