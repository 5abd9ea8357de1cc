"""AS2 results: the seven components, steering and participation, the sorted process plan."""

from __future__ import annotations

from datetime import date

from dialogs.results import process_plan
from dialogs.steps.as2 import COMPONENTS
from tests.test_results_as1 import ANNA, BEN, GONE, MEMBERS, TEAM, Book

TODAY = date(2026, 5, 14)


def test_empty_plan_has_all_components_open() -> None:
    r = process_plan(TEAM, [], MEMBERS, TODAY)
    assert r.today == "2026-05"
    assert [c.key for c in r.components] == list(COMPONENTS)
    assert r.components[0].name == "Ziele und Leitbild"
    assert all(c.status is None and c.note is None for c in r.components)
    assert r.assessed == 0
    assert r.steering is None and r.participation is None
    assert r.entries == () and r.first_month is None and r.last_month is None


def test_components_steering_and_participation() -> None:
    book = Book()
    book.add("as2", "component_finanzierung", {"status": "In Arbeit", "note": "Kämmerei"}, by=BEN)
    book.add("as2", "component_leitbild", {"status": "Erledigt"}, by=ANNA)
    book.add("as2", "steering", "Kernteam steuert", by=ANNA)
    book.add("as2", "participation", "Bürgerwerkstatt im Herbst", by=GONE)
    r = process_plan(TEAM, book.answers, MEMBERS, TODAY)
    status = {c.key: (c.status, c.note) for c in r.components}
    assert status["leitbild"] == ("Erledigt", None)
    assert status["finanzierung"] == ("In Arbeit", "Kämmerei")
    assert status["monitoring"] == (None, None)
    assert r.assessed == 2
    assert r.steering == "Kernteam steuert"
    assert r.participation == "Bürgerwerkstatt im Herbst"
    assert r.contributors == ("Anna", "Ben")


def test_plan_sorted_with_months_span_and_phase() -> None:
    book = Book()

    def entry(title: str, lane: str, start: str, end: str | None = None, **more: str) -> None:
        value = {"title": title, "lane": lane, "start": start, **more}
        if end is not None:
            value["end"] = end
        book.add("as2", "plan", value, by=ANNA)

    entry("Bürgerwerkstatt", "Beteiligung", "2026-09")
    entry("Analyse", "Arbeitsschritt", "2026-Q1", "2026-Q2", responsible="Kernteam")
    entry("Ratsbeschluss", "Gremium/Entscheidung", "2027-03", "2027-03")
    entry("Kommunalwahl", "Externer Termin", "2026")
    entry("Auftakt", "Meilenstein/Produkt", "2026-04")
    entry("Verdreht", "Arbeitsschritt", "2026-08", "2026-06")

    r = process_plan(TEAM, book.answers, MEMBERS, TODAY)
    by_title = {e.title: e for e in r.entries}
    analyse = by_title["Analyse"]
    assert (analyse.start, analyse.end) == ("2026-Q1", "2026-Q2")
    assert (analyse.first_month, analyse.last_month) == ("2026-01", "2026-06")
    assert analyse.responsible == "Kernteam" and analyse.author == "Anna"
    assert analyse.lane == "Arbeitsschritt" and analyse.phase == "läuft"
    werkstatt = by_title["Bürgerwerkstatt"]
    assert werkstatt.end == "2026-09"  # missing end: the start
    assert (werkstatt.first_month, werkstatt.last_month) == ("2026-09", "2026-09")
    assert werkstatt.single and werkstatt.phase == "geplant" and werkstatt.responsible is None
    wahl = by_title["Kommunalwahl"]
    assert (wahl.first_month, wahl.last_month) == ("2026-01", "2026-12")
    assert by_title["Auftakt"].phase == "vorbei"
    assert (by_title["Verdreht"].first_month, by_title["Verdreht"].last_month) == (
        "2026-06",
        "2026-08",
    )
    assert [e.title for e in r.entries] == [
        "Analyse",  # 2026-01 … 2026-06
        "Kommunalwahl",  # 2026-01 … 2026-12
        "Auftakt",
        "Verdreht",
        "Bürgerwerkstatt",
        "Ratsbeschluss",
    ]
    assert (r.first_month, r.last_month) == ("2026-01", "2027-03")
    assert r.lanes == (
        "Arbeitsschritt",
        "Gremium/Entscheidung",
        "Beteiligung",
        "Meilenstein/Produkt",
        "Externer Termin",
    )


def test_same_start_sorted_by_lane_then_title() -> None:
    book = Book()
    for title, lane in (("B", "Beteiligung"), ("A", "Beteiligung"), ("Z", "Arbeitsschritt")):
        book.add("as2", "plan", {"title": title, "lane": lane, "start": "2026-03"}, by=BEN)
    r = process_plan(TEAM, book.answers, MEMBERS, TODAY)
    assert [e.title for e in r.entries] == ["Z", "A", "B"]


def test_today_comes_from_the_parameter() -> None:
    book = Book()
    book.add("as2", "plan", {"title": "X", "lane": "Beteiligung", "start": "2026-09"}, by=BEN)
    assert process_plan(TEAM, book.answers, MEMBERS, date(2026, 9, 1)).entries[0].phase == "läuft"
    assert process_plan(TEAM, book.answers, MEMBERS, date(2027, 1, 1)).entries[0].phase == "vorbei"
