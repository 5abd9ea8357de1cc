"""Tests for the process plan chart (Prozessplan, AS2)."""

from __future__ import annotations

from functools import cache
from itertools import combinations, pairwise

import pytest
from pydantic import ValidationError

from bot.charts.base import ChartResult
from bot.charts.processplan import (
    LANES,
    PlanEntry,
    ProcessPlanData,
    render_process_plan,
)
from tests.chartcheck import png_size

A, G, B, M, X = LANES


def _ym(offset: int, year: int = 2025) -> str:
    """The month ``offset`` months after January of ``year`` as "YYYY-MM"."""
    return f"{year + offset // 12}-{offset % 12 + 1:02d}"


SMALL = ProcessPlanData(
    municipality="Musterstadt",
    today="2025-05",
    entries=[
        PlanEntry(title="Bestandsanalyse und Akteursmapping", lane=A, start="2025-01",
                  end="2025-03", responsible="Kernteam"),
        PlanEntry(title="Vision und strategische Ziele entwickeln", lane=A, start="2025-03",
                  end="2025-06", responsible="Kernteam mit Verwaltungsspitze"),
        PlanEntry(title="Handlungsfelder bestimmen", lane=A, start="2025-06", end="2025-08"),
        PlanEntry(title="Gemeinderat: Grundsatzbeschluss", lane=G, start="2025-02",
                  end="2025-02", responsible="Bürgermeisterin"),
        PlanEntry(title="Gemeinderat: Beschluss der Smart-City-Strategie", lane=G,
                  start="2025-12", end="2025-12"),
        PlanEntry(title="Online-Umfrage für Bürgerinnen und Bürger", lane=B, start="2025-03",
                  end="2025-04", responsible="Pressestelle"),
        PlanEntry(title="Zukunftswerkstatt im Bürgerhaus", lane=B, start="2025-05",
                  end="2025-05"),
        PlanEntry(title="Strategiepapier (Entwurf)", lane=M, start="2025-10", end="2025-10"),
        PlanEntry(title="Kommunalwahl", lane=X, start="2025-09", end="2025-09"),
        PlanEntry(title="Förderaufruf Modellprojekte Smart Cities", lane="Förderung",
                  start="2025-04", end="2025-06"),
    ],
)  # fmt: skip

# A realistic 36-month strategy process with 40 entries: (title, lane, start, end, responsible).
REALISTIC = [
    ("AS1 Bestandsanalyse: Konzepte, Fragebogen Digitalisierung, Akteure", A, 0, 3, "Kernteam"),
    ("AS2 Strategieprozess planen", A, 2, 3, "Kernteam"),
    ("AS3 Vision und strategische Ziele", A, 4, 7, "Kernteam mit Verwaltungsspitze"),
    ("AS4 Handlungsfelder bestimmen", A, 7, 9, "Kernteam"),
    ("AS5 Ideen und Maßnahmen entwickeln (zwei Ideenrunden)", A, 9, 14, "Fachbereiche"),
    ("AS6 Risiken und Wirkungen bewerten", A, 14, 16, "Kernteam"),
    ("Strategiepapier schreiben und abstimmen", A, 16, 20, "Amt für Digitalisierung"),
    ("AS7 Projekte priorisieren und Roadmap", A, 20, 23, "Kernteam"),
    ("AS8 Umsetzung der Pilotprojekte vorbereiten", A, 23, 29, "Projektteams"),
    ("AS9 Monitoring und Evaluation aufbauen", A, 28, 35, "Controlling"),
    ("Gemeinderat: Grundsatzbeschluss Smart-City-Prozess", G, 1, 1, "Bürgermeisterin"),
    ("Lenkungskreis 1", G, 3, 3, None),
    ("Hauptausschuss: Zwischenbericht Vision und Ziele", G, 8, 8, None),
    ("Lenkungskreis 2", G, 12, 12, None),
    ("Haushaltsberatung: Mittel für Pilotprojekte", G, 15, 17, "Kämmerei"),
    ("Gemeinderat: Beschluss der Smart-City-Strategie", G, 21, 21, "Gemeinderat"),
    ("Lenkungskreis 3", G, 26, 26, None),
    ("Gemeinderat: Bericht zur Umsetzung", G, 33, 33, None),
    ("Online-Umfrage für Bürgerinnen und Bürger", B, 2, 3, "Pressestelle"),
    ("Zukunftswerkstatt im Bürgerhaus", B, 5, 5, "Moderation"),
    ("Jugendforum Digitale Schule", B, 6, 6, "Jugendpflege"),
    ("Ideenwettbewerb für Vereine und Initiativen", B, 10, 12, "Kernteam"),
    ("Öffentliche Auslegung des Strategieentwurfs", B, 18, 19, "Pressestelle"),
    ("Bürgerdialog Mobilität im ländlichen Raum", B, 24, 24, None),
    ("Beteiligung zur Evaluation", B, 32, 33, "Controlling"),
    ("Prozessplan steht", M, 3, 3, None),
    ("Vision und Ziele beschlossen", M, 8, 8, None),
    ("Maßnahmenkatalog (Entwurf)", M, 14, 14, None),
    ("Strategiepapier (Entwurf)", M, 19, 19, None),
    ("Smart-City-Strategie beschlossen", M, 21, 21, None),
    ("Roadmap veröffentlicht", M, 23, 23, None),
    ("Erstes Pilotprojekt gestartet", M, 27, 27, None),
    ("Erster Monitoringbericht", M, 35, 35, None),
    ("Kommunalwahl", X, 8, 8, None),
    ("Sommerferien", X, 6, 7, None),
    ("Förderaufruf des Landes: Digitale Kommune", X, 11, 13, None),
    ("Landtagswahl", X, 14, 14, None),
    ("Sommerferien", X, 18, 19, None),
    ("Haushaltsjahr 2027 beginnt", X, 24, 24, None),
    ("Sommerferien", X, 30, 31, None),
]

