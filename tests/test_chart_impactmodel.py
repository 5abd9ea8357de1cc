"""Tests for the impact model chart (AS9, I-O-O-I)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from pydantic import ValidationError

from bot.charts.base import ChartResult
from bot.charts.impactmodel import (
    STAGES,
    ImpactChain,
    ImpactModelData,
    render_impact_model,
)
from tests.chartcheck import assert_all_inside, assert_no_overlap, contains, png_size

LONG = (
    "Zwei Mitarbeiterinnen der Verwaltung (je 0,5 Stellen), ein Budget von 45.000 € pro Jahr aus "
    "dem Förderprogramm, drei Elektro-Kleinbusse der Stadtwerke und eine Buchungsplattform, die "
    "gemeinsam mit dem Landkreis betrieben wird, sowie ehrenamtliche Fahrerinnen und Fahrer aus "
    "den Ortsteilen."
)
MEASURES = [
    "Digitale Verwaltungsdienstleistungen für Bürgerinnen und Bürger",
    "Rufbus „Land-Shuttle“ mit Buchungs-App für alle Ortsteile",
    "Sensorik für Luft- und Bodenqualität an Schulen und Kitas",
    "Digitale Kompetenzkurse für Seniorinnen und Senioren in der Bibliothek",
    "Offene Datenplattform der Gemeinde mit Schnittstellen für Vereine",
    "Smarte Straßenbeleuchtung mit bedarfsgerechter Dimmung",
]


def _small() -> ImpactModelData:
    return ImpactModelData(
        title="Wirkungsmodell Rufbus",
        measures=[
            ImpactChain(
                measure="Rufbus „Land-Shuttle“",
                input="3 Kleinbusse, 1 Disponentin, 60.000 €/Jahr",
                output="Rufbus-Angebot für alle Ortsteile, buchbar per App und Telefon",
                outcome="Ältere Menschen fahren selbstständig zum Arzt und zum Einkaufen",
                impact="Weniger Autoverkehr, bessere Teilhabe im ländlichen Raum (SDG 11)",
                indicators={
                    "output": ["Fahrten pro Monat"],
                    "outcome": ["Anteil Fahrgäste über 65 Jahre", "Zufriedenheit"],
                },
            )
        ],
    )


def _large() -> ImpactModelData:
    assert len(LONG) <= 300
    chains = []
    for index, name in enumerate(MEASURES):
        chains.append(
            ImpactChain(
                measure=name,
                input=LONG,
                output=f"Output {index}: " + LONG[:200],
                outcome=f"Outcome {index}: Bürgerinnen und Bürger erledigen Anträge von zu Hause.",
                impact="" if index == 3 else f"Impact {index}: Beitrag zu SDG 11 und SDG 16.",
                indicators={
                    "input": [f"Personalstunden pro Monat (Maßnahme {index})"],
                    "output": [
                        "Anzahl Online-Dienste",
                        "Zugriffe auf das Serviceportal pro Monat (laut Webstatistik)",
                    ],
                    "outcome": ["Durchschnittliche Wartezeit im Bürgerbüro in Minuten"],
                    "impact": ["Zufriedenheit in der Bürgerbefragung", "CO₂-Einsparung"],
                },
            )
        )
    return ImpactModelData(
        title="Wirkungsmodell der Smart-City-Strategie Musterstadt an der Oder – "
        "Handlungsfelder Verwaltung, Mobilität, Bildung",
        measures=chains,
    )


def _text_keys(result: ChartResult) -> list[str]:
    prefixes = ("box:", "band:", "chip:", "arrow:", "placeholder_box")
    return [key for key in result.layout if not key.startswith(prefixes)]


@pytest.fixture(scope="module")
def small() -> ChartResult:
    return render_impact_model(_small())


@pytest.fixture(scope="module")
def large() -> ChartResult:
    return render_impact_model(_large())


@pytest.mark.parametrize("name", ["small", "large"])
def test_png_and_size(name: str, request: pytest.FixtureRequest) -> None:
    result: ChartResult = request.getfixturevalue(name)
    width, height = png_size(result.png)
    assert (width, height) == (result.width_px, result.height_px)
    assert width == 1080
    # Telegram photos need width + height <= 10000 px.
    assert 500 < height < 8900


def test_height_grows_with_content(small: ChartResult, large: ChartResult) -> None:
    assert large.height_px > small.height_px * 3


@pytest.mark.parametrize("name", ["small", "large"])
def test_every_box_placed_and_in_alt_text(name: str, request: pytest.FixtureRequest) -> None:
    result: ChartResult = request.getfixturevalue(name)
    data = _small() if name == "small" else _large()
    for index, chain in enumerate(data.measures):
        assert f"measure:{index}" in result.layout
        assert chain.measure in result.alt_text
        for stage in STAGES:
            box = result.layout[f"box:{index}:{stage}"]
            text = result.layout[f"text:{index}:{stage}"]
            assert contains(box, text), (index, stage)
            assert contains(result.layout[f"band:{index}"], box)
            if getattr(chain, stage):
                assert getattr(chain, stage) in result.alt_text
            for indicator in chain.indicators.get(stage, []):
                assert indicator in result.alt_text
            if chain.indicators.get(stage):
                assert contains(box, result.layout[f"indicators:{index}:{stage}"])


def test_stages_flow_top_to_bottom_and_are_linked(large: ChartResult) -> None:
    for index in range(len(MEASURES)):
        boxes = [large.layout[f"box:{index}:{stage}"] for stage in STAGES]
        for position, (upper, lower) in enumerate(pairwise(boxes)):
            assert upper.y0 > lower.y1  # figure pixels: origin at the bottom
            arrow = large.layout[f"arrow:{index}:{position}"]
            assert lower.y1 - 1 <= arrow.y0 and arrow.y1 <= upper.y0 + 1
    # measure bands follow each other in input order
    bands = [large.layout[f"band:{index}"] for index in range(len(MEASURES))]
    assert all(a.y0 > b.y1 for a, b in pairwise(bands))


def test_stage_names_and_subtitles(small: ChartResult) -> None:
    for stage in STAGES:
        assert f"stage:{stage}" in small.layout
        assert f"tab:0:{stage}" in small.layout
    for word in ("Ressourcen", "Leistungen", "kurzfristige Wirkung", "langfristige Wirkung"):
        assert word in small.alt_text


def test_missing_stage_is_marked_open(large: ChartResult) -> None:
    assert "Impact (Langfristige Wirkung): noch offen" in large.alt_text


@pytest.mark.parametrize("name", ["small", "large"])
def test_no_overlap_and_inside(name: str, request: pytest.FixtureRequest) -> None:
    result: ChartResult = request.getfixturevalue(name)
    assert_all_inside(result)
    texts = _text_keys(result)
    assert len(texts) > 10
    assert_no_overlap(result.layout, texts)
    boxes = [key for key in result.layout if key.startswith("box:")]
    assert_no_overlap(result.layout, boxes)


def test_long_text_wraps_inside_box(large: ChartResult) -> None:
    text = large.layout["text:0:input"]
    box = large.layout["box:0:input"]
    assert text.y1 - text.y0 > 60  # several lines, not one cut-off line
    assert text.x1 < box.x1


def test_empty_input_renders_placeholder() -> None:
    result = render_impact_model(ImpactModelData(title="Wirkungsmodell", measures=[]))
    assert png_size(result.png) == (1080, result.height_px)
    assert "placeholder" in result.layout
    assert "Noch keine Einträge" in result.alt_text
    assert 200 < result.height_px < 1500


def test_model_is_frozen_and_json_roundtrips() -> None:
    data = _small()
    with pytest.raises(ValidationError):
        data.title = "anders"  # type: ignore[misc]
    assert ImpactModelData.model_validate_json(data.model_dump_json()) == data


def test_unknown_indicator_stage_is_rejected() -> None:
    with pytest.raises(ValidationError):
        ImpactChain(measure="X", indicators={"wirkung": ["a"]})  # type: ignore[dict-item]
