"""Roadmap: swimlanes per field of action, bars at the right months, nothing overlapping."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from pydantic import ValidationError

from bot.charts.base import MIN_FONT_PT, Box, ChartResult
from bot.charts.roadmap import Milestone, RoadmapData, RoadmapProject, render_roadmap
from tests.chartcheck import (
    all_texts,
    assert_no_overlap,
    assert_phone_png,
    png_size,
    record_figures,
)

LONG_TITLE = "Digitale Verwaltungsdienstleistungen für Bürgerinnen und Bürger"
FIELDS = [
    "Verwaltung & Bürgerservice",
    "Mobilität",
    "Energie, Klima und Umwelt",
    "Bildung und Kultur",
    "Gesundheit und Pflege im ländlichen Raum",
    "Wirtschaft & Tourismus",
]


def project(key, title, field, start, end, milestones=(), depends_on=()) -> RoadmapProject:
    return RoadmapProject(
        key=key,
        title=title,
        field=field,
        start=start,
        end=end,
        milestones=[Milestone(title=t, month=m) for t, m in milestones],
        depends_on=list(depends_on),
    )


def small_data() -> RoadmapData:
    return RoadmapData(
        title="Roadmap Bad Königshofen",
        start_year=2025,
        end_year=2030,
        fields=FIELDS[:2],
        today="2025-09",
        projects=[
            project("ozg", LONG_TITLE, FIELDS[0], "2025-03", "2026-12",
                    [("Ausschreibung", "2025-06"), ("Go-live Bürgerportal", "2026-10")]),
            project("opendata", "Open-Data-Portal", FIELDS[0], "2027-01", "2028-06",
                    [("Erste Datensätze", "2027-09")], ["ozg"]),
            project("bank", "Mitfahrbänke", FIELDS[1], "2025-10", "2026-03"),
        ],
    )  # fmt: skip


def large_data() -> RoadmapData:
    """15 projects in 6 fields over 6 years, with overlaps, milestones and dependencies."""
    f = FIELDS
    projects = [
        project("rathaus", "Digitales Rathaus: Online-Terminvergabe", f[0], "2025-01", "2025-12",
                [("Start Pilot", "2025-04"), ("Rollout", "2025-06")]),
        project("ozg", LONG_TITLE, f[0], "2025-06", "2027-06",
                [("Ausschreibung", "2025-08"), ("Go-live", "2026-06"), ("Evaluation", "2027-03")],
                ["rathaus"]),
        project("opendata", "Open-Data-Portal", f[0], "2027-01", "2028-12",
                [("Erste Datensätze", "2027-06")], ["ozg", "lora"]),
        project("ris", "Ratsinformationssystem mit Livestream", f[0], "2026-01", "2026-09"),
        project("mitfahr", "Mitfahrbänke mit digitaler Anzeige", f[1], "2025-04", "2025-09"),
        project("parken", "Parkraummanagement mit Sensoren", f[1], "2026-03", "2028-02",
                [("Sensoren installiert", "2026-11")], ["lora"]),
        project("carsharing", "E-Carsharing für Vereine", f[1], "2028-06", "2030-06",
                [("Ladepunkte fertig", "2029-01"), ("Abschlussbericht", "2030-05")]),
        project("lora", "LoRaWAN-Netz für die Gemeinde", f[2], "2025-02", "2026-02",
                [("Gateways", "2025-07")]),
        project("energie", "Energiemonitoring kommunaler Liegenschaften", f[2], "2026-04",
                "2027-10", [], ["lora"]),
        project("hochwasser", "Sensorik für Hochwasserfrühwarnung an der Großen Aue", f[2],
                "2026-06", "2029-12",
                [("Messnetz steht", "2027-06"), ("Warn-App für alle Ortsteile", "2027-08")],
                ["lora"]),
        project("tablets", "Tablets für Grundschulen", f[3], "2025-08", "2026-07",
                [("Schuljahresbeginn", "2025-09")]),
        project("medien", "Medienkompetenz-Programm Bibliothek", f[3], "2027-02", "2030-12"),
        project("tele", "Telemedizin-Sprechstunde in der Ortsmitte", f[4], "2026-01", "2027-12",
                [("Praxis gefunden", "2026-04")]),
        project("cowork", "Co-Working-Space im alten Bahnhof", f[5], "2025-05", "2026-10",
                [("Eröffnung", "2026-09")]),
        project("gaestekarte", "Digitale Gästekarte", f[5], "2027-03", "2029-06", [],
                ["cowork", "opendata"]),
    ]  # fmt: skip
    return RoadmapData(
        title="Roadmap Gemeinde Großenlüder 2025–2030: Umsetzung der grünen Projekte",
        start_year=2025,
        end_year=2030,
        fields=FIELDS,
        projects=projects,
        today="2026-04-15",
    )


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every figure the renderer creates, so tests can inspect its artists."""
    return record_figures(monkeypatch)


TEXT_KEYS = ("label:", "milestone-label:", "lane-title:", "lane-empty:", "year:", "band:")
TEXT_NAMES = ("title", "subtitle", "legend", "heute", "placeholder", "warnings")