LARGE = ProcessPlanData(
    municipality="Bad Großenkirchen-Übersee",
    today="2026-02",
    entries=[
        PlanEntry(title=t, lane=lane, start=_ym(s), end=_ym(e), responsible=r)
        for t, lane, s, e, r in REALISTIC
    ],
)

_TITLES = [
    "Gemeinderat: Beschluss über die Beteiligung an der Smart-City-Werkstatt",
    "Bürgerdialog Mobilität im ländlichen Raum",
    "Zwischenbericht an den Ausschuss für Digitalisierung",
    "Abschlussveranstaltung mit Übergabe des Strategiepapiers",
    "Workshop Datenethik",
]
# Deliberately crowded: 40 overlapping entries, long titles and long names of who is responsible.
DENSE = ProcessPlanData(
    municipality="Dichtdorf",
    today="2027-12",
    entries=[
        PlanEntry(
            title=f"{_TITLES[i % 5]} ({i + 1})",
            lane=LANES[i % 5],
            start=_ym((i * 7) % 36),
            end=_ym(min(35, (i * 7) % 36 + [0, 1, 3, 6, 10][i % 5 if i % 3 else 0])),
            responsible="Amt für Digitalisierung und Organisation" if i % 2 else None,
        )
        for i in range(40)
    ],
)


@cache
def _rendered(kind: str) -> tuple[ProcessPlanData, ChartResult]:
    data = {"small": SMALL, "large": LARGE, "dense": DENSE}[kind]
    return data, render_process_plan(data)


def _lane_of(entry: PlanEntry) -> str:
    return entry.lane if entry.lane in LANES else entry.lane.strip()


KINDS = ["small", "large", "dense"]


def test_fixtures_are_as_hard_as_the_brief() -> None:
    for data in (LARGE, DENSE):
        assert len(data.entries) == 40
        months = {e.start for e in data.entries} | {e.end for e in data.entries}
        assert min(months) == "2025-01" and max(months) == "2027-12"  # 36 months


@pytest.mark.parametrize("kind", KINDS)
def test_png_is_valid_and_phone_sized(kind: str) -> None:
    _, result = _rendered(kind)
    assert png_size(result.png) == (result.width_px, result.height_px)
    assert result.width_px == 1080
    # the dense fixture crowds eight entries of each lane into consecutive months
    assert 600 < result.height_px < (7000 if kind == "dense" else 3200)


