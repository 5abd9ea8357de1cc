"""Tall charts and narrow tables in the strategy paper (issue 8.5): charts arrive in parts cut
between their elements, the PDF never slices a picture, prints no text below 7 pt, and table
cells break lines between words or with a visible hyphen."""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor

from pypdf import PdfReader

from bot.app.rendering import Renderer
from bot.charts.base import ChartResult
from bot.charts.parts import MAX_PART_HEIGHT_PX, split_tall
from bot.charts.registry import render_chart
from bot.documents.strategy import build_paper
from bot.documents.strategy_model import Figure, Paragraph, Section, Table
from bot.documents.strategy_pdf import write_pdf
from bot.documents.wrapping import wrap_lines
from tests.pdfcheck import assert_readable
from tests.test_chart_impactmodel import _large as large_impact_model
from tests.test_chart_riskmatrix import _large as large_risk_matrix
from tests.test_strategy import PEOPLE, TEAM, TODAY, paper

TALL = {
    "wirkungsmodell": large_impact_model().model_dump(mode="json"),
    "risikomatrix": large_risk_matrix().model_dump(mode="json"),
}


def whole_in_one_part(name: str, drawn: ChartResult, parts: list[ChartResult]) -> bool:
    """Whether element ``name`` of the drawn chart is in exactly one part, at its full size."""
    box = drawn.layout[name]
    found = [part.layout[name] for part in parts if name in part.layout]
    return len(found) == 1 and abs((found[0].y1 - found[0].y0) - (box.y1 - box.y0)) < 1


def test_tall_charts_come_in_page_sized_parts_cut_between_elements() -> None:
    from bot.charts.impactmodel import ImpactModelData, render_impact_model
    from bot.charts.riskmatrix import RiskMatrixData, render_risk_matrix

    impact = ImpactModelData.model_validate(TALL["wirkungsmodell"])
    risks = RiskMatrixData.model_validate(TALL["risikomatrix"])
    drawn = {
        "wirkungsmodell": render_impact_model(impact),
        "risikomatrix": render_risk_matrix(risks),
    }
    for chart, whole in drawn.items():
        parts = render_chart(chart, TALL[chart])
        assert whole.height_px > MAX_PART_HEIGHT_PX and len(parts) >= 2, chart
        assert all(p.height_px <= MAX_PART_HEIGHT_PX for p in parts), chart
        assert sum(p.height_px for p in parts) == whole.height_px  # nothing lost or doubled
        # Every box, text and legend row is whole in one part: no element is cut.
        for name in whole.layout:
            assert whole_in_one_part(name, whole, parts), (chart, name)
        assert parts[0].alt_text == whole.alt_text
        assert all("Fortsetzung" in p.alt_text for p in parts[1:])
    bands = [n for n in drawn["wirkungsmodell"].layout if n.startswith("band:")]
    assert len(bands) == 6


def test_a_short_chart_stays_one_picture() -> None:
    (result,) = render_chart("wirkungsmodell", {"measures": []})
    assert split_tall(result) == [result]


def render_pdf(paper_) -> bytes:
    renderer = Renderer(executor=ThreadPoolExecutor(2))
    try:
        return asyncio.run(renderer.document("strategie_pdf", paper_.model_dump(mode="json")))
    finally:
        renderer.close()


def test_paper_with_a_big_risk_matrix_and_impact_model_prints_every_part_whole() -> None:
    figures = tuple(
        Figure(number=n, chart=chart, data=data, caption=f"Große Grafik {n}", source="AS9")
        for n, (chart, data) in enumerate(TALL.items(), start=1)
    )
    p = build_paper(TEAM, [], PEOPLE, TODAY).model_copy(update={"figures": figures})
    parts = [r for chart, data in TALL.items() for r in render_chart(chart, data)]
    facts = assert_readable(render_pdf(p), [(r.width_px, r.height_px) for r in parts])
    assert len(facts.images) == len(parts) >= 4


def test_compact_paper_is_readable_and_shows_every_chart_whole() -> None:
    p = paper()
    parts = [r for f in p.figures for r in render_chart(f.chart, f.data)]
    assert_readable(render_pdf(p), [(r.width_px, r.height_px) for r in parts])


# --------------------------------------------------------------------------- tables


def test_words_wrap_between_words_and_overlong_words_get_a_hyphen() -> None:
    lines = wrap_lines("Die Gegenmaßnahme greift sofort", 14, len)
    assert lines == ["Die", "Gegenmaßnahme", "greift sofort"]
    long = wrap_lines("Kommunalverwaltungsdigitalisierung", 12, len)
    assert all(len(line) <= 12 for line in long)
    assert all(line.endswith("-") for line in long[:-1]) and len(long) > 1
    assert "".join(line.removesuffix("-") for line in long) == "Kommunalverwaltungsdigitalisierung"
    # An existing hyphen is a break point of its own; line breaks of the text are kept.
    assert wrap_lines("Online-Bürgerbüro\nneu", 10, len) == ["Online-", "Bürgerbüro", "neu"]


def test_narrow_table_cells_in_the_pdf_never_break_a_word_silently() -> None:
    words = ("Gegenmaßnahme", "Kommunikationsstrategie", "Datenschutzfolgenabschätzung")
    table = Table(
        header=("Nr.", *(f"Spalte {n}" for n in range(1, 9))),
        rows=tuple(tuple(["1", *words, *words, "Notfallplan", "ok"]) for _ in range(3)),
    )
    section = Section(
        key="test", number="1", title="Tabelle", fill="gefuellt", sources="AS6",
        blocks=(Paragraph(text="Eine sehr schmale Tabelle:"), table),
    )  # fmt: skip
    p = build_paper(TEAM, [], PEOPLE, TODAY).model_copy(
        update={"sections": (section,), "figures": ()}
    )
    text = PdfReader(io.BytesIO(write_pdf(p, []))).pages[2].extract_text()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    pieces = [line for line in lines if any(line.removesuffix("-") in w for w in words)]
    assert any(line.endswith("-") for line in pieces)  # overlong words were hyphenated …
    for line in lines:
        for word in words:  # … and every piece of a broken word ends with its hyphen
            if word.startswith(line) and line != word:
                raise AssertionError(f"{line!r} is {word!r} cut without a hyphen")
