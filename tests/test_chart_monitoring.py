"""Tests for the monitoring matrix chart (AS9: status per project, grouped by field)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.charts.base import ChartResult
from bot.charts.monitoring import (
    STATUS_COLOURS,
    STATUS_LABELS,
    STATUSES,
    MonitoredProject,
    MonitoringData,
    format_updated,
    render_monitoring,
)
from tests.chartcheck import assert_all_inside, assert_no_overlap, contains, png_size

P = MonitoredProject
FIELDS = {
    "Verwaltung": [
        "Digitale Datenplattform",
        "Digitale Kompetenzentwicklung in der Verwaltung",
        "Digitalisierung der Planungsverfahren",
        "Bereitstellung digitaler Informationen für die Öffentlichkeit",
    ],
    "Energie": [
        "Energiedaten bündeln",
        "Smart Grids in Neubaugebieten",
        "Demokratisierung des städtischen Energieverbrauchs",
    ],
    "Gesundheit und Pflege": [
        "Barrierefreie Zugänge zu Arztpraxen und Apotheken",
        "Pflegeangebote an den demografischen Wandel anpassen",
        "Selbstbestimmtes Wohnen im Alter mit digitalen Assistenzsystemen",
        "Sorgende Nachbarschaften",
    ],
    "Handel, Innenstadt und Tourismus": [
        "Erlebniseinkauf in der Altstadt",
        "Aufenthaltsqualität am Marktplatz",
        "Digitale Besucherlenkung und Sichtbarmachung von Informationen",
    ],
    "Kultur": [
        "Teilhabe an kulturellen Angeboten",
        "Digitale Kunstangebote im öffentlichen Raum",
        "Mitgestaltung durch Bürgerinnen und Bürger",
    ],
    "Mobilität": [
        "Vernetzter Personen- und Nahverkehr",
        "Informationen zur intermodalen Mobilität",
        "Bedarfsorientierte Angebote (Rufbus „Land-Shuttle“)",
        "Reduktion des Innenstadtverkehrs",
    ],
    "Bildung": [
        "Digitale Souveränität an Schulen",
        "Nutzerorientierte Angebote der Stadtbibliothek",
        "Lebenslange Bildungsangebote für Seniorinnen und Senioren",
        "Digitale Verwaltungsdienstleistungen für Bürgerinnen und Bürger",
    ],
}
PEOPLE = [
    "Jana Köhler (Stabsstelle Digitalisierung)",
    "Bürgermeister Groß",
    None,
    "Amt für Stadtentwicklung und Umwelt",
    "Dr. Özlem Şahin",
]


def _small() -> MonitoringData:
    return MonitoringData(
        title="Monitoring Frühjahr 2026",
        projects=[
            P(
                title="Rufbus „Land-Shuttle“",
                field="Mobilität",
                status="teilweise",
                responsible="Jana Köhler",
                updated="2026-03-14",
            ),
            P(
                title="Digitales Bürgerbüro",
                field="Verwaltung",
                status="erreicht",
                updated="2026-02",
            ),
            P(title="Sensorik für Luftqualität an Schulen", field="Umwelt", status=None),
        ],
    )


def _large() -> MonitoringData:
    # Fields interleaved in the input: the chart must still group them.
    pairs = [(field, title) for field, titles in FIELDS.items() for title in titles]
    pairs = pairs[::2] + pairs[1::2]
    projects = [
        P(
            title=title,
            field=field,
            status=STATUSES[(number * 3) % 5],
            responsible=PEOPLE[number % 5],
            updated=None if number % 4 == 3 else f"2026-0{1 + number % 9}-1{number % 10}",
        )
        for number, (field, title) in enumerate(pairs)
    ]
    return MonitoringData(
        title="Monitoring-Matrix der Smart-City-Strategie Musterstadt – Stand März 2026",
        projects=projects,
    )


@pytest.fixture(scope="module")
def small() -> ChartResult:
    return render_monitoring(_small())


@pytest.fixture(scope="module")
def large() -> ChartResult:
    return render_monitoring(_large())


def test_large_input_is_realistic() -> None:
    data = _large()
    assert len(data.projects) == 25
    assert len({project.field for project in data.projects}) == 7


@pytest.mark.parametrize("name", ["small", "large"])
def test_png_and_size(name: str, request: pytest.FixtureRequest) -> None:
    result: ChartResult = request.getfixturevalue(name)
    assert png_size(result.png) == (result.width_px, result.height_px)
    assert result.width_px == 1080
    assert 400 < result.height_px < 8900


@pytest.mark.parametrize("name", ["small", "large"])
def test_every_project_placed_with_status(name: str, request: pytest.FixtureRequest) -> None:
    result: ChartResult = request.getfixturevalue(name)
    data = _small() if name == "small" else _large()
    for index, project in enumerate(data.projects):
        card = result.layout[f"project:{index}"]
        assert contains(card, result.layout[f"name:{index}"])
        assert contains(card, result.layout[f"status:{index}"])
        assert contains(result.layout[f"status:{index}"], result.layout[f"statustext:{index}"])
        assert f"- {project.title}: {STATUS_LABELS[project.status]}" in result.alt_text
        if project.responsible:
            assert project.responsible in result.alt_text
            assert f"meta:{index}" in result.layout


def test_projects_grouped_by_field(large: ChartResult) -> None:
    data = _large()
    headers = sorted(
        (key for key in large.layout if key.startswith("field:")),
        key=lambda key: -large.layout[key].y1,
    )
    assert len(headers) == 7
    # every card sits below its own field header and above the next one
    order = list(dict.fromkeys(project.field for project in data.projects))
    for number, field in enumerate(order):
        top = large.layout[f"field:{number}"].y0
        bottom = large.layout[f"field:{number + 1}"].y1 if number + 1 < len(order) else 0
        for index, project in enumerate(data.projects):
            card = large.layout[f"project:{index}"]
            inside = bottom < card.y0 and card.y1 < top
            assert inside == (project.field == field), (field, project.title)
        assert f"Handlungsfeld {field}:" in large.alt_text


def test_legend_and_counts(large: ChartResult, small: ChartResult) -> None:
    for status in STATUSES:
        key = status or "kein_bericht"
        assert f"legend:{key}" in large.layout
        assert contains(large.layout[f"legend:{key}"], large.layout[f"count:{key}"])
        assert f"{STATUS_LABELS[status]}: 5" in large.alt_text
    assert "nicht im Plan: 0, teilweise im Plan: 1" in small.alt_text
    assert "noch kein Bericht: 1" in small.alt_text


def test_status_colours_distinct_and_paired_with_words() -> None:
    assert len(set(STATUS_COLOURS.values())) == 5
    assert STATUS_LABELS == {
        "nicht_im_plan": "nicht im Plan",
        "teilweise": "teilweise im Plan",
        "weitgehend": "weitgehend im Plan",
        "erreicht": "erreicht",
        None: "noch kein Bericht",
    }


@pytest.mark.parametrize("name", ["small", "large"])
def test_no_overlap_and_inside(name: str, request: pytest.FixtureRequest) -> None:
    result: ChartResult = request.getfixturevalue(name)
    assert_all_inside(result)
    shapes = ("project:", "status:", "legend:")
    texts = [key for key in result.layout if not key.startswith(shapes)]
    assert len(texts) > 10
    assert_no_overlap(result.layout, texts)
    for prefix in shapes:
        keys = [key for key in result.layout if key.startswith(prefix)]
        assert_no_overlap(result.layout, keys)


def test_name_does_not_run_into_badge(large: ChartResult) -> None:
    for index in range(25):
        name = large.layout[f"name:{index}"]
        assert name.x1 < large.layout[f"status:{index}"].x0
        if f"meta:{index}" in large.layout:
            assert large.layout[f"meta:{index}"].x1 < large.layout[f"status:{index}"].x0


def test_format_updated() -> None:
    assert format_updated("2026-03-14") == "14.03.2026"
    assert format_updated("2026-03-14T09:30:00") == "14.03.2026"
    assert format_updated("2026-03") == "03/2026"
    assert format_updated("letzte Woche") == "letzte Woche"


def test_missing_field_gets_own_group() -> None:
    result = render_monitoring(
        MonitoringData(title="M", projects=[P(title="Ohne Zuordnung", field="  ")])
    )
    assert "Handlungsfeld Ohne Handlungsfeld:" in result.alt_text
    assert "project:0" in result.layout


def test_empty_input_renders_placeholder() -> None:
    result = render_monitoring(MonitoringData(title="Monitoring", projects=[]))
    assert png_size(result.png) == (1080, result.height_px)
    assert "placeholder" in result.layout
    assert "Noch keine Einträge" in result.alt_text
    assert 200 < result.height_px < 1200


def test_model_is_frozen_validated_and_json_roundtrips() -> None:
    data = _large()
    with pytest.raises(ValidationError):
        data.title = "anders"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        P(title="X", field="Y", status="super")  # type: ignore[arg-type]
    assert MonitoringData.model_validate_json(data.model_dump_json()) == data


def test_counts_in_singular_for_one_project() -> None:
    one = MonitoringData(title="Stand", projects=[P(title="Rufbus", field="Mobilität")])
    result = render_monitoring(one)
    assert "1 Projekt in 1 Handlungsfeld." in result.alt_text
    assert "1 Projekte" not in result.alt_text
