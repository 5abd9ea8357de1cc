"""Tests for the goal map chart (Zielmapping, AS3)."""

from __future__ import annotations

from functools import cache

import pytest
from pydantic import ValidationError

from bot.charts.base import Box, ChartResult
from bot.charts.goalmap import UNASSIGNED_FIELD, GoalField, GoalMapData, render_goal_map
from tests.chartcheck import assert_all_inside, assert_no_overlap, png_size

VISION_600 = (
    "Musterstadt ist im Jahr 2035 eine lebenswerte, vernetzte Kleinstadt, in der digitale "
    "Werkzeuge konsequent dem Gemeinwohl dienen: Bürgerinnen und Bürger erledigen ihre "
    "Behördengänge bequem online, alle Ortsteile sind durch flexible Mobilität verbunden, und "
    "Energie wird klug gespart und vor Ort erzeugt. Daten werden offen, sicher und "
    "verantwortungsvoll genutzt; Vereine, Wirtschaft, Wissenschaft und Verwaltung gestalten die "
    "digitale Zukunft gemeinsam. Niemand wird dabei zurückgelassen – auch ältere Menschen und "
    "Menschen mit Behinderung nicht, für die es Begleitung und Schulungen gibt."
)

SMALL_FIELDS = [
    (
        "Verwaltung und E-Government",
        [
            "Bis 2027 sind alle häufig nachgefragten Verwaltungsdienstleistungen für Bürgerinnen "
            "und Bürger vollständig digital und barrierefrei verfügbar.",
            "Die interne Aktenführung der Gemeindeverwaltung ist durchgängig elektronisch; "
            "Medienbrüche zwischen Fachverfahren werden beseitigt.",
            "Ein digitales Bürgerportal bündelt Anliegen, Termine und Rückmeldungen an einem Ort.",
        ],
    ),
    (
        "Mobilität und Verkehr im ländlichen Raum",
        [
            "On-Demand-Angebote und Mitfahrbänke verbinden alle Ortsteile mindestens stündlich "
            "mit dem Bahnhof und dem Gesundheitszentrum.",
            "Echtzeit-Fahrgastinformationen an allen zentralen Haltestellen und in einer App.",
        ],
    ),
    (
        "Energie, Umwelt und Klimaschutz",
        [
            "Ein Energiemonitoring für alle kommunalen Liegenschaften senkt den Verbrauch bis "
            "2030 um mindestens 25 Prozent gegenüber dem Jahr 2022.",
            "Sensoren zu Bodenfeuchte und Starkregen unterstützen Bauhof und Feuerwehr.",
            "Offene Umweltdaten über Luftqualität und Lärm sind für alle frei zugänglich.",
        ],
    ),
    (
        "Bildung, Kultur und digitale Kompetenzen",
        [
            "Digitale Sprechstunden und Lernangebote in der Bücherei stärken die Medienkompetenz "
            "älterer Menschen in allen Ortsteilen.",
            "Alle Schulen verfügen über Glasfaser, WLAN und ein gemeinsames Support-Konzept.",
        ],
    ),
    (
        "Handel/Innenstadt/Tourismus",
        [
            "Ein lokaler Online-Marktplatz macht das Angebot der Einzelhändlerinnen und "
            "Einzelhändler rund um die Uhr sichtbar und bestellbar.",
            "Digitale Besucherlenkung verteilt Ausflugsgäste besser auf Parkplätze.",
        ],
    ),
    (
        UNASSIGNED_FIELD,
        [
            "Datenkompetenz in Verwaltung und Politik aufbauen, damit Entscheidungen häufiger auf "
            "Grundlage offener und geprüfter Daten getroffen werden können.",
            "Ein Ethikbeirat begleitet die Umsetzung.",
            "Über das Förderprogramm informieren.",
        ],
    ),
]

LARGE_NAMES = [
    "Verwaltung/E-Government",
    "Mobilität",
    "Energie",
    "Umwelt und Klima",
    "Gesundheit und Pflege",
    "Bildung und Kultur",
    "Handel/Innenstadt/Tourismus",
    "Städtebau/Gebäude/Wohnen",
    "Ver- und Entsorgung",
    UNASSIGNED_FIELD,
]