@pytest.mark.parametrize("kind", KINDS)
def test_every_entry_is_in_layout_and_alt_text(kind: str) -> None:
    data, result = _rendered(kind)
    for index, entry in enumerate(data.entries):
        assert f"entry:{index}" in result.layout
        assert f"label:{index}" in result.layout
        assert entry.title in result.alt_text
        if entry.responsible:
            assert entry.responsible in result.alt_text


@pytest.mark.parametrize("kind", KINDS)
def test_entries_and_labels_lie_inside_their_lane(kind: str) -> None:
    data, result = _rendered(kind)
    for index, entry in enumerate(data.entries):
        lane = result.layout[f"lane:{_lane_of(entry)}"]
        for key in (f"entry:{index}", f"label:{index}"):
            box = result.layout[key]
            assert lane.x0 <= box.x0 and box.x1 <= lane.x1, key
            assert lane.y0 <= box.y0 and box.y1 <= lane.y1, key
        label, bar = result.layout[f"label:{index}"], result.layout[f"entry:{index}"]
        assert label.y0 >= bar.y1  # label sits right above its own bar or marker
        assert label.y0 - bar.y1 < 30
        assert min(label.x1, bar.x1) - max(label.x0, bar.x0) > 0  # and horizontally over it


@pytest.mark.parametrize("kind", KINDS)
def test_labels_never_overlap_labels_or_bars(kind: str) -> None:
    data, result = _rendered(kind)
    n = len(data.entries)
    labels = [result.layout[f"label:{i}"] for i in range(n)]
    bars = [result.layout[f"entry:{i}"] for i in range(n)]
    for (i, a), (j, b) in combinations(enumerate(labels), 2):
        assert not a.overlaps(b), f"label {i} overlaps label {j}"
    for (i, a), (j, b) in combinations(enumerate(bars), 2):
        assert not a.overlaps(b), f"entry {i} overlaps entry {j}"
    for i, label in enumerate(labels):
        for j, bar in enumerate(bars):
            assert not label.overlaps(bar), f"label {i} overlaps entry {j}"


@pytest.mark.parametrize("kind", KINDS)
def test_everything_lies_inside_the_figure(kind: str) -> None:
    _, result = _rendered(kind)
    for key, box in result.layout.items():
        assert 0 <= box.x0 <= box.x1 <= result.width_px, key
        assert 0 <= box.y0 <= box.y1 <= result.height_px, key


@pytest.mark.parametrize("kind", KINDS)
def test_bars_span_their_months(kind: str) -> None:
    data, result = _rendered(kind)
    layout = result.layout
    for index, entry in enumerate(data.entries):
        box = layout[f"entry:{index}"]
        first, last = layout[f"month:{entry.start}"], layout[f"month:{entry.end}"]
        if entry.start == entry.end:  # milestone marker centred in its month
            assert abs((box.x0 + box.x1) / 2 - (first.x0 + first.x1) / 2) < 1.0
            assert box.x1 - box.x0 < 30
        else:
            assert abs(box.x0 - first.x0) < 1.5, (index, box, first)
            assert abs(box.x1 - last.x1) < 1.5, (index, box, last)


def test_month_axis_covers_the_span_left_to_right() -> None:
    _, result = _rendered("large")
    months = [_ym(i) for i in range(36)]
    boxes = [result.layout[f"month:{m}"] for m in months]
    assert not any(k.startswith("month:") and k[6:] not in months for k in result.layout)
    assert boxes[0].x0 >= 30 and boxes[-1].x1 <= result.width_px - 30
    for left, right in pairwise(boxes):
        assert abs(left.x1 - right.x0) < 0.01
        assert abs((left.x1 - left.x0) - (right.x1 - right.x0)) < 0.01


def test_short_plans_show_at_least_a_year() -> None:
    data = ProcessPlanData(
        municipality="Kurzhausen",
        entries=[PlanEntry(title="Auftakt", lane=A, start="2025-03", end="2025-04")],
    )
    result = render_process_plan(data)
    months = [k for k in result.layout if k.startswith("month:")]
    assert len(months) == 12
    assert "März 2025 bis Februar 2026" in result.alt_text