def text_boxes(result: ChartResult) -> dict[str, Box]:
    return {k: b for k, b in result.layout.items() if k.startswith(TEXT_KEYS) or k in TEXT_NAMES}


def month_x(result: ChartResult, month: str, first_year: int, last_year: int) -> float:
    """Expected x of the first day of ``month`` on the chart's time axis."""
    axis = result.layout["axis"]
    months = (last_year - first_year + 1) * 12
    index = (int(month[:4]) - first_year) * 12 + int(month[5:7]) - 1
    return axis.x0 + index * (axis.x1 - axis.x0) / months


def next_month(month: str) -> str:
    year, m = int(month[:4]), int(month[5:7])
    return f"{year + m // 12}-{m % 12 + 1:02d}"


def assert_well_placed(result: ChartResult, data: RoadmapData) -> None:
    assert_phone_png(result)
    for name, box in result.layout.items():
        assert 0 <= box.x0 < box.x1 <= result.width_px, name
        assert 0 <= box.y0 < box.y1 <= result.height_px, name
    boxes = text_boxes(result)
    assert_no_overlap(boxes)
    # Lanes are stacked without overlapping.
    assert_no_overlap(result.layout, [k for k in result.layout if k.startswith("lane:")])
    # Every bar, its label and its milestones lie inside the project's lane; bars of one lane
    # never overlap.
    for p in data.projects:
        lane = result.layout[f"lane:{p.field}"]
        keys = [f"bar:{p.key}", f"label:{p.key}"]
        keys += [f"milestone:{p.key}:{i}" for i in range(len(p.milestones))]
        keys += [f"milestone-label:{p.key}:{i}" for i in range(len(p.milestones))]
        for key in keys:
            box = result.layout[key]
            assert lane.y0 <= box.y0 and box.y1 <= lane.y1, key
        for q in data.projects:
            if q.key < p.key and q.field == p.field:
                assert not result.layout[f"bar:{p.key}"].overlaps(result.layout[f"bar:{q.key}"])


def assert_months_match(result: ChartResult, data: RoadmapData) -> None:
    first, last = data.start_year, data.end_year
    axis = result.layout["axis"]
    month_px = (axis.x1 - axis.x0) / ((last - first + 1) * 12)
    for p in data.projects:
        bar = result.layout[f"bar:{p.key}"]
        # The bar's outline is ~1.6 px wide; allow a little more than half of it either side.
        assert bar.x0 == pytest.approx(month_x(result, p.start, first, last), abs=2), p.key
        assert bar.x1 == pytest.approx(month_x(result, next_month(p.end), first, last), abs=2)
        for i, ms in enumerate(p.milestones):
            box = result.layout[f"milestone:{p.key}:{i}"]
            centre = (box.x0 + box.x1) / 2
            expected = month_x(result, ms.month, first, last) + month_px / 2
            assert centre == pytest.approx(expected, abs=1.5), (p.key, ms.title)


def test_small_roadmap(figures: list[Figure]) -> None:
    data = small_data()
    result = render_roadmap(data)

    assert_well_placed(result, data)
    assert_months_match(result, data)
    assert 400 < result.height_px < 1200
    for p in data.projects:
        assert p.title in result.alt_text
        for ms in p.milestones:
            assert ms.title in result.alt_text
    for name in data.fields:
        assert f"lane:{name}" in result.layout and name in result.alt_text
    assert "baut auf: " + LONG_TITLE in result.alt_text
    # "heute" sits at September 2025, kurzfristig covers 2025–2026.
    heute = result.layout["heute"]
    sept = month_x(result, "2025-09", 2025, 2030)
    assert sept <= (heute.x0 + heute.x1) / 2 <= sept + 20
    kurz = result.layout["band:kurz"]
    assert month_x(result, "2025-01", 2025, 2030) < kurz.x0
    assert kurz.x1 < month_x(result, "2027-01", 2025, 2030)
    # One dependency arrow plus the one in the legend.
    arrows = [p for fig in figures for ax in fig.axes for p in ax.patches]
    assert sum(isinstance(p, FancyArrowPatch) for p in arrows) == 2


def test_large_roadmap_is_legible(figures: list[Figure]) -> None:
    data = large_data()
    result = render_roadmap(data)

    assert_well_placed(result, data)
    assert_months_match(result, data)
    assert 1200 < result.height_px < 4000
    for p in data.projects:
        assert p.title in result.alt_text
    for name in FIELDS:
        assert name in result.alt_text
    # Lanes follow the order of ``fields`` from top to bottom.
    tops = [result.layout[f"lane:{name}"].y1 for name in FIELDS]
    assert tops == sorted(tops, reverse=True)
    # Overlapping projects in one lane are moved to separate sub-rows.
    assert result.layout["bar:ozg"].y1 <= result.layout["bar:rathaus"].y0
    deps = sum(len(p.depends_on) for p in data.projects)
    patches = [p for fig in figures for ax in fig.axes for p in ax.patches]
    assert sum(isinstance(p, FancyArrowPatch) for p in patches) == deps + 1
    for text in all_texts(figures):
        assert text.get_fontsize() >= MIN_FONT_PT, text.get_text()