def _small() -> GoalMapData:
    return GoalMapData(
        municipality="Musterstadt",
        target_year=2035,
        vision=VISION_600,
        fields=[GoalField(name=name, goals=goals) for name, goals in SMALL_FIELDS],
    )


def _large() -> GoalMapData:
    pool = [goal for _, goals in SMALL_FIELDS for goal in goals]
    fields = [
        GoalField(
            name=name,
            goals=[f"Ziel {i + 1}.{j + 1}: {pool[(4 * i + j) % len(pool)]}" for j in range(4)],
        )
        for i, name in enumerate(LARGE_NAMES)
    ]
    return GoalMapData(
        municipality="Bad Großenkirchen-Übersee",
        target_year=2040,
        vision=VISION_600,
        fields=fields,
    )


@cache
def _rendered(kind: str) -> tuple[GoalMapData, ChartResult]:
    """Render each fixture once per test session (rendering takes a moment)."""
    data = _small() if kind == "small" else _large()
    return data, render_goal_map(data)


def _goal_keys(data: GoalMapData) -> list[str]:
    return [f"goal:{f.name}:{i}" for f in data.fields for i in range(len(f.goals))]


def _all_keys(data: GoalMapData) -> list[str]:
    return ["vision", *(f"field:{f.name}" for f in data.fields), *_goal_keys(data)]


def test_fixtures_are_as_hard_as_the_brief() -> None:
    small, large = _small(), _large()
    assert 560 <= len(VISION_600) <= 600
    assert len(small.fields) == 6 and sum(len(f.goals) for f in small.fields) == 15
    assert max(len(g) for f in small.fields for g in f.goals) >= 130
    assert len(large.fields) == 10 and sum(len(f.goals) for f in large.fields) == 40
    assert max(len(g) for f in large.fields for g in f.goals) > 140


@pytest.mark.parametrize("kind", ["small", "large"])
def test_png_is_valid_and_phone_sized(kind: str) -> None:
    _, result = _rendered(kind)
    width, height = png_size(result.png)
    assert (width, height) == (result.width_px, result.height_px)
    assert width == 1080
    assert 800 < height < 7000


@pytest.mark.parametrize("kind", ["small", "large"])
def test_every_item_is_in_layout_and_alt_text(kind: str) -> None:
    data, result = _rendered(kind)
    for key in _all_keys(data):
        assert key in result.layout, key
    assert " ".join(VISION_600.split()) in result.alt_text
    for item in data.fields:
        assert item.name in result.alt_text
        for goal in item.goals:
            assert goal in result.alt_text


@pytest.mark.parametrize("kind", ["small", "large"])
def test_no_boxes_overlap_and_all_inside_figure(kind: str) -> None:
    _, result = _rendered(kind)
    assert_no_overlap(result.layout)
    assert_all_inside(result, slack=0)


@pytest.mark.parametrize("kind", ["small", "large"])
def test_tree_structure_reads_top_down(kind: str) -> None:
    """Vision above every field; each field's goals below its header, in order, aligned."""
    data, result = _rendered(kind)
    layout = result.layout
    vision = layout["vision"]
    for item in data.fields:
        header = layout[f"field:{item.name}"]
        assert header.y1 < vision.y0  # pixel origin is bottom left
        above = header
        for index in range(len(item.goals)):
            goal = layout[f"goal:{item.name}:{index}"]
            assert goal.y1 <= above.y0
            assert header.x0 < goal.x0 and goal.x1 <= header.x1 + 0.5  # indented under header
            above = goal


def test_large_map_uses_two_balanced_columns_in_reading_order() -> None:
    data, result = _rendered("large")
    middle = result.width_px / 2
    columns = [result.layout[f"field:{f.name}"].x0 < middle for f in data.fields]
    assert True in columns and False in columns
    split = columns.index(False)
    assert all(columns[:split]) and not any(columns[split:])  # left column first, then right
    assert 3 <= split <= 7


