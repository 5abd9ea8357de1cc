"""What a work step hands out: chat summary, charts and Markdown file, for AS1–AS9."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.charts.registry import CHARTS, render_chart
from bot.present.outputs import STEP_OUTPUTS
from dialogs.options import member_label
from dialogs.records import Member, Role
from dialogs.replies import Document, Message, Picture, Reply, clip
from dialogs.steps import STEPS, fragebogen
from tests.test_results_as1 import ANNA, BEN, CARLA, GONE, MEMBERS, TEAM, Book, member
from tests.test_results_as5_9 import PEOPLE, risk, workshop_book

TODAY = date(2026, 5, 14)
EVIL = "<b>fett</b> *stern*"  # user text that must not become markup anywhere
CHART_FILES = {
    "as1": [
        ("fragebogen", "fragebogen.png"),
        ("swot", "swot.png"),
        ("akteursringe", "akteursringe.png"),
    ],
    "as2": [("prozessplan", "prozessplan.png")],
    "as3": [("zielmapping", "zielmapping.png")],
    "as4": [],
    "as5": [("punktabstimmung", "punktabstimmung.png")],
    "as6": [("risikomatrix", "risikomatrix.png")],
    "as7": [("projektmatrix", "projektmatrix.png"), ("roadmap", "roadmap.png")],
    "as8": [],
    "as9": [
        ("wirkungsmodell", "wirkungsmodell.png"),
        ("indikatoren", "indikatoren.png"),
        ("monitoring", "monitoring.png"),
    ],
}
STEPS_1_4 = ["as1", "as2", "as3", "as4"]
STEPS_5_9 = ["as5", "as6", "as7", "as8", "as9"]


def labels(*people: Member) -> list[str]:
    """Recipient labels as the questionnaire set-up stores them."""
    return [member_label(m.display_name, m.stakeholder_group) for m in people]


def outputs(step: str, book: Book, members: list[Member] = MEMBERS) -> list[Reply]:
    if step == "as2":
        return STEP_OUTPUTS["as2"](TEAM, book.answers, members, today=TODAY)
    if step == "as7":
        return STEP_OUTPUTS["as7"](TEAM, book.answers, members, today=TODAY)
    return STEP_OUTPUTS[step](TEAM, book.answers, members, TODAY)


def parts(replies: list[Reply]) -> tuple[Message, list[Picture], Document]:
    first, *pictures, last = replies
    assert isinstance(first, Message) and isinstance(last, Document)
    assert all(isinstance(p, Picture) for p in pictures)
    return first, pictures, last  # type: ignore[return-value]


def _actor(book: Book, name: str, group: str, ring: str, by: Member = BEN) -> None:
    book.add("as1_akteure", "actors", {"name": name, "group": group, "ring": ring}, by=by)


def team_book() -> Book:
    """A small team that has worked through AS1–AS4, with some hostile text."""
    book = Book()
    # AS1
    isek = book.add(
        "as1_konzepte",
        "concepts",
        {
            "title": "ISEK Innenstadt 2030",
            "kind": "Leitbild",
            "year": 2021,
            "goals": f"Innenstadt beleben {EVIL}",
        },
        by=ANNA,
    )
    book.add(
        "as1_konzepte", "digital_needs", "Online-Beteiligung\nzur Planung", by=BEN, about=isek
    )
    book.add(fragebogen.SETUP_ID, "fragen_allgemein", ["Digitalstrategie vorhanden?"], by=ANNA)
    book.add(fragebogen.SETUP_ID, "fragen_daten", ["Speicherort der Daten"], by=ANNA)
    book.add(fragebogen.SETUP_ID, "recipients", labels(BEN, CARLA), by=ANNA)
    book.add("as1_fragebogen", "allgemein_strategie", "In Arbeit", by=BEN)
    book.add("as1_fragebogen", "daten_ablage", f"Laufwerk im Rathaus {EVIL}", by=CARLA)
    book.add(
        "as1_daten", "existing", {"name": "Verkehrszählungen", "frequency": "Jährlich"}, by=BEN
    )
    book.add("as1_daten", "needs", "Hitzeinseln", by=CARLA)
    book.add("as1_swot", "strengths", f"Engagierte Vereine {EVIL}", by=BEN)
    book.add("as1_swot", "threats", "Anbieterabhängigkeit", by=GONE)
    book.add("as1_akteure", "groups", ["Verwaltung", "Politik"], by=ANNA)
    _actor(book, "Stadtwerke Lindenau", "Kommunale Unternehmen", "Schlüsselakteure")
    _actor(book, "Bürgermeisterin", "Politik", "Schlüsselakteure")
    _actor(book, f"Bauamt {EVIL}", "Verwaltung", "Erweitertes Feld")
    # AS2
    book.add("as2", "component_finanzierung", {"status": "In Arbeit", "note": EVIL}, by=ANNA)
    book.add("as2", "steering", "Kernteam steuert, Rat entscheidet", by=ANNA)
    book.add(
        "as2",
        "plan",
        {
            "title": "Bürgerwerkstatt",
            "lane": "Beteiligung",
            "start": "2026-09",
            "responsible": "Kernteam",
        },
        by=ANNA,
    )
    book.add(
        "as2",
        "plan",
        {
            "title": f"Analyse {EVIL}",
            "lane": "Arbeitsschritt",
            "start": "2026-Q1",
            "end": "2026-Q2",
        },
        by=BEN,
    )
    # AS3
    book.add("as3", "vision_statement", "Lindenau ist 2035 eine digitale Kleinstadt.", by=ANNA)
    goal = book.add("as3", "goals", f"Online-Termine {EVIL}", by=BEN)
    book.add("as3", "goal_field", "Verwaltung und E-Government", by=ANNA, about=goal)
    # AS4
    book.add("as4", "model", "Aus dem Stadtentwicklungskonzept abgeleitet", by=ANNA)
    mobil = book.add(
        "as4",
        "fields",
        {"name": "Mobilität", "description": EVIL, "role": "Netzwerkerin"},
        by=ANNA,
    )
    book.add("as4", "experts", ["Stadtwerke Lindenau", "Verkehrsverbund"], by=ANNA, about=mobil)
    return book


KEY_CONTENT = {
    "as1": [
        "ISEK Innenstadt 2030",
        "Online-Beteiligung zur Planung",
        "Ben: 1/2",
        "Carla: 1/2",
        "Verkehrszählungen",
        "Hitzeinseln",
        "Engagierte Vereine",
        "Anbieterabhängigkeit",
        "Stadtwerke Lindenau",
        "Bürgermeisterin",
        "Schlüsselakteure",
    ],
    "as2": [
        "Finanzierung",
        "In Arbeit",
        "Kernteam steuert",
        "Bürgerwerkstatt",
        "September 2026",
        "Q1 2026 – Q2 2026",
    ],
    "as3": ["digitale Kleinstadt", "Verwaltung und E-Government", "Online-Termine"],
    "as4": ["Modell 2", "Mobilität", "Netzwerkerin", "Stadtwerke Lindenau, Verkehrsverbund"],
}

ALLOWED_TAGS = re.compile(r"</?(b|i|code)>")


def check_chat(text: str) -> None:
    """Telegram's HTML subset only, every tag closed on its own line, every line < 4096."""
    for line in text.split("\n"):
        assert len(line) < 4096
        tags = re.findall(r"<[^>]*>", line)
        assert all(ALLOWED_TAGS.fullmatch(tag) for tag in tags), line
        for tag in ("b", "i", "code"):
            assert line.count(f"<{tag}>") == line.count(f"</{tag}>"), line


