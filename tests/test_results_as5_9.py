"""AS5–AS9 results from answers built in memory: ideas and dots, risks, ranking, implementation,
evaluation – and the bundle of all results.

``workshop_book`` (a realistic team that has worked through AS4–AS9) is shared with
``test_outputs``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.charts.dotvote import DotVoteData, VotedIdea, balanced_scores
from dialogs.practice import EXAMPLES, examples_for, fields_match
from dialogs.records import Answer, Member, Role
from dialogs.results import (
    all_results,
    balanced_shares,
    evaluation,
    implementation,
    parse_milestones,
    project_ideas,
    project_selection,
    risk_assessment,
)
from dialogs.results.as6 import zone_of
from dialogs.results.as7 import weighted_score
from dialogs.steps.as7 import CRITERIA, GREEN, LIGHTS
from tests.test_results_as1 import ANNA, BEN, CARLA, GONE, T0, TEAM, Book, member

TODAY = date(2026, 5, 14)
DIRK = member(5, "Dirk", group="Wirtschaft", role=Role.PARTICIPANT)
EMMA = member(6, "Emma", group="Zivilgesellschaft", role=Role.PARTICIPANT)
FRIEDA = member(7, "Frieda", group="Verwaltung", role=Role.PARTICIPANT)
PEOPLE = [ANNA, BEN, CARLA, GONE, DIRK, EMMA, FRIEDA]
YELLOW, RED = LIGHTS[1], LIGHTS[2]


def at(book: Book, when: datetime, **fields: Any) -> Answer:
    """Add an answer with its own time (monitoring reports are told apart by it)."""
    answer = book.add(**fields)
    book.answers[-1] = answer.model_copy(update={"created_at": when})
    return book.answers[-1]


def idea(book: Book, title: str, field: str, by: Member, **more: Any) -> Answer:
    return book.add("as5", "ideas", {"title": title, "field": field, **more}, by=by)


def sketch(book: Book, title: str, by: Member = ANNA, **more: Any) -> Answer:
    return book.add("as5", "sketches", {"idea": title, **more}, by=by)


def risk(book: Book, title: str, category: str, project: str, ratings: list[tuple]) -> Answer:
    """A risk rated by several members: ``ratings`` = [(member, likelihood, impact), …]."""
    item = book.add(
        "as6", "risks", {"title": title, "category": category, "project": project}, by=BEN
    )
    for person, likelihood, impact in ratings:
        book.add("as6", "likelihood", likelihood, by=person, about=item)
        book.add("as6", "impact", impact, by=person, about=item)
    return item


def scores(book: Book, about: Answer, by: Member, **given: int) -> None:
    book.add("as7", "scores", given, by=by, about=about)


def workshop_book() -> Book:
    """Lindenau (Kleinstadt) from its fields of action to the first monitoring reports."""
    book = Book()
    for name in ("Mobilität", "Handel, Innenstadt und Tourismus", "Verwaltung und E-Government"):
        book.add("as4", "fields", {"name": name}, by=ANNA)
    book.add("as1_akteure", "actors", {"name": "Stadtwerke Lindenau", "ring": "kern"}, by=BEN)

    # AS5: ideas, dots, shortlist, sketches
    idea(
        book,
        "Rufbus-App",
        "Mobilität",
        BEN,
        idea="Kleinbusse auf Abruf für die Ortsteile",
        goal="Ortsteile ohne Auto erreichbar",
        partners=["Stadtwerke Lindenau", "Verkehrsverbund"],
    )
    idea(book, "Leerstandsbörse", "Handel, Innenstadt und Tourismus", CARLA, idea="Freie Läden")
    idea(book, "Online-Termine", "Verwaltung und E-Government", FRIEDA, goal="Kürzere Wartezeit")
    idea(book, "Parkleitsystem", "Mobilität", DIRK)
    idea(book, "Dorf-App", "Teilhabe und Beteiligung", EMMA)
    idea(book, "Datenplattform", "Daten und IT-Infrastruktur", ANNA)
    votes = {
        ANNA: {"Online-Termine": 2, "Datenplattform": 1},
        FRIEDA: {"Online-Termine": 3},
        BEN: {"Rufbus-App": 2, "Datenplattform": 1},
        CARLA: {"Leerstandsbörse": 3},
        DIRK: {"Parkleitsystem": 2, "Leerstandsbörse": 1},
        EMMA: {"Dorf-App": 2, "Rufbus-App": 1},
        GONE: {"Rufbus-App": 1, "Gelöschte Idee": 2},
    }
    for person, given in votes.items():
        book.add("as5", "votes", given, by=person)
    book.add(
        "as5",
        "shortlist",
        ["Rufbus-App", "Leerstandsbörse", "Online-Termine", "Datenplattform"],
        by=ANNA,
    )
    rufbus_s = sketch(
        book,
        "Rufbus-App",
        objective="Ortsteile ohne eigenes Auto erreichbar machen",
        target_groups="Ältere, Jugendliche, Pendelnde",
        result="App und zwei Kleinbusse im Probebetrieb",
        lead="Stadtwerke Lindenau",
        participants=["Stadtwerke Lindenau", "Verkehrsverbund"],
        start="2026-Q3",
        end="2028-06",
        cost=180000,
        followup_cost=25000,
        funding=["Fördermittel", "Partner"],
        status="Final",
    )
    leer_s = sketch(
        book,
        "Leerstandsbörse",
        objective="Leerstand in der Altstadt senken",
        lead="Wirtschaftsförderung",
        cost=45000,
        status="In Arbeit",
    )
    termine_s = sketch(book, "Online-Termine", lead="Bürgeramt", cost=12000, status="Entwurf")
    daten_s = sketch(book, "Datenplattform", lead="IT", status="Entwurf")

    # AS6: risks of projects and the strategy
    risk(
        book,
        "Unerwartete Folgekosten",
        "Extern",
        "Rufbus-App",
        [(ANNA, 4, 4), (BEN, 5, 4), (CARLA, 3, 5)],
    )
    vendor = risk(
        book,
        "Abhängigkeit von einem Anbieter",
        "Extern",
        "Rufbus-App",
        [(ANNA, 2, 3), (BEN, 4, 3)],
    )
    risk(book, "Zu wenige Nutzende", "Technisch", "Leerstandsbörse", [(ANNA, 2, 2), (DIRK, 2, 2)])
    risk(book, "Datensilos zwischen Fachämtern", "Administrativ", "Strategieebene", [(ANNA, 3, 3)])
    risk(book, "Digitale Spaltung", "Gesellschaftlich-politisch", "Online-Termine", [])
    book.add("as6", "countermeasure", "Offene Standards im Vertrag", by=ANNA, about=vendor)
    book.add(
        "as6",
        "details",
        {"reach": "Alle Fahrgäste", "duration": "Langfristig", "level": "Lokal"},
        by=ANNA,
        about=vendor,
    )
    book.add("as6", "emergency_plan", "Kernteam tagt binnen einer Woche", by=ANNA)

    # AS7: weights, scores, matrix, roadmap
    book.add("as7", "weights", {key: 0 for key in CRITERIA} | {"vision": 3, "data": 1}, by=ANNA)
    scores(book, rufbus_s, ANNA, vision=5, data=2)  # (15 + 2) / 4 = 4.25
    scores(book, rufbus_s, BEN, vision=4, data=4, staff=1)  # (12 + 4) / 4 = 4.0
    scores(book, leer_s, ANNA, vision=3, data=3)  # 3.0
    scores(book, termine_s, FRIEDA, vision=4)  # 4.0
    scores(book, termine_s, CARLA, staff=5)  # only an unweighted criterion: does not count
    matrix = [
        (rufbus_s, "Infrastrukturanbieterin", "Mittelfristig", GREEN),
        (leer_s, "Netzwerkerin", "Kurzfristig", GREEN),
        (termine_s, "Dienstleisterin", "Kurzfristig", YELLOW),
        (daten_s, "Infrastrukturanbieterin", "Langfristig", RED),
    ]
    for about, role, horizon, light in matrix:
        value = {"role": role, "horizon": horizon, "light": light}
        book.add("as7", "matrix", value, by=ANNA, about=about)
    book.add(
        "as7",
        "roadmap",
        {
            "start": "2026-Q3",
            "end": "2028-06",
            "milestones": "03/2027 Prototyp; Q1 2028 Regelbetrieb; irgendwann Fest",
            "depends_on": ["Leerstandsbörse", "Datenplattform"],
            "partners": "Verkehrsverbund",
        },
        by=ANNA,
        about=rufbus_s,
    )
    book.add("as7", "roadmap", {"start": "2026-09", "end": "2027"}, by=ANNA, about=leer_s)
    # A roadmap left over from when the project was green: not on the roadmap any more.
    book.add("as7", "roadmap", {"start": "2027"}, by=ANNA, about=daten_s)
    book.add("as7", "open_source", "Consul für Beteiligung", by=ANNA)

    # AS8 for the green projects
    book.add(
        "as8",
        "management",
        {"time_plan": "Konzept bis 12/2026", "finance_plan": "80 % Förderung"},
        by=ANNA,
        about=rufbus_s,
    )
    book.add(
        "as8",
        "way_of_working",
        {"agile": "Ja", "prototype": True, "expectation": "Prototyp mit Nacharbeit"},
        by=ANNA,
        about=rufbus_s,
    )
    book.add(
        "as8",
        "data_plan",
        {"formats": "GTFS", "cost": 1200, "personal_data": True},
        by=ANNA,
        about=rufbus_s,
    )
    book.add("as8", "operating_costs", 25000, by=ANNA, about=rufbus_s)
    book.add("as8", "tools", ["Nextcloud (Austausch)"], by=ANNA, about=rufbus_s)
    book.add("as8", "tools", [], by=ANNA, about=leer_s)

    # AS9: frame, impact model, indicators, measurements, monitoring
    book.add("as9", "purpose", ["Bericht an den Rat", "Zielerreichung"], by=ANNA)
    book.add("as9", "object", "Projekt", by=ANNA)
    book.add(
        "as9",
        "impact_model",
        {
            "input": "Zwei Busse, 180.000 € (Ausgaben, Personentage)",
            "output": "Rufbus für drei Ortsteile (Fahrten pro Monat)",
            "outcome": "Weniger Autofahrten (Indikator: Anteil Fahrgäste ohne Auto; 12,5 %)",
            "impact": "Bessere Teilhabe",
            "dimensions": ["Soziale Nachhaltigkeit"],
        },
        by=ANNA,
        about=rufbus_s,
    )
    book.add(
        "as9",
        "indicators",
        {
            "name": "Fahrten pro Monat",
            "project": "Rufbus-App",
            "unit": "Anzahl",
            "baseline": 0,
            "baseline_date": "2026-Q3",
            "target": 1500,
            "target_date": "2028",
        },
        by=BEN,
    )
    book.add(
        "as9",
        "indicators",
        {"name": "Leerstandsquote", "unit": "%", "baseline": 14, "target": 8},
        by=CARLA,
    )
    book.add(
        "as9", "measurements", {"indicator": "fahrten pro  monat", "date": "2027-06", "value": 600}
    )
    book.add(
        "as9",
        "measurements",
        {"indicator": "Fahrten pro Monat", "date": "2027-03-01", "value": 250},
        by=BEN,
    )
    book.add("as9", "measurements", {"indicator": "Wartezeit", "date": "2027-01", "value": 9})
    at(book, T0, step="as9", prompt="status", value="Nicht im Plan", by=BEN, about=rufbus_s)
    at(
        book,
        T0 + timedelta(days=30),
        step="as9",
        prompt="status",
        value="Teilweise im Plan",
        by=ANNA,
        about=rufbus_s,
    )
    return book


# --------------------------------------------------------------------------- AS5


def test_dots_are_aggregated_per_idea_and_stakeholder_group() -> None:
    r = project_ideas(TEAM, workshop_book().answers, PEOPLE)
    ideas = {i.title: i for i in r.ideas}
    assert ideas["Online-Termine"].dots == 5
    assert [(g.group, g.dots) for g in ideas["Online-Termine"].by_group] == [("Verwaltung", 5)]
    # The deleted member's dots still count for their group, but they are not named.
    assert [(g.group, g.dots) for g in ideas["Rufbus-App"].by_group] == [
        ("Verwaltung", 1),
        ("Zivilgesellschaft", 1),
        ("Kommunale Unternehmen", 2),
    ]
    assert r.groups == (
        "Verwaltung",
        "Politik",
        "Wirtschaft",
        "Zivilgesellschaft",
        "Kommunale Unternehmen",
    )
    assert {g.group: g.dots for g in r.group_totals}["Verwaltung"] == 7
    assert r.total_dots == 19 and r.unmatched_dots == 2
    assert r.voter_count == 7 and "Dora" not in r.voters and "Gelöschte Person" not in r.voters
    assert r.dominant_group is None
    assert [i.title for i in r.by_votes][:2] == ["Online-Termine", "Rufbus-App"]
    assert ideas["Online-Termine"].rank == 1 and ideas["Rufbus-App"].rank == 2
    assert ideas["Rufbus-App"].author == "Ben"
    assert ideas["Rufbus-App"].author_group == "Kommunale Unternehmen"
    assert ideas["Rufbus-App"].partners == ("Stadtwerke Lindenau", "Verkehrsverbund")


def test_balanced_view_gives_every_group_the_same_weight_like_the_chart() -> None:
    r = project_ideas(TEAM, workshop_book().answers, PEOPLE)
    chart = DotVoteData(
        groups=list(r.groups),
        ideas=[
            VotedIdea(title=i.title, votes={g.group: g.dots for g in i.by_group}) for i in r.ideas
        ],
    )
    expected = balanced_scores(chart)
    for i in r.ideas:
        assert i.balanced == pytest.approx(expected[i.title])
    assert sum(i.balanced for i in r.ideas) == pytest.approx(1)
    # Verwaltung gave 7 of 19 dots, all on two ideas; balanced, Online-Termine drops below
    # Leerstandsbörse (Politik's 3 dots are a full share of their group).
    ideas = {i.title: i for i in r.ideas}
    assert ideas["Leerstandsbörse"].balanced_rank < ideas["Online-Termine"].balanced_rank
    assert balanced_shares([{}, {}]) == [0.0, 0.0]
    assert balanced_shares([{"A": 3}, {"A": 1, "B": 1}]) == [0.375, 0.625]


def test_one_group_with_more_than_half_the_dots_dominates() -> None:
    book = Book()
    idea(book, "A", "Mobilität", ANNA)
    idea(book, "B", "Mobilität", ANNA)
    book.add("as5", "votes", {"A": 3}, by=ANNA)
    book.add("as5", "votes", {"A": 2}, by=FRIEDA)
    book.add("as5", "votes", {"B": 3}, by=CARLA)
    r = project_ideas(TEAM, book.answers, PEOPLE)
    assert r.dominant_group == "Verwaltung"  # 5 of 8 dots


def test_fields_shortlist_sketches_and_examples() -> None:
    r = project_ideas(TEAM, workshop_book().answers, PEOPLE)
    assert [(f.field, f.ideas) for f in r.fields] == [
        ("Mobilität", 2),
        ("Handel, Innenstadt und Tourismus", 1),
        ("Verwaltung und E-Government", 1),
        ("Teilhabe und Beteiligung", 1),
        ("Daten und IT-Infrastruktur", 1),
    ]
    assert r.shortlist is not None
    assert [(s.title, s.dots, s.sketched) for s in r.shortlist] == [
        ("Rufbus-App", 4, True),
        ("Leerstandsbörse", 4, True),
        ("Online-Termine", 5, True),
        ("Datenplattform", 2, True),
    ]
    rufbus = r.sketches[0]
    assert rufbus.field == "Mobilität" and rufbus.from_idea
    assert rufbus.cost == 180000 and rufbus.funding == ("Fördermittel", "Partner")
    assert rufbus.role == "Infrastrukturanbieterin" and rufbus.author == "Anna"
    assert r.sketches[3].objective is None  # gaps stay None
    titles = [e.title for e in r.examples]
    # Field and town type first (handbook order), then a field only, then the town type only.
    assert titles[:4] == [
        "Digitale Dörfer",
        "5 für Südwestfalen",
        "Partheland mobil",
        "Grevesmühlen erleben",
    ]
    assert titles.index("Grevesmühlen erleben") < titles.index("HeinerLiner")
    assert "Bücherei der Dinge" in titles  # Kleinstadt only


def test_empty_team_has_explicit_gaps_in_as5() -> None:
    r = project_ideas(TEAM, [], [])
    assert r.ideas == () and r.total_dots == 0 and r.dominant_group is None
    assert r.shortlist is None and r.sketches == () and r.fields == ()
    # Without fields the town type alone still finds examples.
    assert all("Kleinstadt" in e.town_types for e in r.examples)


def test_practice_examples_are_facts_of_the_handbook() -> None:
    assert 10 <= len(EXAMPLES) <= 15
    assert len({(e.title, e.place) for e in EXAMPLES}) == len(EXAMPLES)
    town_types = {"Landgemeinde", "Kleinstadt", "Mittelstadt", "Großstadt", "Landkreis"}
    for e in EXAMPLES:
        assert e.fields and set(e.town_types) <= town_types and e.summary and e.target_group
    assert fields_match("Mobilität und Verkehr", "Mobilität")
    assert fields_match("Bürgerbeteiligung", "Teilhabe und Beteiligung")
    assert not fields_match("Energie", "Mobilität")
    found = examples_for("Landgemeinde", ["Bildung"])
    assert found[0].title == "Smarte Bildungsräume"
    assert examples_for(None, []) == ()


# --------------------------------------------------------------------------- AS6


def test_ratings_are_averaged_scored_zoned_and_disagreement_flagged() -> None:
    r = risk_assessment(TEAM, workshop_book().answers, PEOPLE)
    risks = {x.title: x for x in r.risks}
    costs = risks["Unerwartete Folgekosten"]
    assert costs.likelihood == 4 and costs.impact == pytest.approx(13 / 3)
    assert costs.score == pytest.approx(4 * 13 / 3) and costs.zone == "hoch"
    assert costs.disagreement and costs.raters == 3  # likelihood 3..5
    vendor = risks["Abhängigkeit von einem Anbieter"]
    assert vendor.score == 9 and vendor.zone == "mittel" and vendor.disagreement
    assert vendor.countermeasure == "Offene Standards im Vertrag"
    assert vendor.reach == "Alle Fahrgäste" and vendor.level == "Lokal"
    low = risks["Zu wenige Nutzende"]
    assert low.zone == "niedrig" and not low.disagreement
    unrated = risks["Digitale Spaltung"]
    assert unrated.score is None and unrated.zone is None and not unrated.rated
    # Sorted by score, unrated last.
    assert [x.title for x in r.risks] == [
        "Unerwartete Folgekosten",
        "Abhängigkeit von einem Anbieter",
        "Datensilos zwischen Fachämtern",
        "Zu wenige Nutzende",
        "Digitale Spaltung",
    ]
    assert [x.title for x in r.high] == ["Unerwartete Folgekosten"]
    assert r.emergency_plan == "Kernteam tagt binnen einer Woche" and r.abort_criteria is None


def test_zone_follows_the_rounded_cells_of_the_matrix() -> None:
    assert zone_of(2, 2) == "niedrig"
    assert zone_of(2.5, 2) == "mittel"  # cell 3 × 2 = 6
    assert zone_of(3.4, 4.4) == "mittel"  # cell 3 × 4 = 12, although 3.4 × 4.4 = 14.96
    assert zone_of(3.5, 4.5) == "hoch"  # cell 4 × 5 = 20
    assert zone_of(1.2, 4.4) == "niedrig"  # cell 1 × 4 = 4


# --------------------------------------------------------------------------- AS7


def test_weighted_ranking_with_risk_penalty() -> None:
    r = project_selection(TEAM, workshop_book().answers, PEOPLE, TODAY)
    projects = {p.title: p for p in r.projects}
    rufbus = projects["Rufbus-App"]
    assert rufbus.weighted == pytest.approx((4.25 + 4.0) / 2) and rufbus.raters == 2
    # Risks of the project: 4 × 13/3 and 3 × 3 → mean ≈ 13.17, penalty ≈ 0.53.
    assert rufbus.risk_score == pytest.approx((52 / 3 + 9) / 2) and rufbus.risk_count == 2
    assert rufbus.penalty == pytest.approx(rufbus.risk_score / 25)
    assert rufbus.score == pytest.approx(rufbus.weighted - rufbus.penalty)
    termine = projects["Online-Termine"]
    assert termine.weighted == 4.0 and termine.raters == 1  # Carla scored only weight-0 criteria
    assert termine.penalty == 0  # its only risk is not rated
    leer = projects["Leerstandsbörse"]
    assert leer.score == pytest.approx(3.0 - 4 / 25)
    assert projects["Datenplattform"].score is None and projects["Datenplattform"].rank is None
    assert [p.title for p in r.projects] == [
        "Online-Termine",
        "Rufbus-App",
        "Leerstandsbörse",
        "Datenplattform",
    ]
    assert [p.rank for p in r.projects] == [1, 2, 3, None]
    assert [w.key for w in r.used_weights] == ["vision", "data"]
    assert {c.key: c.mean for c in rufbus.criteria}["vision"] == 4.5
    assert weighted_score({}, [{"vision": 5}]) is None  # no weights, no invented ranking


def test_matrix_and_green_filter() -> None:
    r = project_selection(TEAM, workshop_book().answers, PEOPLE, TODAY)
    assert [p.title for p in r.green] == ["Rufbus-App", "Leerstandsbörse"]
    rufbus = r.green[0]
    assert rufbus.light_key == "gruen" and rufbus.horizon_key == "mittel"
    assert rufbus.costs == "180.000 € + 25.000 €/Jahr"
    assert rufbus.participants == ("Stadtwerke Lindenau", "Verkehrsverbund")
    assert rufbus.description == "Kleinbusse auf Abruf für die Ortsteile"  # from the idea card
    daten = next(p for p in r.projects if p.title == "Datenplattform")
    assert daten.light_key == "rot" and daten.roadmap is None  # red: left-over roadmap ignored
    assert r.open_source == "Consul für Beteiligung"


def test_roadmap_months_milestones_and_dependencies() -> None:
    r = project_selection(TEAM, workshop_book().answers, PEOPLE, TODAY)
    assert r.today == "2026-05"
    assert [p.title for p in r.on_roadmap] == ["Rufbus-App", "Leerstandsbörse"]
    rufbus = r.on_roadmap[0].roadmap
    assert rufbus is not None
    assert (rufbus.first_month, rufbus.last_month) == ("2026-07", "2028-06")
    assert [(m.title, m.month) for m in rufbus.milestones] == [
        ("Prototyp", "2027-03"),
        ("Regelbetrieb", "2028-01"),
    ]
    assert rufbus.unreadable == ("irgendwann Fest",)
    assert rufbus.depends_on == ("Leerstandsbörse", "Datenplattform")
    leer = r.on_roadmap[1].roadmap
    assert leer is not None and (leer.first_month, leer.last_month) == ("2026-09", "2027-12")


@pytest.mark.parametrize(
    ("raw", "expected", "unreadable"),
    [
        ("06/2027 Prototyp; 01/2028 Start", [("Prototyp", "2027-06"), ("Start", "2028-01")], []),
        ("Prototyp 06/2027, Start Q2 2028", [("Prototyp", "2027-06"), ("Start", "2028-04")], []),
        (
            "Start im März 2027\nAbnahme: 15.06.2027",
            [("Start", "2027-03"), ("Abnahme", "2027-06")],
            [],
        ),
        ("2027", [("Meilenstein", "2027-01")], []),
        ("13/2027 Quatsch;;  ; bald", [], ["13/2027 Quatsch", "bald"]),
        ("", [], []),
    ],
)
def test_milestones_are_parsed_tolerantly(
    raw: str, expected: list[tuple[str, str]], unreadable: list[str]
) -> None:
    found, rest = parse_milestones(raw)
    assert [(m.title, m.month) for m in found] == expected
    assert list(rest) == unreadable


# --------------------------------------------------------------------------- AS8


def test_implementation_covers_green_projects_with_a_derived_checklist() -> None:
    r = implementation(TEAM, workshop_book().answers, PEOPLE)
    assert [p.title for p in r.projects] == ["Rufbus-App", "Leerstandsbörse"]
    rufbus, leer = r.projects
    assert rufbus.time_plan == "Konzept bis 12/2026" and rufbus.work_plan is None
    assert rufbus.prototype is True and rufbus.personal_data is True
    assert rufbus.data_cost == 1200 and rufbus.operating_costs == 25000
    assert rufbus.tools == ("Nextcloud (Austausch)",) and rufbus.has_data_plan
    checklist = {item.label: item for item in rufbus.checklist}
    assert checklist["Projektskizze final (AS5)"].done
    assert checklist["Zeitraum auf der Roadmap (AS7)"].done
    assert checklist["Risiken bewertet (AS6)"].done
    assert checklist["Zeitplan"].done and not checklist["Arbeitsplan"].done
    assert checklist["Personenbezug der Daten geklärt"].note is not None
    assert rufbus.done == 12 and len(rufbus.open_items) == 5
    assert leer.tools == () and not leer.has_data_plan  # "none chosen" is an answer
    assert {i.label for i in leer.checklist if i.done} == {
        "Zeitraum auf der Roadmap (AS7)",
        "Risiken bewertet (AS6)",
        "Digitale Werkzeuge gewählt",
    }


# --------------------------------------------------------------------------- AS9


def test_evaluation_impact_indicators_and_latest_monitoring_status() -> None:
    r = evaluation(TEAM, workshop_book().answers, PEOPLE)
    assert r.purpose == ("Bericht an den Rat", "Zielerreichung") and r.timing is None
    assert r.object == "Projekt" and r.evaluator is None
    rufbus, leer = r.projects
    assert rufbus.impact is not None and leer.impact is None
    stage = rufbus.impact.stage("input")
    assert stage.statement == "Zwei Busse, 180.000 €"
    assert stage.indicators == ("Ausgaben", "Personentage")
    assert rufbus.impact.stage("outcome").indicators == ("Anteil Fahrgäste ohne Auto", "12,5 %")
    assert rufbus.impact.stage("impact").indicators == ()
    # The latest report of any member counts, with its date and reporter.
    assert rufbus.latest is not None and rufbus.latest.status == "Teilweise im Plan"
    assert rufbus.latest.reporter == "Anna" and rufbus.latest.date == "2026-02-04"
    assert rufbus.status_key == "teilweise" and len(rufbus.reports) == 2
    assert leer.latest is None and leer.status_key is None
    trips = r.indicators[0]
    assert [(m.date, m.value) for m in trips.measurements] == [
        ("2027-03-01", 250),
        ("2027-06", 600),
    ]
    assert trips.progress == pytest.approx(600 / 1500)
    assert trips.baseline_month == "2026-07" and trips.target_month == "2028-12"
    assert r.indicators[1].measurements == () and r.indicators[1].progress is None
    assert [(u.indicator, u.value) for u in r.unmatched] == [("Wartezeit", 9)]


def test_status_is_the_newest_report_of_any_member() -> None:
    book = workshop_book()
    rufbus = next(a for a in book.answers if a.prompt == "sketches")
    later = datetime(2026, 4, 1, tzinfo=UTC)
    at(book, later, step="as9", prompt="status", value="Erreicht", by=CARLA, about=rufbus)
    r = evaluation(TEAM, book.answers, PEOPLE)
    assert r.projects[0].status_key == "erreicht" and r.projects[0].latest.reporter == "Carla"


# --------------------------------------------------------------------------- all results


def test_all_results_bundle_every_work_step() -> None:
    r = all_results(TEAM, workshop_book().answers, PEOPLE, TODAY)
    assert r.municipality == "Lindenau" and r.today == "2026-05"
    assert r.fields.fields[0].name == "Mobilität"
    assert r.ideas.total_dots == 19 and len(r.risks.risks) == 5
    assert [p.title for p in r.selection.green] == [p.title for p in r.implementation.projects]
    assert [p.title for p in r.evaluation.projects] == ["Rufbus-App", "Leerstandsbörse"]
    empty = all_results(TEAM, [], [], TODAY)
    assert empty.ideas.ideas == () and empty.selection.projects == ()
    assert empty.implementation.projects == () and empty.evaluation.indicators == ()


def test_roadmap_warns_of_backward_dependencies_and_milestones_outside_the_project() -> None:
    book = workshop_book()
    leer = next(a for a in book.answers if a.prompt == "sketches" and "Leerstand" in str(a.value))
    book.add(
        "as7",
        "roadmap",
        {"start": "2026-09", "end": "2027", "milestones": "01/2026 Vorgespräche; 2029 Bericht"},
        by=ANNA,
        about=leer,
    )
    r = project_selection(TEAM, book.answers, PEOPLE, TODAY)
    rufbus, leer_key = (p.key for p in r.on_roadmap)
    assert [(w.project, w.milestone, w.prerequisite, w.text) for w in r.roadmap_warnings] == [
        (
            rufbus,
            None,
            leer_key,
            "„Rufbus-App“ baut auf „Leerstandsbörse“ auf, beginnt aber (Juli 2026), bevor "
            "„Leerstandsbörse“ endet (Dezember 2027).",
        ),
        (
            leer_key,
            0,
            None,
            "„Leerstandsbörse“: Der Meilenstein „Vorgespräche“ (Januar 2026) liegt vor dem "
            "Projektstart (September 2026).",
        ),
        (
            leer_key,
            1,
            None,
            "„Leerstandsbörse“: Der Meilenstein „Bericht“ (2029) liegt nach dem Projektende "
            "(Dezember 2027).",
        ),
    ]