def test_small_map_is_single_column_when_it_fits() -> None:
    data = GoalMapData(
        municipality="Kleinhausen",
        target_year=2030,
        vision="Kleinhausen ist digital und gemeinschaftlich.",
        fields=[
            GoalField(name="Mobilität", goals=["Bürgerbus digital buchbar"]),
            GoalField(name="Bildung", goals=["WLAN in allen Schulen", "Tablet-Kurse"]),
        ],
    )
    result = render_goal_map(data)
    lefts = {round(result.layout[f"field:{f.name}"].x0) for f in data.fields}
    assert len(lefts) == 1
    assert result.layout["field:Mobilität"].x1 > 0.9 * result.width_px
    assert result.height_px < 1000


def test_large_map_is_taller_than_small_map() -> None:
    assert _rendered("large")[1].height_px > _rendered("small")[1].height_px


def test_long_vision_box_is_large_enough_for_the_text() -> None:
    short = render_goal_map(_small().model_copy(update={"vision": "Kurz und digital."}))
    _, long = _rendered("small")
    short_h = short.layout["vision"].y1 - short.layout["vision"].y0
    long_h = long.layout["vision"].y1 - long.layout["vision"].y0
    assert long_h > short_h + 150  # about eight more lines of wrapped text


def test_missing_vision_is_marked_open() -> None:
    data = _small().model_copy(update={"vision": None, "target_year": None})
    result = render_goal_map(data)
    assert "vision" in result.layout
    assert "Vision: noch offen" in result.alt_text


def test_unassigned_goals_are_not_numbered_as_a_field() -> None:
    alt = _rendered("small")[1].alt_text
    assert "Handlungsfeld 5: Handel/Innenstadt/Tourismus" in alt
    assert "Handlungsfeld 6" not in alt
    assert f"{UNASSIGNED_FIELD} (3 Ziele)" in alt
    assert "Ziel 1.3: Ein digitales Bürgerportal" in alt


def test_field_without_goals_and_duplicate_names() -> None:
    data = GoalMapData(
        municipality="Doppelingen",
        target_year=2030,
        vision="Eine Vision.",
        fields=[
            GoalField(name="Mobilität", goals=["Bürgerbus"]),
            GoalField(name="Energie", goals=[]),
            GoalField(name="Mobilität", goals=["Radwege mit Sensoren", "Parkleitsystem"]),
        ],
    )
    result = render_goal_map(data)
    assert {"field:Mobilität", "field:Energie", "field:Mobilität#2"} <= set(result.layout)
    assert {"goal:Mobilität:0", "goal:Mobilität#2:0", "goal:Mobilität#2:1"} <= set(result.layout)
    assert "Energie (0 Ziele)" in result.alt_text


def test_empty_input_renders_placeholder() -> None:
    result = render_goal_map(GoalMapData(municipality="Leerdorf"))
    png_size(result.png)
    assert "placeholder" in result.layout and "vision" in result.layout
    assert "Noch keine Einträge" in result.alt_text
    assert 200 < result.height_px < 800


def test_awkward_text_does_not_break_rendering() -> None:
    data = GoalMapData(
        municipality="Sonderzeichenhausen",
        target_year=2030,
        vision="Kosten von 5 $ bis 10 $ pro Kopf – 100 % Ökostrom, Straße für Straße.",
        fields=[
            GoalField(
                name="Digitalisierungsinfrastrukturmaßnahmenplanungsgruppe",
                goals=["", "   ", "a_b^c $x$ {Klammern} \\n kein Umbruch", "Ä" * 200],
            )
        ],
    )
    result = render_goal_map(data)
    assert len(result.layout) == 3 + 4  # title, vision, field, four goals
    for box in result.layout.values():
        assert box.x1 <= result.width_px and box.x0 >= 0


def test_model_is_frozen_and_json_serialisable() -> None:
    data = _small()
    assert GoalMapData.model_validate_json(data.model_dump_json()) == data
    with pytest.raises(ValidationError):
        data.municipality = "Anderswo"  # type: ignore[misc]


def test_box_overlap_helper_detects_overlap() -> None:
    """Guards the overlap tests above against a helper that never fires."""
    assert Box(0, 0, 10, 10).overlaps(Box(5, 5, 15, 15))
    assert not Box(0, 0, 10, 10).overlaps(Box(10, 0, 20, 10))