def test_every_work_step_has_outputs_and_every_declared_chart_is_registered() -> None:
    assert set(STEP_OUTPUTS) == {*STEPS_1_4, *STEPS_5_9}
    for step in STEPS.values():
        assert step.work_step in STEP_OUTPUTS
    for key, summary in STEP_OUTPUTS.items():
        assert all(chart in CHARTS for chart, _, _ in summary.charts), key


@pytest.mark.parametrize("step", STEPS_1_4)
def test_summary_shows_the_content_and_escapes_user_text(step: str) -> None:
    message, pictures, document = parts(outputs(step, team_book()))
    check_chat(message.text)
    for content in KEY_CONTENT[step]:
        assert content in message.text, content
    # HTML in chat: the user's tags arrive as text, the stars stay as they are.
    assert "&lt;b&gt;fett&lt;/b&gt; *stern*" in message.text
    assert "<b>fett</b>" not in message.text
    # Markdown in the file: tags and stars escaped.
    assert document.filename == f"zusammenfassung-{step}.md"
    assert r"\<b\>fett\</b\> \*stern\*" in document.text
    assert EVIL not in document.text
    assert [(p.chart, p.filename) for p in pictures] == CHART_FILES[step]


def test_markdown_files_attribute_and_tabulate() -> None:
    as1 = parts(outputs("as1", team_book()))[2].text
    assert "Laufwerk im Rathaus" in as1 and "*(Carla)*" in as1
    assert "| Ben |" in as1  # completion table
    assert "### Schlüsselakteure (2)" in as1 and "**Kommunale Unternehmen**" in as1
    assert "Anbieterabhängigkeit\n" in as1  # author deleted their data: no attribution
    as2 = parts(outputs("as2", team_book()))[2].text
    assert "| Beginn | Ende | Eintrag | Art | Verantwortlich | Stand |" in as2
    assert "| September 2026 | September 2026 | Bürgerwerkstatt | Beteiligung | Kernteam |" in as2
    assert (
        "| Organisation | Steuerung und Managementstruktur für die Umsetzung | *noch offen* |"
        in as2
    )
    as4 = parts(outputs("as4", team_book()))[2].text
    assert "| 1 | Mobilität | *noch offen* | Netzwerkerin | *noch offen* | 2 |" in as4
    assert "Stadtwerke Lindenau (aus dem Akteursmapping)" in as4