def test_projects_outside_the_period_widen_the_axis_and_unknown_fields_get_a_lane() -> None:
    data = RoadmapData(
        start_year=2025,
        end_year=2027,
        fields=["Mobilität", "Bildung"],
        today="2040-01",
        projects=[
            project("a", "Vorprojekt", "Mobilität", "2024-10", "2025-03"),
            project("b", "Spätes Projekt mit Meilenstein am Rand", "Neues Feld", "2028-06",
                    "2028-12", [("Abschluss und Übergabe an den Betrieb", "2028-12")],
                    ["a", "fehlt", "b"]),
        ],
    )  # fmt: skip
    result = render_roadmap(data)

    assert "lane:Neues Feld" in result.layout
    assert "lane-empty:Bildung" in result.layout
    assert "heute" not in result.layout  # today lies outside the axis
    assert "year:2024" in result.layout and "year:2028" in result.layout
    boxes = text_boxes(result)
    assert_no_overlap(boxes)
    for box in result.layout.values():
        assert box.x0 >= 0 and box.x1 <= result.width_px
    assert "baut auf: Vorprojekt." in result.alt_text


def test_empty_roadmap_shows_placeholder() -> None:
    result = render_roadmap(RoadmapData(start_year=2025, end_year=2030))
    assert png_size(result.png) == (1080, result.height_px)
    assert 200 < result.height_px < 700
    assert "placeholder" in result.layout
    assert "Noch keine Einträge" in result.alt_text


def test_model_validates_months_and_round_trips_as_json() -> None:
    data = large_data()
    assert RoadmapData.model_validate_json(data.model_dump_json()) == data
    with pytest.raises(ValidationError):
        Milestone(title="x", month="2025-13")
    with pytest.raises(ValidationError):
        project("x", "x", "x", "2025-1", "2025-02")
    with pytest.raises(ValidationError):
        data.projects[0].title = "anders"  # type: ignore[misc]


def test_heute_line_runs_through_the_lanes_but_never_through_titles() -> None:
    for data in (small_data(), large_data()):
        result = render_roadmap(data)
        lines = {k: b for k, b in result.layout.items() if k.startswith("heute-line:")}
        assert len(lines) == len(data.fields)  # a part in every lane
        titles = [
            b for k, b in result.layout.items() if k.startswith(("band:", "lane-title:", "year:"))
        ]
        for name, line in lines.items():
            lane = result.layout[f"lane:{name.removeprefix('heute-line:')}"]
            assert lane.y0 <= line.y0 and line.y1 <= lane.y1, name
            assert not any(line.overlaps(title) for title in titles), name
        # The lane's title strip (header) stays uncrossed as well.
        for name in data.fields:
            head = result.layout[f"lane-title:{name}"]
            assert result.layout[f"heute-line:{name}"].y1 < head.y0


def test_contradictions_are_visible_in_the_chart(figures: list[Figure]) -> None:
    """A dependency drawn backwards in time and a milestone before the project start: the
    warning stands above the plan, the arrow is dashed in the warning colour, the milestone
    is marked with „⚠“."""
    warnings = [
        "„Open-Data-Portal“ baut auf „Bürgerportal“ auf, beginnt aber (Januar 2026), bevor "
        "„Bürgerportal“ endet (Dezember 2026).",
        "„Bürgerportal“: Der Meilenstein „Ausschreibung“ (Juni 2024) liegt vor dem Projektstart "
        "(März 2025).",
    ]
    portal = project("ozg", "Bürgerportal", FIELDS[0], "2025-03", "2026-12")
    portal = portal.model_copy(
        update={"milestones": [Milestone(title="Ausschreibung", month="2024-06", outside=True)]}
    )
    data = RoadmapData(
        title="Roadmap",
        start_year=2025,
        end_year=2030,
        fields=FIELDS[:1],
        today="2025-09",
        projects=[
            portal,
            RoadmapProject(
                key="opendata",
                title="Open-Data-Portal",
                field=FIELDS[0],
                start="2026-01",
                end="2027-06",
                depends_on=["ozg"],
                backward=["ozg"],
            ),
        ],
        warnings=warnings,
    )
    result = render_roadmap(data)
    assert_well_placed(result, data)
    shown = " ".join(t.get_text().replace("\n", " ") for t in all_texts(figures))
    for warning in warnings:
        assert f"⚠ {warning}" in shown
        assert f"Bitte prüfen: {warning}" in result.alt_text
    assert result.layout["warnings"].y0 > result.layout["band:kurz"].y1  # above the plan
    assert "⚠ Ausschreibung" in [t.get_text() for t in all_texts(figures)]
    arrows = [
        p for fig in figures for ax in fig.axes for p in ax.patches
        if isinstance(p, FancyArrowPatch)
    ]  # fmt: skip
    dashed = [a for a in arrows if a.get_linestyle() == "--"]
    assert len(arrows) == 2 and len(dashed) == 1  # the legend's arrow stays solid
