"""Questionnaire completion grid: cells say "3/5", fills match, totals, 1 to 25 people."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from pydantic import ValidationError

from bot.charts.base import Box, ChartResult
from bot.charts.questionnaire import (
    QUESTION_GROUPS,
    PersonProgress,
    QuestionnaireData,
    render_questionnaire,
)
from tests.chartcheck import (
    assert_all_inside,
    assert_fonts_readable,
    assert_no_overlap,
    assert_phone_png,
    contains,
    record_figures,
)

FIRST = ["Anna", "Jürgen", "Özlem", "Thomas", "Sabine", "Klaus-Dieter", "Maria", "Lukas"]
LAST = ["Schmidt", "Müller-Lüdenscheidt", "Weiß", "Yılmaz", "Groß", "Bäcker", "Schäfer"]


def one_person() -> QuestionnaireData:
    return QuestionnaireData(
        municipality="Bad Königshofen",
        people=[
            PersonProgress(
                name="Jürgen Weiß", answered=[3, 5, 0, 2, 4, 0], asked=[5, 5, 4, 6, 4, 0]
            )
        ],
    )


def team(size: int = 25) -> QuestionnaireData:
    people = []
    for i in range(size):
        asked = [(i + g) % 5 * 2 for g in range(6)]  # includes 0 = not asked
        answered = [a if (i + g) % 3 == 0 else a // 2 for g, a in enumerate(asked)]
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 3) % len(LAST)]}"
        if i == 4:
            name = "Bürgermeisterin Dr. Anna-Lena Müller-Lüdenscheidt"
        people.append(PersonProgress(name=name, answered=answered, asked=asked))
    return QuestionnaireData(municipality="Musterstadt an der Öhringer Straße", people=people)


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every figure the renderer creates (the last one is the chart)."""
    return record_figures(monkeypatch)


def assert_well_placed(result: ChartResult) -> None:
    assert_phone_png(result)
    assert_all_inside(result, slack=0)
    # Cell texts sit inside their cells; everything else is pairwise disjoint.
    for name, box in result.layout.items():
        if name.startswith("value:"):
            cell = name.removeprefix("value:")
            assert contains(result.layout[cell if cell[0] == "t" else f"cell:{cell}"], box, 0.5), (
                name
            )
    boxes = {k: b for k, b in result.layout.items() if not k.startswith("value:")}
    assert_no_overlap(boxes)


def assert_complete(result: ChartResult, data: QuestionnaireData) -> None:
    for g, group in enumerate(data.groups):
        assert f"group:{g}" in result.layout
        assert f"total:group:{g}" in result.layout
        assert group in result.alt_text
        cell = result.layout[f"cell:0:{g}"]
        label = result.layout[f"group:{g}"]
        assert cell.x0 - 0.5 <= label.x0 and label.x1 <= cell.x1 + 0.5, "label wider than column"
        assert label.y0 > cell.y1, "label above its column"
    for p, person in enumerate(data.people):
        assert f"person:{p}" in result.layout
        assert f"total:person:{p}" in result.layout
        assert person.name in result.alt_text
        for g in range(len(data.groups)):
            assert f"cell:{p}:{g}" in result.layout
    assert "total:all" in result.layout


def test_one_person(figures: list[Figure]) -> None:
    data = one_person()
    result = render_questionnaire(data)
    assert_well_placed(result)
    assert_complete(result, data)
    assert_fonts_readable(figures)
    assert 250 <= result.height_px <= 800

    shown = {t.get_text() for t in figures[-1].texts}
    assert {"3/5", "5/5\u00a0✓", "0/4", "2/6", "4/4\u00a0✓", "–"} <= shown
    assert "58\u00a0%" in shown  # 14 of 24
    assert "Fragebogen Digitalisierung – Bad Königshofen" in shown
    # The wrapped group labels are all there, word for word.
    headers = " ".join(t.get_text() for t in figures[-1].texts).replace("\n", " ")
    for group in QUESTION_GROUPS:
        for word in group.replace("-", "- ").split():
            assert word in headers

    assert "Jürgen Weiß: insgesamt 14 von 24" in result.alt_text
    assert "Allgemeines 3 von 5" in result.alt_text
    assert "Digitale Projekte nicht gefragt" in result.alt_text


def test_fill_is_proportional_to_completion(figures: list[Figure]) -> None:
    result = render_questionnaire(one_person())
    fig = figures[-1]
    renderer = fig.canvas.get_renderer()
    rects = [a for a in fig.artists if isinstance(a, Rectangle)]

    def fill_width(cell: Box) -> float:
        """Width of the widest coloured rectangle starting at the cell's left edge."""
        widths = [
            e.x1 - e.x0
            for r in rects
            if r.get_fill()
            and r.get_facecolor()[3] > 0
            and r.get_hatch() is None
            and abs((e := r.get_window_extent(renderer)).x0 - cell.x0) < 0.5
            and e.y0 >= cell.y0 - 0.5
            and e.y1 <= cell.y1 + 0.5
        ]
        filled = [w for w in widths if w < cell.x1 - cell.x0 - 0.5]
        return max(filled, default=max(widths, default=0.0))

    for g, share in enumerate([3 / 5, 1.0, 0.0, 2 / 6, 1.0]):
        cell = result.layout[f"cell:0:{g}"]
        width = cell.x1 - cell.x0
        if share == 0.0:
            assert fill_width(cell) in (0.0, pytest.approx(width, abs=1))  # only the track
        else:
            assert fill_width(cell) == pytest.approx(share * width, abs=1.0), g