@pytest.mark.parametrize("step", ["as1", "as2", "as3"])
def test_chart_data_validates_and_renders(step: str) -> None:
    for picture in parts(outputs(step, team_book()))[1]:
        kind = CHARTS[picture.chart]
        kind.model.model_validate(picture.data)
        assert picture.filename == kind.filename
        images = render_chart(picture.chart, picture.data)
        assert images and all(image.png.startswith(b"\x89PNG") for image in images)


def test_chart_contents() -> None:
    pictures = {p.chart: p.data for p in parts(outputs("as1", team_book()))[1]}
    assert pictures["fragebogen"]["groups"] == ["Allgemeines", "Kommunale Daten"]
    assert [(p["name"], p["answered"], p["asked"]) for p in pictures["fragebogen"]["people"]] == [
        ("Ben", [1, 0], [1, 1]),
        ("Carla", [0, 1], [1, 1]),
    ]
    assert pictures["swot"]["threats"] == ["Anbieterabhängigkeit"]
    rings = pictures["akteursringe"]
    assert rings["groups"] == ["Verwaltung", "Politik", "Kommunale Unternehmen"]
    assert {(a["name"], a["ring"]) for a in rings["actors"]} == {
        ("Stadtwerke Lindenau", "kern"),
        ("Bürgermeisterin", "kern"),
        (f"Bauamt {EVIL}", "erweitert"),
    }
    plan = parts(outputs("as2", team_book()))[1][0].data
    assert plan["today"] == "2026-05"
    assert [(e["title"], e["start"], e["end"]) for e in plan["entries"]] == [
        (f"Analyse {EVIL}", "2026-01", "2026-06"),
        ("Bürgerwerkstatt", "2026-09", "2026-09"),
    ]


def test_as2_today_is_the_day_the_caller_passes() -> None:
    """The caller reads the one clock (the database's); outputs never read the wall clock."""
    plan = parts(STEP_OUTPUTS["as2"](TEAM, team_book().answers, MEMBERS, TODAY))[1][0].data
    assert plan["today"] == TODAY.strftime("%Y-%m")


