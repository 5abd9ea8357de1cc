"""Projektmatrix: one legible card per project, sorted by traffic light and score."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from pydantic import ValidationError

from bot.charts.base import MIN_FONT_PT, Box, ChartResult
from bot.charts.projectmatrix import MatrixProject, ProjectMatrixData, render_project_matrix
from tests.chartcheck import (
    all_texts,
    assert_no_overlap,
    assert_phone_png,
    contains,
    png_size,
    record_figures,
)

LONG_TITLE = "Digitale Verwaltungsdienstleistungen für Bürgerinnen und Bürger"


def small_data() -> ProjectMatrixData:
    return ProjectMatrixData(
        title="Projektmatrix Bad Königshofen",
        projects=[
            MatrixProject(
                title="Mängelmelder-App",
                description="Bürgerinnen melden Schäden mit Foto und Ort.",
                field="Beteiligung",
                role="Koordinatorin",
                horizon=None,
                costs=None,
                participants=[],
                score=None,
                light=None,
            ),
            MatrixProject(
                title=LONG_TITLE,
                description="Online-Anträge für Meldewesen, Gewerbe und Kita-Platz; Termine "
                "digital buchen, Bescheide elektronisch zustellen.",
                field="Verwaltung & Bürgerservice",
                role="Umsetzerin und Betreiberin",
                horizon="kurz",
                costs="ca. 80.000 € + 10.000 €/Jahr",
                participants=["Hauptamt", "IT-Dienstleister", "Bürgerbüro"],
                score=23.5,
                light="gruen",
            ),
            MatrixProject(
                title="Smarte Straßenbeleuchtung",
                description="LED mit Bewegungssensoren in Wohngebieten.",
                field="Energie & Umwelt",
                role="Auftraggeberin",
                horizon="mittel",
                costs="250.000 €",
                participants=["Stadtwerke"],
                score=17,
                light="gelb",
            ),
        ],
    )


def large_data() -> ProjectMatrixData:
    """20 projects with long German texts, every light and missing values mixed in."""
    lights = ["gruen", "gelb", "rot", None]
    fields = [
        "Mobilität",
        "Gesundheit und Pflege im ländlichen Raum",
        "Energie, Klima und Umwelt",
        "Verwaltung & Bürgerservice",
    ]
    projects = []
    for i in range(20):
        projects.append(
            MatrixProject(
                title=f"Projekt {i + 1}: {LONG_TITLE}" if i % 3 == 0 else f"Projekt {i + 1}",
                description=(
                    "Daten werden gesammelt, ausgewertet und für Bürgerinnen und Bürger sowie "
                    "die Verwaltung bereitgestellt, damit Entscheidungen schneller fallen. "
                    * (i % 3)
                ).strip(),
                field=fields[i % 4],
                role="Koordinatorin und Fördermittelgeberin gemeinsam mit den Stadtwerken"
                if i % 2
                else "Umsetzerin",
                horizon=["kurz", "mittel", "lang", None][i % 4],
                costs="ca. 150.000 € Investition, 12.000 € jährlich Betrieb" if i % 5 else None,
                participants=[
                    f"Beteiligte Stelle Nr. {k} (Zweckverband Süd)" for k in range(i % 6)
                ],
                score=None if i % 7 == 0 else round(3 + (i * 37 % 270) / 10, 1),
                light=lights[(i * 3) % 4],  # type: ignore[arg-type]
            )
        )
    return ProjectMatrixData(
        title="Projektmatrix Großenlüder – Priorisierung " * 2, projects=projects
    )


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every figure the renderer creates, so tests can inspect its texts."""
    return record_figures(monkeypatch)


def texts(result: ChartResult) -> dict[str, Box]:
    """Boxes of placed texts (cards are containers, so they are left out)."""
    return {k: b for k, b in result.layout.items() if not k.startswith("row:")}


def assert_well_placed(result: ChartResult, data: ProjectMatrixData) -> None:
    assert_phone_png(result)
    for name, box in result.layout.items():
        assert 0 <= box.x0 < box.x1 <= result.width_px, name
        assert 0 <= box.y0 < box.y1 <= result.height_px, name
    boxes = texts(result)
    assert_no_overlap(boxes)
    assert_no_overlap(result.layout, [f"row:{i}" for i in range(len(data.projects))])
    # Every text of a card lies inside that card.
    for name, box in boxes.items():
        index = name.rsplit(":", 1)[-1]
        if index.isdigit():
            assert contains(result.layout[f"row:{index}"], box, slack=0.5), name


