"""Tests for the indicator trend chart (AS9: baseline, measurements, target)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.charts.base import ChartResult
from bot.charts.indicators import (
    IndicatorData,
    IndicatorSeries,
    Measurement,
    format_month,
    render_indicators,
)
from dialogs.parsing import format_german_number
from tests.chartcheck import assert_all_inside, assert_no_overlap, contains, png_size

S = IndicatorSeries
M = Measurement


def _small() -> IndicatorData:
    return IndicatorData(
        title="Indikatoren Rufbus",
        indicators=[
            S(
                name="Fahrten mit dem Rufbus pro Monat",
                unit="Fahrten",
                baseline=0,
                baseline_date="2025-01",
                target=1500,
                target_date="2027-03",
                measurements=[
                    M(date="2025-04", value=320),
                    M(date="2025-07-15", value=610),
                    M(date="2026-01", value=1040),
                ],
            )
        ],
    )


def _large() -> IndicatorData:
    return IndicatorData(
        title="Indikatoren der Smart-City-Strategie Musterstadt – Stand März 2026",
        indicators=[
            S(
                name="Fahrten mit dem Rufbus pro Monat",
                unit="Fahrten",
                baseline=0,
                baseline_date="2025-01",
                target=1500,
                target_date="2027-03",
                measurements=[M(date="2025-04", value=320), M(date="2026-01", value=1040)],
            ),
            S(
                name="Durchschnittliche Wartezeit im Bürgerbüro",
                unit="Minuten",
                baseline=34.5,
                baseline_date="2024-11",
                target=12,
                target_date="2026-12",
                # deliberately unsorted
                measurements=[M(date="2026-02", value=18.4), M(date="2025-03", value=30.2)],
            ),
            S(
                name="Anteil der Verwaltungsleistungen, die vollständig online beantragt "
                "werden können",
                unit="%",
                baseline=12.5,
                baseline_date="2024-06",
                target=80,
                target_date="2028-12",
                measurements=[M(date="2025-06", value=27.5), M(date="2026-01", value=41)],
            ),
            S(
                name="Teilnehmende an Digitalkursen für Seniorinnen und Senioren",
                unit="Personen pro Jahr",
                baseline=40,
                target=41,  # close to the baseline: labels must not collide
                measurements=[M(date="2025-12", value=40.5)],
            ),
            S(
                name="Zugriffe auf das Serviceportal",
                unit="Aufrufe pro Monat",
                baseline=1250000,
                baseline_date="2025-01",
                target=2000000,
                target_date="2027-01",
                measurements=[
                    M(date="2025-02", value=1310000),
                    M(date="2025-08", value=1380000),
                    M(date="2026-02", value=1905000),
                ],
            ),
            S(
                name="Stromverbrauch der Straßenbeleuchtung",
                unit="MWh pro Jahr",
                baseline=812,
                baseline_date="2024-01",
                target=480,
                target_date="2028-01",
            ),
            S(
                name="Zufriedenheit mit der Verwaltung (Bürgerbefragung, Schulnote)",
                baseline=3.1,
                target=2.0,
                target_date="2027-06",
                measurements=[M(date="2025-06-30", value=2.9), M(date="2026-06", value=2.6)],
            ),
            S(
                name="Offene Datensätze auf der Datenplattform",
                unit="Datensätze",
                measurements=[M(date="2025-05", value=3), M(date="2026-02", value=22)],
            ),
            S(name="Luftqualität an Schulen: Tage mit CO₂ über 1.000 ppm", target=2),
        ],
    )


@pytest.fixture(scope="module")
def small() -> ChartResult:
    return render_indicators(_small())


@pytest.fixture(scope="module")
def large() -> ChartResult:
    return render_indicators(_large())


# --- pure helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12.5, "12,5"),
        (1500, "1.500"),
        (1500.25, "1.500,25"),
        (0, "0"),
        (-0.0001, "0"),
        (0.5, "0,5"),
        (999, "999"),
        (1234567.891, "1.234.567,89"),
        (-2500.5, "-2.500,5"),
        (3.10, "3,1"),
        (0.30000000000000004, "0,3"),
        (float("nan"), "–"),
    ],
)
def test_format_de(value: float, expected: str) -> None:
    assert format_german_number(value) == expected


def test_format_month() -> None:
    assert format_month("2027-03") == "03/2027"
    assert format_month("2027-03-31") == "03/2027"


@pytest.mark.parametrize("bad", ["03/2027", "2027", "2027-13", "2027-02-30", "gestern"])
def test_bad_dates_are_rejected(bad: str) -> None:
    with pytest.raises(ValidationError):
        Measurement(date=bad, value=1)
    with pytest.raises(ValidationError):
        IndicatorSeries(name="X", target_date=bad)


# --- rendering ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["small", "large"])
def test_png_and_size(name: str, request: pytest.FixtureRequest) -> None:
    result: ChartResult = request.getfixturevalue(name)
    assert png_size(result.png) == (result.width_px, result.height_px)
    assert result.width_px == 1080
    assert 400 < result.height_px < 4000


def test_nine_indicators_use_two_columns(large: ChartResult) -> None:
    panels = [large.layout[f"panel:{index}"] for index in range(9)]
    left, right = panels[0], panels[1]
    assert right.x0 > left.x1  # side by side
    assert abs(left.y1 - right.y1) < 1  # same row
    assert panels[2].y1 < panels[0].y0  # next row below
    assert panels[8].x0 == pytest.approx(panels[0].x0)


def test_one_indicator_uses_full_width(small: ChartResult) -> None:
    panel = small.layout["panel:0"]
    assert panel.x1 - panel.x0 > 0.85 * small.width_px


@pytest.mark.parametrize("name", ["small", "large"])
def test_every_indicator_in_alt_text_and_layout(name: str, request: pytest.FixtureRequest) -> None:
    result: ChartResult = request.getfixturevalue(name)
    data = _small() if name == "small" else _large()
    for index, series in enumerate(data.indicators):
        panel = result.layout[f"panel:{index}"]
        assert contains(panel, result.layout[f"name:{index}"])
        assert contains(panel, result.layout[f"axes:{index}"])
        assert series.name in result.alt_text
        if series.baseline is not None:
            assert f"Ausgangswert: {format_german_number(series.baseline)}" in result.alt_text
            assert f"label:{index}:baseline" in result.layout
        if series.target is not None:
            assert f"Zielwert: {format_german_number(series.target)}" in result.alt_text
            assert f"label:{index}:target" in result.layout
        for measurement in series.measurements:
            assert (
                f"{format_month(measurement.date)}: {format_german_number(measurement.value)}"
                in (result.alt_text)
            )


def test_alt_text_german_numbers_and_dates(large: ChartResult) -> None:
    assert "Ausgangswert: 1.250.000 (01/2025)" in large.alt_text
    assert "Zielwert: 12 bis 12/2026" in large.alt_text
    assert "03/2025: 30,2; 02/2026: 18,4" in large.alt_text  # sorted by date
    assert "Ausgangswert: noch offen" in large.alt_text


def test_reference_labels_inside_their_axes(large: ChartResult) -> None:
    for key, box in large.layout.items():
        if key.startswith(("label:", "empty:")):
            index = key.split(":")[1]
            assert contains(large.layout[f"axes:{index}"], box, slack=2), key


def test_empty_panels_say_no_measurement(large: ChartResult) -> None:
    assert "empty:5" in large.layout and "empty:8" in large.layout
    assert "empty:0" not in large.layout
    assert large.alt_text.count("Messwerte: noch keine Messung") == 2


def test_tick_labels_german(large: ChartResult) -> None:
    # Zugriffe: large numbers need thousands dots; their tick labels are placed left of the axes.
    ticks = [key for key in large.layout if key.startswith("ytick:4:")]
    assert len(ticks) >= 3
    axes = large.layout["axes:4"]
    assert all(large.layout[key].x1 <= axes.x0 + 1 for key in ticks)
    assert all(large.layout[key].x0 >= large.layout["panel:4"].x0 for key in ticks)


@pytest.mark.parametrize("name", ["small", "large"])
def test_no_overlap_and_inside(name: str, request: pytest.FixtureRequest) -> None:
    result: ChartResult = request.getfixturevalue(name)
    assert_all_inside(result)
    texts = [key for key in result.layout if not key.startswith(("panel:", "axes:"))]
    assert len(texts) > 8
    assert_no_overlap(result.layout, texts)
    panels = [key for key in result.layout if key.startswith("panel:")]
    assert_no_overlap(result.layout, panels)


def test_close_baseline_and_target_labels_do_not_collide() -> None:
    # Both reference lines sit in the middle of a wide value range and their labels are long:
    # on the same side they would meet in the narrow two-column panel.
    measurements = [M(date="2025-01", value=0), M(date="2026-01", value=3000000)]
    data = IndicatorData(
        title="Knapp",
        indicators=[
            S(
                name=f"Indikator {n}",
                baseline=1250000,
                target=1250500 + n,
                measurements=measurements if n else [],
            )
            for n in range(3)
        ],
    )
    result = render_indicators(data)
    for index in range(3):
        first = result.layout[f"label:{index}:baseline"]
        second = result.layout[f"label:{index}:target"]
        assert not first.overlaps(second), index


def test_series_without_anything_renders() -> None:
    result = render_indicators(
        IndicatorData(title="Neu", indicators=[S(name="Noch ganz neuer Indikator")])
    )
    assert "empty:0" in result.layout
    assert "noch keine Messung" in result.alt_text


def test_empty_input_renders_placeholder() -> None:
    result = render_indicators(IndicatorData(title="Indikatoren", indicators=[]))
    assert png_size(result.png) == (1080, result.height_px)
    assert "placeholder" in result.layout
    assert "Noch keine Einträge" in result.alt_text
    assert 200 < result.height_px < 1200


def test_model_is_frozen_and_json_roundtrips() -> None:
    data = _large()
    with pytest.raises(ValidationError):
        data.title = "anders"  # type: ignore[misc]
    assert IndicatorData.model_validate_json(data.model_dump_json()) == data