@pytest.mark.parametrize("step", STEPS_1_4 + STEPS_5_9)
def test_empty_team_says_what_is_open_and_charts_show_placeholders(step: str) -> None:
    message, pictures, document = parts(outputs(step, Book(), members=[]))
    check_chat(message.text)
    assert "noch offen" in message.text.lower() or "noch keine" in message.text.lower()
    assert "noch offen" in document.text.lower() or "noch keine" in document.text.lower()
    for picture in pictures:
        images = render_chart(picture.chart, picture.data)
        assert len(images) == 1
        assert "noch keine" in images[0].alt_text.lower() or step == "as3"


def test_as1_empty_team_names_every_gap() -> None:
    message, _, document = parts(outputs("as1", Book(), members=[]))
    assert "Noch keine Konzepte erfasst." in message.text
    assert "Noch offen: Die Moderation hat noch keine Fragen ausgewählt." in message.text
    assert "Datenethik: noch offen" in message.text
    assert "Noch keine Akteurinnen und Akteure erfasst." in message.text
    assert "*Noch keine Konzepte erfasst.*" in document.text
    assert "*Noch keine Daten erfasst.*" in document.text


def large_book() -> tuple[Book, list[Member]]:
    """40 actors, 20 SWOT entries, 30 questionnaire answers, long texts everywhere."""
    book = Book()
    people = [member(10 + i, f"Person {i} mit einem längeren Namen") for i in range(6)]
    long = "Ein ausführlicher Beitrag mit vielen Worten & Zeichen <x> " * 4
    groups = ["Verwaltung", "Politik", "Wirtschaft", "Wissenschaft", "Zivilgesellschaft"]
    book.add("as1_akteure", "groups", groups, by=ANNA)
    rings = ["Schlüsselakteure", "Erweitertes Feld", "Peripherie"]
    for i in range(40):
        name = f"Institution Nummer {i} für die Smart City & mehr"
        _actor(book, name, groups[i % 5], rings[i % 3], by=people[i % 6])
    for i, prompt in enumerate(["strengths", "weaknesses", "opportunities", "threats"] * 5):
        book.add("as1_swot", prompt, f"{i}: {long}"[:200], by=people[i % 6])
    selection = {
        g.key: [q.label for q in fragebogen.questions_of(g.key)] for g in fragebogen.GROUPS
    }
    for group, chosen in selection.items():
        book.add(fragebogen.SETUP_ID, fragebogen.selection_key(group), chosen, by=ANNA)
    book.add(fragebogen.SETUP_ID, fragebogen.RECIPIENTS, labels(*people), by=ANNA)
    texts = [q for q in fragebogen.CATALOGUE if q.prompt.kind == "text"]
    for i in range(30):
        question = texts[i % len(texts)]
        book.add(
            fragebogen.ANSWER.id,
            fragebogen.answer_key(question),
            long * 5,
            by=people[i // len(texts)],
        )
    for i in range(8):
        book.add("as1_konzepte", "concepts", {"title": f"Konzept {i}", "goals": long}, by=ANNA)
        book.add("as1_daten", "needs", long, by=BEN)
    return book, people


def test_large_team_summary_still_renders_line_by_line() -> None:
    book, people = large_book()
    message, pictures, document = parts(outputs("as1", book, [ANNA, BEN, *people]))
    check_chat(message.text)
    assert message.text.count("Institution Nummer") == 40
    assert "Person 0 mit einem längeren Namen: 22/31" in message.text
    assert "Person 1 mit einem längeren Namen: 8/31" in message.text
    assert document.text.count("Institution Nummer") == 40
    assert document.text.count(r"Zeichen \<x\>") >= 30
    for picture in pictures:
        assert render_chart(picture.chart, picture.data)


def test_short_keeps_user_text_on_one_line() -> None:
    assert clip("a\nb  c") == "a b c"
    assert clip("x" * 10, 5) == "xxxx…"


# --------------------------------------------------------------------------- AS5–AS9

HANNA = member(8, "Hanna", group="Wissenschaft", role=Role.PARTICIPANT)
LATE_MEMBERS = [*PEOPLE, HANNA]


def late_book() -> Book:
    """The workshop of ``test_results_as5_9`` with hostile text in every step from AS5 on."""
    book = workshop_book()
    rufbus = next(a for a in book.answers if a.prompt == "sketches")
    book.add(
        "as5", "ideas", {"title": f"Idee {EVIL}", "field": "Mobilität", "idea": EVIL}, by=HANNA
    )
    book.add("as5", "votes", {f"Idee {EVIL}": 1}, by=HANNA)
    risk(book, f"Risiko {EVIL}", "Technisch", "Strategieebene", [(ANNA, 5, 5)])
    book.add("as6", "abort_criteria", EVIL, by=ANNA)
    book.add("as7", "open_source", f"Consul {EVIL}", by=ANNA)
    book.add("as8", "tools", ["Nextcloud (Austausch)", EVIL], by=ANNA, about=rufbus)
    book.add("as9", "indicators", {"name": f"Indikator {EVIL}", "unit": "%"}, by=ANNA)
    return book


KEY_CONTENT_5_9 = {
    "as5": [
        "1. <b>Online-Termine</b> – 5 Punkte",
        "Verwaltung 7",
        "Wissenschaft 1",
        "Ausgewogene Sicht",
        "Leerstandsbörse – ",
        "Rufbus-App (4 Punkte) – Skizze liegt vor",
        "Q3 2026 – Juni 2028 · 180.000 €",
        "Partheland mobil",
    ],
    "as6": [
        "<b>Unerwartete Folgekosten</b> – W 4 × A 4,3 = 17,3, hoch",
        "≠",
        "<b>Digitale Spaltung</b> – noch nicht bewertet",
        "<i>Extern · Rufbus-App</i>",
        "<b>Unerwartete Folgekosten</b>: noch offen",
        "Kernteam tagt binnen einer Woche",
    ],
    "as7": [
        "Beitrag zu Vision und Zielen 3 · Daten sind verfügbar 1",
        "<b>Rufbus-App</b> – Bewertung 3,6 (4,1 − Risiko 0,5)",
        "– 🔴 <b>Datenplattform</b> – noch nicht bewertet",
        "Q3 2026 – Juni 2028",
        "Meilensteine: Prototyp (März 2027), Regelbetrieb (Q1 2028)",
        "Ohne lesbares Datum: irgendwann Fest",
        "Baut auf: Leerstandsbörse, Datenplattform",
        "Consul",
    ],
    "as8": [
        "<b>Rufbus-App</b> – 12/17 erledigt",
        "Zeitplan: Konzept bis 12/2026",
        "Kosten: 1.200 €/Jahr",
        "Datenschutzbeauftragte",
        "Nextcloud (Austausch)",
        "Datenmanagementplan noch offen",
    ],
    "as9": [
        "Wozu: Bericht an den Rat, Zielerreichung",
        "Input: Zwei Busse, 180.000 € (Ausgaben, Personentage)",
        "Zuletzt: 600 Anzahl (Juni 2027), 40 % des Wegs zum Ziel",
        "◑ Teilweise im Plan – 04.02.2026, Anna",
        "<b>Leerstandsbörse</b>: ? noch kein Bericht",
        "Wartezeit 9 (Januar 2027)",
    ],
}


@pytest.mark.parametrize("step", STEPS_5_9)
def test_project_steps_show_content_escape_user_text_and_render(step: str) -> None:
    message, pictures, document = parts(outputs(step, late_book(), LATE_MEMBERS))
    check_chat(message.text)
    for content in KEY_CONTENT_5_9[step]:
        assert content in message.text, content
    assert "&lt;b&gt;fett&lt;/b&gt; *stern*" in message.text
    assert "<b>fett</b>" not in message.text
    assert document.filename == f"zusammenfassung-{step}.md"
    assert r"\<b\>fett\</b\> \*stern\*" in document.text
    assert EVIL not in document.text
    assert [(p.chart, p.filename) for p in pictures] == CHART_FILES[step]
    for picture in pictures:
        kind = CHARTS[picture.chart]
        kind.model.model_validate(picture.data)
        images = render_chart(picture.chart, picture.data)
        assert images and all(image.png.startswith(b"\x89PNG") for image in images)
        assert "noch keine einträge" not in images[0].alt_text.lower()


def test_as5_chart_and_document() -> None:
    _, pictures, document = parts(outputs("as5", workshop_book(), PEOPLE))
    data = pictures[0].data
    assert data["groups"] == [
        "Verwaltung",
        "Politik",
        "Wirtschaft",
        "Zivilgesellschaft",
        "Kommunale Unternehmen",
    ]
    votes = {i["title"]: i["votes"] for i in data["ideas"]}
    assert votes["Rufbus-App"] == {
        "Verwaltung": 1,
        "Zivilgesellschaft": 1,
        "Kommunale Unternehmen": 2,
    }
    assert votes["Online-Termine"] == {"Verwaltung": 5}
    for n, title in enumerate(["Rufbus-App", "Leerstandsbörse", "Online-Termine"], start=1):
        assert f"## Projektskizze {n}: {title}" in document.text
    assert "| Gesamtkosten | 180.000 € |" in document.text
    assert "| Wofür (Ziel) | *noch offen* |" in document.text  # gaps are said, never filled
    assert (
        "| 2 | Rufbus-App | Mobilität | 4 | 21,1 % | 22,9 % | Ben (Kommunale Unternehmen) |"
        in (document.text)
    )
    assert "Keine Gruppe hat mehr als die Hälfte der Punkte vergeben." in document.text
    assert "**Partheland mobil**" in document.text


def test_as6_chart_and_document() -> None:
    _, pictures, document = parts(outputs("as6", workshop_book(), PEOPLE))
    risks = {r["title"]: r for r in pictures[0].data["risks"]}
    assert set(risks) == {
        "Unerwartete Folgekosten (Rufbus-App)",
        "Abhängigkeit von einem Anbieter (Rufbus-App)",
        "Datensilos zwischen Fachämtern",
        "Zu wenige Nutzende (Leerstandsbörse)",
    }  # the unrated risk stays out of the matrix
    assert risks["Unerwartete Folgekosten (Rufbus-App)"]["disagreement"] is True
    assert risks["Zu wenige Nutzende (Leerstandsbörse)"]["likelihood"] == 2
    assert (
        "| 1 | Unerwartete Folgekosten ≠ | Extern | Rufbus-App | 4 | 4,3 | 17,3 | hoch | 3 |"
        in (document.text)
    )
    assert "- **Unerwartete Folgekosten** (Rufbus-App): *noch offen*" in document.text


def test_as7_charts_and_document() -> None:
    _, pictures, document = parts(outputs("as7", workshop_book(), PEOPLE))
    matrix, roadmap = (p.data for p in pictures)
    cards = {p["title"]: p for p in matrix["projects"]}
    assert (cards["Rufbus-App"]["light"], cards["Rufbus-App"]["horizon"]) == ("gruen", "mittel")
    assert cards["Rufbus-App"]["costs"] == "180.000 € + 25.000 €/Jahr"
    assert cards["Datenplattform"]["score"] is None and cards["Datenplattform"]["light"] == "rot"
    assert roadmap["today"] == "2026-05" and roadmap["start_year"] == 2026
    assert roadmap["fields"] == ["Mobilität", "Handel, Innenstadt und Tourismus"]
    bars = {p["title"]: p for p in roadmap["projects"]}
    assert set(bars) == {"Rufbus-App", "Leerstandsbörse"}
    rufbus = bars["Rufbus-App"]
    assert (rufbus["start"], rufbus["end"]) == ("2026-07", "2028-06")
    assert [m["month"] for m in rufbus["milestones"]] == ["2027-03", "2028-01"]
    # Only the dependency on a project that is on the roadmap is drawn.
    assert rufbus["depends_on"] == [bars["Leerstandsbörse"]["key"]]
    assert "| 2 | Rufbus-App | 4,12 | 2 | 13,17 (2) | 0,53 | 3,6 | Grün – umsetzen |" in (
        document.text
    )
    assert "geteilt durch 25" in document.text
    # The weighted rating is no „Punkte“ (those are the dots of the AS5 vote).
    message = parts(outputs("as7", workshop_book(), PEOPLE))[0]
    assert "Punkt" not in message.text and "Punkt" not in document.text
    assert "| Rang | Projekt | Gewichtetes Mittel |" in document.text


def test_as9_charts() -> None:
    pictures = {p.chart: p.data for p in parts(outputs("as9", workshop_book(), PEOPLE))[1]}
    chains = pictures["wirkungsmodell"]["measures"]
    assert [c["measure"] for c in chains] == ["Rufbus-App", "Leerstandsbörse"]
    assert chains[0]["input"] == "Zwei Busse, 180.000 €"
    assert chains[0]["indicators"]["input"] == ["Ausgaben", "Personentage"]
    assert chains[1]["input"] == "" and chains[1]["indicators"] == {}
    series = pictures["indikatoren"]["indicators"][0]
    assert (series["baseline_date"], series["target_date"]) == ("2026-07", "2028-12")
    assert [(m["date"], m["value"]) for m in series["measurements"]] == [
        ("2027-03-01", 250),
        ("2027-06", 600),
    ]
    monitored = pictures["monitoring"]["projects"]
    assert monitored[0] == {
        "title": "Rufbus-App",
        "field": "Mobilität",
        "status": "teilweise",
        "responsible": "Anna",
        "updated": "2026-02-04",
    }
    assert monitored[1]["status"] is None and monitored[1]["updated"] is None


def test_project_steps_without_green_projects_say_so() -> None:
    message, _, document = parts(outputs("as8", Book(), members=[]))
    assert "Noch keine Projekte mit grüner Ampel (AS7)" in message.text
    assert "*Noch keine Projekte mit grüner Ampel (AS7)" in document.text
    message = parts(outputs("as7", Book(), members=[]))[0]
    assert "noch offen – ohne Gewichte gibt es noch keine Rangfolge." in message.text
    message = parts(outputs("as5", Book(), members=[]))[0]
    assert "Noch keine Ideen gesammelt." in message.text
    assert "Noch keine Punkte vergeben." in message.text


def test_large_idea_and_risk_rounds_still_render_line_by_line() -> None:
    book = Book()
    groups = ["Verwaltung", "Politik", "Wirtschaft", "Wissenschaft", "Zivilgesellschaft"]
    people = [member(20 + i, f"Person {i}", group=groups[i % 5]) for i in range(15)]
    long = "Ein ausführlicher Beitrag mit vielen Worten & Zeichen <x> " * 5
    titles = [f"Idee Nummer {i} für eine lebendige Innenstadt & mehr" for i in range(30)]
    for i, title in enumerate(titles):
        value = {"title": title, "field": f"Feld {i % 6}", "idea": long, "goal": long}
        book.add("as5", "ideas", value, by=people[i % 15])
    for i, person in enumerate(people):
        book.add("as5", "votes", {titles[i]: 2, titles[(i * 7) % 30]: 1}, by=person)
    for i in range(25):
        item = risk(book, f"Risiko {i} {long[:60]}", "Technisch", "Strategieebene", [])
        for j, person in enumerate(people[:5]):
            book.add("as6", "likelihood", 1 + (i + j) % 5, by=person, about=item)
            book.add("as6", "impact", 1 + (i * j) % 5, by=person, about=item)
        book.add("as6", "countermeasure", long, by=ANNA, about=item)
    for step in ("as5", "as6"):
        message, pictures, document = parts(outputs(step, book, people))
        check_chat(message.text)
        assert document.text.count(r"Zeichen \<x\>") >= 25
        for picture in pictures:
            assert render_chart(picture.chart, picture.data)


def test_as5_summary_names_nobody_for_an_anonymous_idea() -> None:
    """An idea card from an anonymous live round: no name, no group, and its author is not
    listed as taking part – in the chat message for the core team and in the Markdown file."""
    zora = member(9, "Zora", group="Wissenschaft", role=Role.PARTICIPANT)
    book = workshop_book()
    book.add("as5", "ideas", {"title": "Repair-Café digital", "field": "Mobilität"}, by=zora,
             anonymous=True)  # fmt: skip
    message, _, document = parts(outputs("as5", book, [*PEOPLE, zora]))
    assert "Repair-Café digital" in message.text and "Repair-Café digital" in document.text
    for text in (message.text, document.text):
        assert "Zora" not in text and "Wissenschaft" not in text
    assert "Ben (Kommunale Unternehmen)" in document.text  # named ideas keep their author
    assert "| Repair-Café digital | Mobilität | 0 | 0 % | 0 % | – |" in document.text


def test_fertig_is_one_definition_in_result_chart_and_summary() -> None:
    """Ben went through to the end but skipped a question, Carla stopped halfway: Ben is
    „fertig“ with 1 of 2 answered (not „2/2“), Carla is not – alike in chat, file and chart."""
    book = Book()
    book.add(fragebogen.SETUP_ID, "fragen_allgemein", ["Digitalstrategie vorhanden?"], by=ANNA)
    book.add(fragebogen.SETUP_ID, "fragen_daten", ["Speicherort der Daten"], by=ANNA)
    book.add(fragebogen.SETUP_ID, "recipients", labels(BEN, CARLA), by=ANNA)
    book.add("as1_fragebogen", "allgemein_strategie", "In Arbeit", by=BEN)
    book.add("as1_fragebogen", "_finished", True, by=BEN)  # reached the end, skipped one
    book.add("as1_fragebogen", "daten_ablage", "Laufwerk", by=CARLA)  # stopped halfway
    message, pictures, document = parts(outputs("as1", book))
    assert "✅ Ben: 1/2 · fertig (1 übersprungen)" in message.text
    assert "◐ Carla: 1/2\n" in message.text
    assert "| Ben | 1/1 | 0/1 | 1/2 ✅ fertig |" in document.text
    assert "| Carla | 0/1 | 1/1 | 1/2 |" in document.text
    chart = next(p for p in pictures if p.chart == "fragebogen")
    assert [(p["name"], p["finished"]) for p in chart.data["people"]] == [
        ("Ben", True),
        ("Carla", False),
    ]
    alt = render_chart(chart.chart, chart.data)[0].alt_text
    assert "Ben: insgesamt 1 von 2 (50\u00a0%), fertig" in alt
    assert "1 von 2 Personen fertig" in alt


def test_as7_warns_of_a_roadmap_that_contradicts_itself() -> None:
    """Rufbus-App builds on the Leerstandsbörse but starts before it ends; a milestone of the
    Leerstandsbörse lies before its start: said in chat and file, and flagged for the chart."""
    book = workshop_book()
    leer = next(a for a in book.answers if a.prompt == "sketches" and "Leerstand" in str(a.value))
    book.add("as7", "roadmap", {"start": "2026-09", "end": "2027", "milestones": "01/2026 Start"},
             by=ANNA, about=leer)  # fmt: skip
    message, pictures, document = parts(outputs("as7", book, PEOPLE))
    backward = (
        "„Rufbus-App“ baut auf „Leerstandsbörse“ auf, beginnt aber (Juli 2026), bevor "
        "„Leerstandsbörse“ endet (Dezember 2027)."
    )
    early = (
        "„Leerstandsbörse“: Der Meilenstein „Start“ (Januar 2026) liegt vor dem Projektstart "
        "(September 2026)."
    )
    for warning in (backward, early):
        assert f"⚠️ {warning}" in message.text
        assert f"- ⚠️ {warning}" in document.text
    roadmap = next(p.data for p in pictures if p.chart == "roadmap")
    assert roadmap["warnings"] == [backward, early]
    bars = {p["title"]: p for p in roadmap["projects"]}
    assert bars["Rufbus-App"]["backward"] == [bars["Leerstandsbörse"]["key"]]
    assert [m["outside"] for m in bars["Leerstandsbörse"]["milestones"]] == [True]
    assert [m["outside"] for m in bars["Rufbus-App"]["milestones"]] == [False, False]


def test_summaries_count_one_thing_in_the_singular() -> None:
    """„1 Ziel in 1 Handlungsfeld“, „1 Idee zur Vision“ – never „1 Ziele“ or „1 Ideen“."""
    book = team_book()
    book.add("as3", "vision_ideas", "Ein Marktplatz für alle Generationen", by=BEN)
    message, _, document = parts(outputs("as3", book))
    assert "1 Ziel in 1 Handlungsfeld" in message.text
    assert "1 Idee zur Vision" in message.text
    assert "(1 Ziel in 1 Feld)" in document.text