def test_lanes_in_fixed_order_with_unknown_lanes_last() -> None:
    _, result = _rendered("small")
    order = [*LANES, "Förderung"]
    tops = [result.layout[f"lane:{lane}"].y1 for lane in order]
    assert tops == sorted(tops, reverse=True)  # pixel origin is bottom left
    for upper, lower in pairwise(order):
        assert not result.layout[f"lane:{upper}"].overlaps(result.layout[f"lane:{lower}"])


def test_today_marker_inside_span_only() -> None:
    data, result = _rendered("small")
    today, may = result.layout["today"], result.layout["month:2025-05"]
    assert abs((today.x0 + today.x1) / 2 - (may.x0 + may.x1) / 2) < 1.0
    assert "Heute: Mai 2025" in result.alt_text
    outside = render_process_plan(data.model_copy(update={"today": "2031-01"}))
    assert "today" not in outside.layout
    no_today = render_process_plan(data.model_copy(update={"today": None}))
    assert "today" not in no_today.layout


def test_alt_text_is_german_and_complete() -> None:
    _, result = _rendered("small")
    alt = result.alt_text
    assert alt.startswith("Prozessplan Musterstadt: Januar 2025 bis Dezember 2025 (12 Monate).")
    assert "Bestandsanalyse und Akteursmapping (Zeitraum Januar 2025 bis März 2025" in alt
    assert "Kommunalwahl (Termin im September 2025)" in alt
    assert alt.index("Externer Termin:") < alt.index("Förderung:")


def test_empty_lane_is_still_shown() -> None:
    data = ProcessPlanData(
        municipality="Einspurig",
        entries=[PlanEntry(title="Auftakt", lane=A, start="2025-01", end="2025-02")],
    )
    result = render_process_plan(data)
    assert all(f"lane:{lane}" in result.layout for lane in LANES)
    assert "Beteiligung: keine Einträge." in result.alt_text


def test_empty_plan_renders_placeholder() -> None:
    result = render_process_plan(ProcessPlanData(municipality="Leerdorf"))
    assert png_size(result.png) == (1080, result.height_px)
    assert "placeholder" in result.layout
    assert "Noch keine Einträge" in result.alt_text


def test_month_strings_are_validated_and_normalised() -> None:
    entry = PlanEntry(title="x", lane=A, start="2025-3", end="2025-04-15")
    assert (entry.start, entry.end) == ("2025-03", "2025-04")
    for bad in ("2025-13", "März 2025", "25-01", ""):
        with pytest.raises(ValidationError):
            PlanEntry(title="x", lane=A, start=bad, end="2025-01")
    with pytest.raises(ValidationError):
        ProcessPlanData(municipality="x", today="heute")


def test_reversed_months_awkward_text_and_long_spans_do_not_crash() -> None:
    data = ProcessPlanData(
        municipality="Sonderfall",
        today="2025-01",
        entries=[
            PlanEntry(title="Rückwärts", lane=" beteiligung ", start="2025-06", end="2025-02"),
            PlanEntry(title="Kosten 5 $ bis 10 $ – a_b^c {x}", lane=M, start="2025-01",
                      end="2025-01"),
            PlanEntry(title="Ä" * 120, lane="", start="2025-01", end="2029-12",
                      responsible="   "),
        ],
    )  # fmt: skip
    result = render_process_plan(data)
    assert result.layout["entry:0"].y0 >= result.layout["lane:Beteiligung"].y0
    assert "lane:Sonstiges" in result.layout
    assert len([k for k in result.layout if k.startswith("month:")]) == 60
    for i in range(3):
        assert f"label:{i}" in result.layout
    for box in result.layout.values():
        assert box.x0 >= 0 and box.x1 <= result.width_px
    assert "verantwortlich" not in result.alt_text  # blank "responsible" is no responsible


def test_model_is_frozen_and_json_serialisable() -> None:
    assert ProcessPlanData.model_validate_json(LARGE.model_dump_json()) == LARGE
    with pytest.raises(ValidationError):
        LARGE.today = "2030-01"  # type: ignore[misc]