def visual_order(result: ChartResult, n: int) -> list[int]:
    """Input indices from the top of the image to the bottom."""
    return sorted(range(n), key=lambda i: -result.layout[f"row:{i}"].y1)


def test_small_matrix_is_sorted_and_complete(figures: list[Figure]) -> None:
    data = small_data()
    result = render_project_matrix(data)

    assert_well_placed(result, data)
    assert 500 < result.height_px < 1400
    # green (input 1), yellow (input 2), unset (input 0)
    assert visual_order(result, 3) == [1, 2, 0]
    for i in range(3):
        assert f"light:{i}" in result.layout
        assert contains(result.layout[f"row:{i}"], result.layout[f"light:{i}"], slack=0.5)
    for project in data.projects:
        assert project.title in result.alt_text
        for value in (project.field, project.role, *project.participants):
            assert value in result.alt_text
    assert "23,5" in result.alt_text
    assert "kurzfristig" in result.alt_text and "mittelfristig" in result.alt_text
    assert "umsetzen" in result.alt_text and "später" in result.alt_text

    drawn = [t.get_text() for t in all_texts(figures)]
    for word in ("✓", "‖", "umsetzen", "später", "offen", "23,5", "Kosten", "Beteiligte"):
        assert any(word in text for text in drawn), word


def test_large_matrix_has_20_legible_cards(figures: list[Figure]) -> None:
    data = large_data()
    result = render_project_matrix(data)

    assert_well_placed(result, data)
    assert 3000 < result.height_px < 10000
    rank = {"gruen": 0, "gelb": 1, "rot": 2, None: 3}
    order = visual_order(result, 20)
    keys = [(rank[data.projects[i].light], -(data.projects[i].score or -1.0)) for i in order]
    assert keys == sorted(keys)
    for i, project in enumerate(data.projects):
        assert f"row:{i}" in result.layout and f"light:{i}" in result.layout
        assert project.title in result.alt_text
    # Long texts wrap inside the card instead of running off it (checked in assert_well_placed)
    # and nothing is drawn smaller than the house minimum.
    drawn = all_texts(figures)
    assert len(drawn) > 20 * 10
    for text in drawn:
        assert text.get_fontsize() >= MIN_FONT_PT, text.get_text()


def test_long_title_wraps_instead_of_overflowing() -> None:
    data = ProjectMatrixData(projects=[MatrixProject(title=LONG_TITLE * 3, light="rot")])
    result = render_project_matrix(data)
    title = result.layout["title:0"]
    score = result.layout["score:0"]
    assert title.y1 - title.y0 > 60  # several lines
    assert not title.overlaps(score)
    assert "✗" not in result.alt_text and "verwerfen" in result.alt_text


def test_empty_matrix_shows_placeholder() -> None:
    result = render_project_matrix(ProjectMatrixData(title="Projektmatrix", projects=[]))
    assert png_size(result.png) == (1080, result.height_px)
    assert 150 < result.height_px < 600
    assert "placeholder" in result.layout
    assert "Noch keine Einträge" in result.alt_text


def test_model_is_frozen_and_json_serialisable() -> None:
    data = small_data()
    assert ProjectMatrixData.model_validate_json(data.model_dump_json()) == data
    with pytest.raises(ValidationError):
        data.projects[0].title = "anders"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        MatrixProject(title="x", light="blau")  # type: ignore[arg-type]


def test_weighted_score_is_called_bewertung_not_punkte(figures: list[Figure]) -> None:
    """„Punkte“ are the dots of the dot vote (AS5); the matrix shows the weighted rating."""
    result = render_project_matrix(small_data())
    shown = [t.get_text() for t in all_texts(figures)]
    assert shown.count("Bewertung") == 2 and "nicht bewertet" in shown
    assert not [t for t in shown if "Punkt" in t]
    assert "Bewertung: 23,5" in result.alt_text and "Punkt" not in result.alt_text