def test_twenty_five_people(figures: list[Figure]) -> None:
    data = team(25)
    result = render_questionnaire(data)
    assert_well_placed(result)
    assert_complete(result, data)
    assert_fonts_readable(figures)
    small = render_questionnaire(team(1))
    assert small.height_px < result.height_px <= 3000
    # Rows run top to bottom in input order.
    tops = [result.layout[f"cell:{p}:0"].y1 for p in range(25)]
    assert tops == sorted(tops, reverse=True)
    # Totals row lies below every person.
    assert result.layout["total:group:0"].y1 < result.layout["cell:24:0"].y0
    # The long name wraps inside its column instead of being cut or running into the cells.
    assert result.layout["person:4"].x1 < result.layout["cell:4:0"].x0


def test_percentages_round_down_until_complete() -> None:
    data = QuestionnaireData(
        municipality="Ort",
        groups=["Allgemeines"],
        people=[PersonProgress(name="A", answered=[199], asked=[200])],
    )
    assert "199 von 200 (99\u00a0%)" in render_questionnaire(data).alt_text


def test_many_groups_turn_their_labels(figures: list[Figure]) -> None:
    groups = [
        "Digitale Verwaltungsdienstleistungen für Bürgerinnen und Bürger",
        "Breitband",
        "Überschwemmungsgefährdungsbeurteilung",
        "Daten",
        "Mobilität und Verkehr",
        "Energie",
        "Bildung",
        "Gesundheit und Pflege",
        "Tourismus",
        "Kultur",
    ]
    data = QuestionnaireData(
        municipality="Sankt Peter-Ording",
        groups=groups,
        people=[
            PersonProgress(
                name="Prof. Dr. Maximiliane Schwarzenberg", answered=[1] * 10, asked=[2] * 10
            ),
            PersonProgress(name="Ömer", answered=[0] * 10, asked=[0] * 10),
        ],
    )
    result = render_questionnaire(data)
    assert_well_placed(result)
    assert_complete(result, data)
    assert_fonts_readable(figures)
    assert "Ömer: insgesamt nichts gefragt" in result.alt_text


@pytest.mark.parametrize(
    "data",
    [
        QuestionnaireData(municipality="Leerdorf"),
        QuestionnaireData(municipality="", groups=[], people=[]),
        QuestionnaireData(
            municipality="Ohnegruppen",
            groups=[],
            people=[PersonProgress(name="A", answered=[], asked=[])],
        ),
    ],
)
def test_empty_input_is_a_placeholder(data: QuestionnaireData) -> None:
    result = render_questionnaire(data)
    assert_well_placed(result)
    assert "Noch keine Einträge" in result.alt_text
    assert "placeholder" in result.layout


def test_model_checks_and_round_trips() -> None:
    data = team(3)
    assert QuestionnaireData.model_validate_json(data.model_dump_json()) == data
    assert data.groups == list(QUESTION_GROUPS)
    with pytest.raises(ValidationError, match="answered 6 > asked 5"):
        PersonProgress(name="A", answered=[6], asked=[5])
    with pytest.raises(ValidationError):
        PersonProgress(name="A", answered=[1, 2], asked=[2])
    with pytest.raises(ValidationError):
        PersonProgress(name="A", answered=[-1], asked=[2])
    with pytest.raises(ValidationError, match="2 values for 6 groups"):
        QuestionnaireData(
            municipality="X", people=[PersonProgress(name="A", answered=[1, 1], asked=[2, 2])]
        )
    with pytest.raises(ValidationError):
        data.municipality = "Anders"  # type: ignore[misc]


def test_fertig_comes_from_the_data_and_is_marked_at_the_name(figures: list[Figure]) -> None:
    """Ben went through to the end with skipped questions: „fertig“ without all cells full."""
    data = QuestionnaireData(
        municipality="Lindenau",
        groups=["Allgemeines", "Kommunale Daten"],
        people=[
            PersonProgress(name="Ben", answered=[1, 0], asked=[2, 1], finished=True),
            PersonProgress(name="Dora", answered=[2, 0], asked=[2, 1]),
        ],
    )
    result = render_questionnaire(data)
    shown = [t.get_text() for fig in figures for t in fig.findobj(Text)]
    assert "Ben ✓" in shown and "Dora" in shown and "Dora ✓" not in shown
    assert any("1\u00a0von\u00a02\u00a0Personen\u00a0fertig" in t for t in shown)
    assert "Ben: insgesamt 1 von 3 (33\u00a0%), fertig" in result.alt_text
