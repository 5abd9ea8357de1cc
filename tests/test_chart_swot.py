"""SWOT chart: one image for a short SWOT, several for a long one, never shrunk or overlapping."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from bot.charts.base import Box, ChartResult
from bot.charts.swot import MAX_PAGE_HEIGHT_PX, SwotData, render_swot
from tests.chartcheck import (
    assert_fonts_readable,
    assert_no_overlap,
    assert_phone_png,
    record_figures,
)

QUADRANTS = ("strengths", "weaknesses", "opportunities", "threats")
LONG = (
    "Digitale Verwaltungsdienstleistungen für Bürgerinnen und Bürger sind kaum verfügbar, "
    "obwohl Online-Termine, Anträge und Auskünfte stark nachgefragt werden; größte Lücke: "
    "Straßenbau, Gewerbe, Kita-Plätze und Übergangsregelungen."
)


def small_data() -> SwotData:
    return SwotData(
        municipality="Bad Königshofen",
        strengths=["Engagierte Bürgerinnen und Bürger", "Glasfaser im Ortskern", "Kurze Wege"],
        weaknesses=["Wenig IT-Personal", "Veraltete Fachverfahren", "Kein Datenportal"],
        opportunities=["Förderprogramm Smarte.Land.Regionen", "Hochschule", "Tourismus"],
        threats=["Fachkräftemangel", "Abhängigkeit von Anbietern", "Datenschutzbedenken"],
    )


def large_data() -> SwotData:
    """25 entries per quadrant, most close to the 200-character limit, all distinct."""

    def entries(word: str) -> list[str]:
        return [f"{word} {i + 1}: {LONG[: 120 + (i * 7) % 70]}".strip() for i in range(25)]

    return SwotData(
        municipality="Musterstadt an der Öhringer Straße",
        strengths=entries("Stärke"),
        weaknesses=entries("Schwäche"),
        opportunities=entries("Chance"),
        threats=entries("Risiko"),
    )


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every figure the renderer creates, so tests can inspect its texts."""
    return record_figures(monkeypatch)


def labels(result: ChartResult) -> dict[str, Box]:
    """All placed texts (quadrant panels contain their entries, so they are left out)."""
    return {k: b for k, b in result.layout.items() if not k.startswith("quadrant:")}


def assert_well_placed(result: ChartResult) -> None:
    assert_phone_png(result)
    boxes = labels(result)
    for name, box in boxes.items():
        assert 0 <= box.x0 < box.x1 <= result.width_px, name
        assert 0 <= box.y0 < box.y1 <= result.height_px, name
    assert_no_overlap(boxes)
    for name, box in boxes.items():
        if name.startswith(("entry:", "heading:", "empty:")):
            frame = result.layout[f"quadrant:{name.split(':')[1]}"]
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1, name
            assert frame.y0 <= box.y0 and box.y1 <= frame.y1, name


def test_small_swot_is_one_image(figures: list[Figure]) -> None:
    data = small_data()
    results = render_swot(data)
    assert len(results) == 1
    result = results[0]
    assert_well_placed(result)
    assert_fonts_readable(figures)
    assert 400 <= result.height_px <= MAX_PAGE_HEIGHT_PX
    for quadrant in QUADRANTS:
        for index, entry in enumerate(getattr(data, quadrant)):
            assert f"entry:{quadrant}:{index}" in result.layout
            assert entry in result.alt_text
    for word in ("Stärken", "Schwächen", "Chancen", "Risiken", "intern", "extern", "hilfreich"):
        assert word in result.alt_text
    for caption in ("intern", "extern", "hilfreich", "hinderlich"):
        assert f"axis:{caption}" in result.layout
    shown = {t.get_text() for fig in figures for t in fig.texts}
    assert "SWOT-Analyse Bad Königshofen" in shown
    assert {"Stärken", "Schwächen", "Chancen", "Risiken"} <= shown


def test_quadrants_sit_in_a_2x2_grid() -> None:
    layout = render_swot(small_data())[0].layout
    s, w = layout["quadrant:strengths"], layout["quadrant:weaknesses"]
    o, t = layout["quadrant:opportunities"], layout["quadrant:threats"]
    assert s.x1 < w.x0 and o.x1 < t.x0  # helpful left, hindering right
    assert o.y1 < s.y0 and t.y1 < w.y0  # internal on top, external below
    assert layout["axis:hilfreich"].x1 < layout["axis:hinderlich"].x0
    assert layout["axis:extern"].y1 < layout["axis:intern"].y0


def test_long_swot_continues_on_more_images(figures: list[Figure]) -> None:
    data = large_data()
    results = render_swot(data)
    total = len(results)
    assert total >= 2

    seen: dict[str, int] = {}
    for number, result in enumerate(results, start=1):
        assert_well_placed(result)
        assert result.height_px <= MAX_PAGE_HEIGHT_PX
        assert f"Bild {number} von {total}" in result.alt_text
        for key in result.layout:
            if key.startswith("entry:"):
                assert key not in seen, f"{key} on images {seen[key]} and {number}"
                seen[key] = number
                _, quadrant, index = key.split(":")
                assert getattr(data, quadrant)[int(index)] in result.alt_text
    expected = {f"entry:{q}:{i}" for q in QUADRANTS for i in range(25)}
    assert set(seen) == expected

    # Entries keep their order: across images and top to bottom within an image.
    for quadrant in QUADRANTS:
        pages = [seen[f"entry:{quadrant}:{i}"] for i in range(25)]
        assert pages == sorted(pages)
    for result in results:
        for quadrant in QUADRANTS:
            indices = sorted(
                int(key.rsplit(":", 1)[1])
                for key in result.layout
                if key.startswith(f"entry:{quadrant}:")
            )
            tops = [result.layout[f"entry:{quadrant}:{i}"].y1 for i in indices]
            assert tops == sorted(tops, reverse=True)

    titles = {t.get_text() for fig in figures for t in fig.texts}
    for number in range(1, total + 1):
        assert f"SWOT-Analyse Musterstadt an der Öhringer Straße ({number}/{total})" in titles
    assert_fonts_readable(figures)


def test_long_entries_wrap_instead_of_shrinking() -> None:
    data = SwotData(municipality="Ort", strengths=[LONG], weaknesses=["kurz"])
    layout = render_swot(data)[0].layout
    long_box, short_box = layout["entry:strengths:0"], layout["entry:weaknesses:0"]
    assert (long_box.y1 - long_box.y0) > 4 * (short_box.y1 - short_box.y0)


def test_empty_swot_is_a_placeholder() -> None:
    results = render_swot(SwotData(municipality="Leerdorf"))
    assert len(results) == 1
    result = results[0]
    assert_well_placed(result)
    assert "Noch keine Einträge" in result.alt_text
    assert {f"empty:{q}" for q in QUADRANTS} <= set(result.layout)


def test_partly_empty_and_odd_text() -> None:
    data = SwotData(
        municipality="Kleinstadt",
        strengths=["Kosten von $5$ bis $10$ Mio. € – kein Problem_x^2"],
        threats=["Überschwemmungsgefährdungsbeurteilungsverfahrensbeschleunigungsgesetz"],
    )
    results = render_swot(data)
    assert len(results) == 1
    assert_well_placed(results[0])
    assert "empty:weaknesses" in results[0].layout
    assert data.strengths[0] in results[0].alt_text


def test_model_is_frozen_and_round_trips() -> None:
    data = small_data()
    assert SwotData.model_validate_json(data.model_dump_json()) == data
    with pytest.raises(ValueError):
        data.municipality = "Anders"  # type: ignore[misc]
